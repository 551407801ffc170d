/**
 * Run-time estimate of a spec (pure): a cost model from the bench figures of this machine, used
 * by `npasd list` and `npasd validate`. It is an estimate for a cold cache (corpus and features
 * not yet made); the runner's own logs hold the real times.
 *
 * Per unit (cell x method x seed):
 *   train   epochs x steps x step time; steps per epoch = stepsPerEpoch, or the natural epoch
 *           floor(vectors / K) with AE/VAE passing over D and O, PROP over D only;
 *           step time = overhead + (reference step - overhead) x (K x MACs) / (K x MACs of the
 *           reference network), so a tiny network costs about the per-step overhead
 *   refits  PROP: one per epoch (refitEvery 0) or every refitEvery steps; each is a forward pass
 *           of F over D (or refitSubset vectors) and a few warm-started EM iterations
 *   final   forward pass over D and EM from k-means++ (emMaxIter iterations, an upper bound)
 *   score   the test clips through the front end and F
 * The reference methods (not in the paper) have their own costs: logmel-gmm trains no network (EM
 * on the log-mel vectors of D, Q = nMels or nMels x context, and GMM scoring of the test
 * vectors); dcase-ae trains the recipe's network (batch 512, its own front end: hop 512, 5
 * frames) for min(epochs, 100) x steps on 90% of D, with a validation pass per epoch.
 * Per data key (seed): the corpus (data stage) and the log-mel of D and O (features stage).
 * Units run in `jobs` worker processes, PROP first as the runner orders them; the estimate
 * schedules them greedily, so it is never below the longest unit.
 */
import type { ModelName } from '../models/detector.ts';
import type { ModelSettings } from '../models/settings.ts';
import { planRun, type RunPlan } from './plan.ts';
import type { ExperimentSpec } from './schema.ts';

/**
 * The cost model's constants, measured on this machine (2 cores, wasm backend, one thread per
 * process) with `npm run bench` unless marked "assumed".
 */
export const COST = {
  /** The bench's network (METHOD.md section 3): Q = 64 x 21, F 3 x 512 -> D 32, batch K 100. */
  reference: { q: 1344, hidden: [512, 512, 512], featureDim: 32, batchSize: 100 },
  /** AE/VAE training, vectors/s: train_vae 1,204-1,289, train_ae 1,171-1,312. */
  aeVaeVectorsPerSec: 1250,
  /**
   * PROP training without refits, vectors/s: train_prop_samples_per_s_no_refit 550-609. With the
   * bench's refit (every 10 steps over 2,000 D vectors) this model gives ~530 (bench: 523-559).
   */
  propVectorsPerSec: 580,
  /** Per-step overhead, s: the smoke network (Q-32-4) measured 8.8-9.1 ms/step (AE/VAE), 14.6 (PROP). */
  aeVaeStepOverheadSec: 0.006,
  propStepOverheadSec: 0.012,
  /** F alone (inference, batches of 2,048) on the reference network: measured 11,700-12,200/s. */
  forwardVectorsPerSec: 12000,
  /** Per inference batch, s (assumed): keeps tiny networks from costing nothing. */
  forwardBatchOverheadSec: 0.002,
  /** EM, s per iteration per (vector x D x C): gmm_em_s_per_iter 0.062-0.074 s at 200,000 x 32 x 16. */
  emSecPerIterUnit: 0.068 / (200_000 * 32 * 16),
  /** EM iterations of a warm-started refit (tests: converges within 3). */
  refitEmIterations: 3,
  /** Data stage, s per hour of audio: the paper corpus (21.3 h) took 57.6 s. */
  dataSecPerAudioHour: 3,
  /** Data and features stages, s per data key: a cold smoke run (2 min of audio) took ~2.5 s. */
  dataFixedSec: 2,
  /** Front end, s per hour of audio: 3600 / frontend_rtf (~5,000) = 0.72 s, plus cache writes. */
  featuresSecPerAudioHour: 1,
  /**
   * Score stage besides F: reading the clips' sources, mixing and the front end, s per hour of
   * test audio, plus a fixed part per unit. Fitted to table1 quick (1 h of clips, 218k vectors:
   * 20-24 s, F ~18 s of it) and smoke (0.2 h, tiny F: 1.4 s).
   */
  testSecPerAudioHour: 3,
  scoreFixedSec: 0.5,
  /** Process start (tsx, TensorFlow.js import, backend init): ~2.8 s before a smoke run's first line. */
  startupSec: 3,
  /**
   * Per unit: loading D and O from the cache, saving the detector. A smoke run (3 units of ~0.2 s
   * training and ~0.6 s scoring) took 2.5 s in all (.tmp run logs), so ~0.5 s is left per unit.
   */
  unitOverheadSec: 0.5,
  /** Each of 2 VAE runs in 2 processes ran at 1/1.07 of one alone (aggregate x1.75-1.98). */
  parallelSlowdown: 1.07,
  /** Anomalies per SNR in the test set (the catalogue's 45). */
  anomalies: 45,
  /**
   * dcase-ae, s per training step of 512 vectors (640-128x4-8-128x4-640 with batch norm, Adam):
   * epochs of 150 steps took 13.5-44 s in a table1 quick run at load average 5-6 (the fastest
   * 13.5 s), 40-step epochs of a bench 3.7-4.6 s at load 3-5: about 0.09-0.1 s per step.
   */
  dcaseAeStepSec: 0.09,
  /** dcase-ae inference (frame errors), vectors/s: 9,375 vectors in 0.35 s at load 3-5. */
  dcaseAeForwardVectorsPerSec: 27000,
  /** dcase-ae's recipe: batch, epoch cap, validation share, front-end hop and context frames. */
  dcaseAe: { batchSize: 512, maxEpochs: 100, validationSplit: 0.1, hop: 512, context: 4 },
} as const;

export interface EstimateOptions {
  /** Worker processes (--jobs). */
  jobs: number;
  /** Cores of the machine: more jobs than cores run no faster. Default: jobs. */
  cores?: number;
}

export interface UnitEstimate {
  id: string;
  method: ModelName;
  /** Training steps in all. */
  steps: number;
  trainSec: number;
  refits: number;
  refitSec: number;
  finalFitSec: number;
  scoreSec: number;
  /** All of the above plus the per-unit overhead. */
  seconds: number;
}

export interface RunEstimate {
  startupSec: number;
  /** Data and features stages, summed over the data keys (they run one after another). */
  dataSec: number;
  featuresSec: number;
  units: UnitEstimate[];
  /** Sum of the unit times (one job). */
  unitsSec: number;
  longestUnitSec: number;
  /** Units run at once: min(jobs, cores, units). */
  parallel: number;
  /** Wall time: startup + data + features + the scheduled units. */
  seconds: number;
}

/** Multiply-adds per vector of F (with mean and log-variance heads) and its mirror G. */
export function networkMacs(q: number, hidden: readonly number[], featureDim: number) {
  let inner = 0;
  for (let i = 0; i + 1 < hidden.length; i++) inner += hidden[i] * hidden[i + 1];
  const last = hidden[hidden.length - 1];
  const encoder = q * hidden[0] + inner + 2 * last * featureDim;
  const decoder = featureDim * last + inner + hidden[0] * q;
  return { encoder, total: encoder + decoder };
}

const REF = networkMacs(COST.reference.q, COST.reference.hidden, COST.reference.featureDim);

/**
 * Context vectors of `sec` seconds of audio in `files` files (default: cut at fileSec), at the
 * spec's hop and context unless `frames` gives others (context = Pb + Pf frames lost per file).
 */
function vectors(
  spec: ExperimentSpec,
  sec: number,
  files?: number,
  frames: { hop: number; context: number } = {
    hop: spec.frontend.hop,
    context: spec.frontend.pb + spec.frontend.pf,
  },
): number {
  const { sampleRate, fileSec } = spec.data;
  const n = files ?? Math.ceil(sec / fileSec);
  return Math.max(0, Math.floor((sec * sampleRate) / frames.hop) - frames.context * n);
}

/** Seconds of one training step of `method`. */
function stepSec(method: ModelName, s: ModelSettings, q: number): number {
  const prop = method === 'prop';
  const overhead = prop ? COST.propStepOverheadSec : COST.aeVaeStepOverheadSec;
  const rate = prop ? COST.propVectorsPerSec : COST.aeVaeVectorsPerSec;
  const refStep = COST.reference.batchSize / rate;
  const work =
    (s.batchSize * networkMacs(q, s.hidden, s.featureDim).total) /
    (COST.reference.batchSize * REF.total);
  return overhead + (refStep - overhead) * work;
}

/** Seconds of F over n vectors (inference). */
function forwardSec(n: number, s: ModelSettings, q: number): number {
  const work = networkMacs(q, s.hidden, s.featureDim).encoder / REF.encoder;
  const batches = Math.ceil(n / s.inferenceBatch);
  return (n * work) / COST.forwardVectorsPerSec + batches * COST.forwardBatchOverheadSec;
}

/** EM (or, with 1 iteration, GMM scoring) of n vectors of `dim` (default D) dimensions. */
const emSec = (n: number, s: ModelSettings, iterations: number, dim = s.featureDim): number =>
  n * dim * s.components * iterations * COST.emSecPerIterUnit;

const hoursOf = (sec: number): number => sec / 3600;

/** Test-set audio of a spec, seconds: per SNR, the anomalous clips and as many normal ones. */
function testAudioSec(spec: ExperimentSpec): { sec: number; clips: number } {
  const { clipSec, snrsDb, normalClips } = spec.data.test;
  const clips = snrsDb.length * (COST.anomalies + (normalClips > 0 ? normalClips : COST.anomalies));
  return { sec: clips * clipSec, clips };
}

/** The test stage's cost besides the model: the clips' sources, mixing, front end; fixed part. */
const testSec = (spec: ExperimentSpec): number =>
  hoursOf(testAudioSec(spec).sec) * COST.testSecPerAudioHour + COST.scoreFixedSec;

/** logmel-gmm: EM on D's log-mel vectors (no network), GMM scoring of the test vectors. */
function logmelGmmUnit(spec: ExperimentSpec, id: string, s: ModelSettings): UnitEstimate {
  const { nMels, pb, pf } = spec.frontend;
  const context = s.logmelContext ? pb + pf : 0;
  const q = nMels * (context + 1);
  const frames = { hop: spec.frontend.hop, context };
  const nD = vectors(spec, spec.data.normalTrainSec, undefined, frames);
  const test = testAudioSec(spec);
  const testVectors = test.clips * vectors(spec, spec.data.test.clipSec, 1, frames);
  const finalFitSec = emSec(nD, s, s.emMaxIter, q) + emSec(nD, s, 1, q);
  const scoreSec = emSec(testVectors, s, 1, q) + testSec(spec);
  const seconds = finalFitSec + scoreSec + COST.unitOverheadSec;
  return {
    ...{ id, method: 'logmel-gmm', steps: 0, trainSec: 0, refits: 0, refitSec: 0 },
    ...{ finalFitSec, scoreSec, seconds },
  };
}

/** dcase-ae: the recipe's training on 90% of D with a validation pass per epoch, then phi. */
function dcaseAeUnit(spec: ExperimentSpec, id: string, s: ModelSettings): UnitEstimate {
  const r = COST.dcaseAe;
  const frames = { hop: r.hop, context: r.context };
  const nD = vectors(spec, spec.data.normalTrainSec, undefined, frames);
  const nTrain = Math.floor(nD * (1 - r.validationSplit));
  const k = Math.max(1, Math.min(r.batchSize, nTrain));
  const perEpoch = s.stepsPerEpoch > 0 ? s.stepsPerEpoch : Math.max(1, Math.floor(nTrain / k));
  const epochs = Math.min(s.epochs, r.maxEpochs);
  const steps = epochs * perEpoch;
  const forward = (n: number) => n / COST.dcaseAeForwardVectorsPerSec;
  const trainSec = steps * COST.dcaseAeStepSec + epochs * forward(nD - nTrain);
  const finalFitSec = forward(nD);
  const test = testAudioSec(spec);
  const scoreSec =
    forward(test.clips * vectors(spec, spec.data.test.clipSec, 1, frames)) + testSec(spec);
  const seconds = trainSec + finalFitSec + scoreSec + COST.unitOverheadSec;
  return {
    ...{ id, method: 'dcase-ae', steps, trainSec, refits: 0, refitSec: 0 },
    ...{ finalFitSec, scoreSec, seconds },
  };
}

/** One unit's estimate. */
export function estimateUnit(
  spec: ExperimentSpec,
  id: string,
  method: ModelName,
  s: ModelSettings,
): UnitEstimate {
  if (method === 'logmel-gmm') return logmelGmmUnit(spec, id, s);
  if (method === 'dcase-ae') return dcaseAeUnit(spec, id, s);
  const q = spec.frontend.nMels * (spec.frontend.pb + spec.frontend.pf + 1);
  const nD = vectors(spec, spec.data.normalTrainSec);
  const nO = vectors(spec, spec.data.otherSec);
  const perEpoch =
    s.stepsPerEpoch > 0
      ? s.stepsPerEpoch
      : Math.max(1, Math.floor((method === 'prop' ? nD : nD + nO) / s.batchSize));
  const steps = s.epochs * perEpoch;
  const trainSec = steps * stepSec(method, s, q);
  let refits = 0;
  let refitSec = 0;
  if (method === 'prop') {
    refits = Math.ceil(steps / (s.refitEvery > 0 ? s.refitEvery : perEpoch));
    const n = s.refitSubset > 0 ? Math.min(s.refitSubset, nD) : nD;
    refitSec = refits * (forwardSec(n, s, q) + emSec(n, s, COST.refitEmIterations));
  }
  const finalFitSec = forwardSec(nD, s, q) + emSec(nD, s, s.emMaxIter);
  const test = testAudioSec(spec);
  const testVectors = test.clips * vectors(spec, spec.data.test.clipSec, 1);
  const scoreSec = forwardSec(testVectors, s, q) + testSec(spec);
  const seconds = trainSec + refitSec + finalFitSec + scoreSec + COST.unitOverheadSec;
  return { id, method, steps, trainSec, refits, refitSec, finalFitSec, scoreSec, seconds };
}

/** Greedy schedule of unit times on `workers` processes, in order; returns the makespan. */
function makespan(times: number[], workers: number): number {
  const free = new Array<number>(Math.max(1, workers)).fill(0);
  for (const t of times) {
    const i = free.indexOf(Math.min(...free));
    free[i] += t;
  }
  return Math.max(...free);
}

/** Estimate of a planned run (src/experiment/plan.ts). */
export function estimateRun(
  plan: Pick<RunPlan, 'cells' | 'units' | 'data'>,
  o: EstimateOptions,
): RunEstimate {
  const cellSpec = new Map(plan.cells.map((c) => [c.id, c.spec]));
  const units = plan.units.map((u) =>
    estimateUnit(cellSpec.get(u.cell) as ExperimentSpec, u.id, u.method, u.settings),
  );
  let dataSec = 0;
  let featuresSec = 0;
  for (const key of plan.data) {
    const unit = plan.units.find((u) => u.data.hash === key.hash);
    const { data } = cellSpec.get(unit?.cell ?? plan.cells[0].id) as ExperimentSpec;
    const trainSec = data.normalTrainSec + data.otherSec;
    dataSec +=
      COST.dataFixedSec + hoursOf(trainSec + data.normalTestSec) * COST.dataSecPerAudioHour;
    featuresSec += hoursOf(trainSec) * COST.featuresSecPerAudioHour;
  }
  const parallel = Math.max(1, Math.min(o.jobs, o.cores ?? o.jobs, units.length));
  const slow = parallel > 1 ? COST.parallelSlowdown : 1;
  // The runner's order: PROP units first (they take longest), otherwise plan order.
  const ordered = [...units].sort(
    (a, b) => Number(b.method === 'prop') - Number(a.method === 'prop'),
  );
  const unitsWall = makespan(
    ordered.map((u) => u.seconds * slow),
    parallel,
  );
  const unitsSec = units.reduce((sum, u) => sum + u.seconds, 0);
  const longestUnitSec = Math.max(0, ...units.map((u) => u.seconds));
  const seconds = COST.startupSec + dataSec + featuresSec + unitsWall;
  return {
    startupSec: COST.startupSec,
    dataSec,
    featuresSec,
    units,
    unitsSec,
    longestUnitSec,
    parallel,
    seconds,
  };
}

/** Estimated wall seconds of a run of one spec (or of the cells of a grid). */
export function estimateSeconds(
  spec: ExperimentSpec | ExperimentSpec[],
  o: EstimateOptions,
): number {
  const specs = Array.isArray(spec) ? spec : [spec];
  const plan = planRun(
    specs.map((s) => ({ assignments: {}, spec: s })),
    'estimate',
  );
  return estimateRun(plan, o).seconds;
}

/** "45 s", "12 min", "3.4 h", "21 days": one or two significant figures, an estimate's precision. */
export function formatDuration(sec: number): string {
  if (sec < 59.5) return `${Math.round(sec)} s`;
  const min = sec / 60;
  if (min < 59.5) return `${Math.round(min)} min`;
  const h = min / 60;
  const oneDecimal = (x: number) => (x < 9.95 ? x.toFixed(1) : String(Math.round(x)));
  if (h < 47.5) return `${oneDecimal(h)} h`;
  return `${oneDecimal(h / 24)} days`;
}
