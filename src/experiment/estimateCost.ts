/**
 * The run-time estimate's constants, measured on this machine, the cost environment (a backend's
 * speeds and the threads per unit) with its training-step model, and the counts every unit's
 * estimate shares (vectors of a stretch of audio, F and EM time, the test set's audio). Pure.
 */
import type { ModelName } from '../models/detector.ts';
import {
  BACKEND_COSTS,
  EM_BENCH_UNITS,
  PROP_BENCH_REFIT,
  type BackendCosts,
  type CostBackend,
} from './estimateRates.ts';
import type { ExperimentSpec } from './schema.ts';

/**
 * The cost model's constants that do not depend on the backend, measured on this machine (2 cores,
 * wasm backend, one thread per process) unless marked "assumed". The speeds of each backend are in
 * ./estimateRates.ts.
 */
export const COST = {
  /** The bench's network (METHOD.md section 3): Q = 64 x 21, F 3 x 512 -> D 32, batch K 100. */
  reference: { q: 1344, hidden: [512, 512, 512], featureDim: 32, batchSize: 100 },
  /** Per inference batch, s (assumed): keeps tiny networks from costing nothing. */
  forwardBatchOverheadSec: 0.002,
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
  /**
   * With --jobs > 1 each unit runs in a fresh worker process (Node, tsx, TensorFlow.js, backend):
   * in a smoke run's log.txt a unit's first epoch came 3.1 s after the unit before it finished.
   */
  workerStartSec: 3,
  /**
   * Evaluate and report stages (tables, CSVs, charts rendered to SVG and PNG, report.html): a
   * smoke run's log.txt shows 6.9 s from the last unit to the report; a quick run's is similar.
   */
  reportSec: 6,
  /** Each of 2 VAE runs in 2 processes ran at 1/1.07 of one alone (aggregate x1.75-1.98). */
  parallelSlowdown: 1.07,
  /** Anomalies per SNR in the test set (the catalogue's 45). */
  anomalies: 45,
  /** dcase-ae's recipe: batch, epoch cap, validation share, front-end hop and context frames. */
  dcaseAe: { batchSize: 512, maxEpochs: 100, validationSplit: 0.1, hop: 512, context: 4 },
} as const;

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
 * One training step of AE, VAE or PROP (PROP without its refits), s, for a network of w = its
 * MACs / the reference network's at batch K, one thread:
 *   t = floor + w x (base - floor) + w x K x perVector
 * perVector and base come exactly from the bench's batch 100 and 1000 figures of the reference
 * network (t(100) = base + 100 perVector); floor is the smoke network's step (w ~ 0.03), the cost
 * every step pays whatever the size (dispatch, read-back); base - floor grows with the weights
 * (Adam, the L2 term). PROP's figures include the bench's refit, taken out with this model's own
 * refit cost. With two or more native threads every step is faster by the ratio of the batch-100
 * figures at two threads and one (batch 1000 was measured on one thread only; more than two
 * threads were not measured and are priced as two).
 */
export interface StepModel {
  floorSec: number;
  baseSec: number;
  perVectorSec: number;
  /** >= 1 with two or more threads on a backend that uses them, else 1. */
  threadSpeedup: number;
}

/** What a unit costs on: the backend's measured speeds, the threads per unit, the step models. */
export interface CostEnv {
  backend: CostBackend;
  costs: BackendCosts;
  /** Native threads per unit (src/engine/backend.ts threadsPerJob). */
  threads: number;
  steps: Record<'ae' | 'vae' | 'prop', StepModel>;
}

/** The reference network's settings (the bench's), for the bench's own refit. */
const REF_SETTINGS = {
  hidden: COST.reference.hidden,
  featureDim: COST.reference.featureDim,
  batchSize: COST.reference.batchSize,
  components: 16,
  inferenceBatch: 2048,
};

/** The cost environment of `backend` with `threads` native threads per unit. */
export function costEnv(backend: CostBackend, threads: number): CostEnv {
  const costs = BACKEND_COSTS[backend];
  const base = { backend, costs, threads };
  // The bench's PROP refit per step: F over its D vectors and a warm-started EM, on one thread.
  const one = { ...base, threads: 1 };
  const benchRefit =
    (forwardSec(PROP_BENCH_REFIT.vectors, REF_SETTINGS, COST.reference.q, one) +
      emSec(PROP_BENCH_REFIT.vectors, REF_SETTINGS, COST.refitEmIterations, one)) /
    PROP_BENCH_REFIT.every;
  const model = (method: 'ae' | 'vae' | 'prop'): StepModel => {
    const refit = method === 'prop' ? benchRefit : 0;
    const t100 = 100 / costs.batch100[method] - refit;
    const t1000 = 1000 / costs.batch1000[method] - refit;
    const perVectorSec = (t1000 - t100) / 900;
    const baseSec = t100 - 100 * perVectorSec;
    const two = costs.batch100Threads2?.[method];
    return {
      floorSec: Math.min(costs.tinyStepSec[method], baseSec),
      baseSec,
      perVectorSec,
      threadSpeedup: threads >= 2 && two ? two / costs.batch100[method] : 1,
    };
  };
  return { ...base, steps: { ae: model('ae'), vae: model('vae'), prop: model('prop') } };
}

/** The settings a cost depends on. */
interface CostSettings {
  hidden: readonly number[];
  featureDim: number;
  batchSize: number;
  components: number;
  inferenceBatch: number;
}

/** Seconds of one training step of AE, VAE or PROP (without refits): see StepModel. */
export function stepSec(
  method: 'ae' | 'vae' | 'prop',
  s: CostSettings,
  q: number,
  env: CostEnv,
): number {
  const m = env.steps[method];
  const w = networkMacs(q, s.hidden, s.featureDim).total / REF.total;
  const oneThread = m.floorSec + w * (m.baseSec - m.floorSec) + w * s.batchSize * m.perVectorSec;
  return oneThread / m.threadSpeedup;
}

/** Seconds of F over n vectors (inference). */
export function forwardSec(n: number, s: CostSettings, q: number, env: Omit<CostEnv, 'steps'>) {
  const work = networkMacs(q, s.hidden, s.featureDim).encoder / REF.encoder;
  const { forwardVectorsPerSec: one, forwardVectorsPerSecThreads2: two } = env.costs;
  const rate = env.threads >= 2 && two ? two : one;
  const batches = Math.ceil(n / s.inferenceBatch);
  return (n * work) / rate + batches * COST.forwardBatchOverheadSec;
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

/**
 * Context vectors of `sec` seconds of audio in `files` files (default: cut at fileSec), at the
 * spec's hop and context unless `frames` gives others (context = Pb + Pf frames lost per file).
 */
export function vectors(
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

/** EM (or, with 1 iteration, GMM scoring) of n vectors of `dim` (default D) dimensions. */
export const emSec = (
  n: number,
  s: Pick<CostSettings, 'featureDim' | 'components'>,
  iterations: number,
  env: Pick<CostEnv, 'costs'>,
  dim = s.featureDim,
): number => (n * dim * s.components * iterations * env.costs.emSecPerIter) / EM_BENCH_UNITS;

export const hoursOf = (sec: number): number => sec / 3600;

/** Test-set audio of a spec, seconds: per SNR, the anomalous clips and as many normal ones. */
export function testAudioSec(spec: ExperimentSpec): { sec: number; clips: number } {
  const { clipSec, snrsDb, normalClips } = spec.data.test;
  const clips = snrsDb.length * (COST.anomalies + (normalClips > 0 ? normalClips : COST.anomalies));
  return { sec: clips * clipSec, clips };
}

/** The test stage's cost besides the model: the clips' sources, mixing, front end; fixed part. */
export const testSec = (spec: ExperimentSpec): number =>
  hoursOf(testAudioSec(spec).sec) * COST.testSecPerAudioHour + COST.scoreFixedSec;
