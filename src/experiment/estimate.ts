/**
 * Run-time estimate of a spec (pure): a cost model from the bench figures of this machine, used
 * by `npasd list`, `npasd validate` and `reproduce`'s first line. It is priced for one backend and
 * a number of native threads per unit (the ones the run would use: ./expectedBackend.ts), whose
 * measured speeds are in ./estimateRates.ts. It is an estimate for a cold cache (corpus and
 * features not yet made); the runner's own logs hold the real times.
 *
 * Per unit (cell x method x seed):
 *   train   epochs x steps x step time; steps per epoch as the training loops count them
 *           (src/models/data.ts methodStepsPerEpoch: stepsPerEpoch, else one pass over D and O
 *           for AE/VAE and over D for PROP, or over D for all with epochBasis "normal");
 *           step time from the batch-100 and batch-1000 figures, the per-step floor and the
 *           network's size (./estimateCost.ts StepModel)
 *   refits  PROP: one per epoch (refitEvery 0) or every refitEvery steps; each is a forward pass
 *           of F over D (or refitSubset vectors) and a few warm-started EM iterations
 *   final   forward pass over D and EM from k-means++ (emMaxIter iterations, an upper bound)
 *   score   the test clips through the front end and F
 * The reference methods (not in the paper, estimateReference.ts) have their own costs: logmel-gmm
 * trains no network (EM on the log-mel vectors of D, Q = nMels or nMels x context, and GMM
 * scoring of the test vectors); dcase-ae trains the recipe's network (batch 512, its own front
 * end: hop 512, 5 frames) for min(epochs, 100) x steps on 90% of D, with a validation pass per
 * epoch.
 * Per data key (seed): the corpus (data stage) and the log-mel of D and O (features stage).
 * Units run in `jobs` worker processes, PROP first as the runner orders them; the estimate
 * schedules them greedily, so it is never below the longest unit.
 */
import type { ModelName } from '../models/detector.ts';
import type { ModelSettings } from '../models/settings.ts';
import { planRun, type RunPlan } from './plan.ts';
import type { ExperimentSpec } from './schema.ts';
import {
  COST,
  costEnv,
  emSec,
  forwardSec,
  hoursOf,
  stepSec,
  testAudioSec,
  testSec,
  vectors,
  type CostEnv,
  type UnitEstimate,
} from './estimateCost.ts';
import type { CostBackend } from './estimateRates.ts';
import { dcaseAeUnit, logmelGmmUnit } from './estimateReference.ts';
import { methodStepsPerEpoch } from '../models/data.ts';

export { COST, costEnv, networkMacs, type CostEnv, type UnitEstimate } from './estimateCost.ts';

export interface EstimateOptions {
  /** Worker processes (--jobs). */
  jobs: number;
  /** Cores of the machine: more jobs than cores run no faster. Default: jobs. */
  cores?: number;
  /** The backend that will run (./expectedBackend.ts): its measured speeds are used. */
  backend: CostBackend;
  /** Native threads per unit (./expectedBackend.ts expectedThreads). Default 1. */
  threads?: number;
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
  /** Evaluate and report stages. */
  reportSec: number;
  /** Wall time: startup + data + features + the scheduled units (each with its worker's start
   * when jobs > 1) + evaluate and report. */
  seconds: number;
}

/** One unit's estimate. */
export function estimateUnit(
  spec: ExperimentSpec,
  id: string,
  method: ModelName,
  s: ModelSettings,
  env: CostEnv,
): UnitEstimate {
  if (method === 'logmel-gmm') return logmelGmmUnit(spec, id, s, env);
  if (method === 'dcase-ae') return dcaseAeUnit(spec, id, s, env);
  const q = spec.frontend.nMels * (spec.frontend.pb + spec.frontend.pf + 1);
  const nD = vectors(spec, spec.data.normalTrainSec);
  const nO = vectors(spec, spec.data.otherSec);
  const perEpoch = methodStepsPerEpoch(method, { normal: nD, other: nO }, s);
  const steps = s.epochs * perEpoch;
  const trainSec = steps * stepSec(method, s, q, env);
  let refits = 0;
  let refitSec = 0;
  if (method === 'prop') {
    refits = Math.ceil(steps / (s.refitEvery > 0 ? s.refitEvery : perEpoch));
    const n = s.refitSubset > 0 ? Math.min(s.refitSubset, nD) : nD;
    refitSec = refits * (forwardSec(n, s, q, env) + emSec(n, s, COST.refitEmIterations, env));
  }
  const finalFitSec = forwardSec(nD, s, q, env) + emSec(nD, s, s.emMaxIter, env);
  const test = testAudioSec(spec);
  const testVectors = test.clips * vectors(spec, spec.data.test.clipSec, 1);
  const scoreSec = forwardSec(testVectors, s, q, env) + testSec(spec);
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
  const env = costEnv(o.backend, o.threads ?? 1);
  const units = plan.units.map((u) =>
    estimateUnit(cellSpec.get(u.cell) as ExperimentSpec, u.id, u.method, u.settings, env),
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
  const start = o.jobs > 1 ? COST.workerStartSec : 0;
  const unitsWall = makespan(
    ordered.map((u) => u.seconds * slow + start),
    parallel,
  );
  const unitsSec = units.reduce((sum, u) => sum + u.seconds, 0);
  const longestUnitSec = Math.max(0, ...units.map((u) => u.seconds));
  const seconds = COST.startupSec + dataSec + featuresSec + unitsWall + COST.reportSec;
  return {
    startupSec: COST.startupSec,
    reportSec: COST.reportSec,
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
