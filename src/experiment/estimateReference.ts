/**
 * Run-time estimates of the reference methods (not in the paper; docs/METHOD.md section 11),
 * which train no feature extractor of the paper's kind and so get costs of their own. Pure.
 */
import type { ModelSettings } from '../models/settings.ts';
import {
  COST,
  emSec,
  testAudioSec,
  testSec,
  vectors,
  type CostEnv,
  type UnitEstimate,
} from './estimateCost.ts';
import type { ExperimentSpec } from './schema.ts';

/** logmel-gmm: EM on D's log-mel vectors (no network), GMM scoring of the test vectors. */
export function logmelGmmUnit(
  spec: ExperimentSpec,
  id: string,
  s: ModelSettings,
  env: CostEnv,
): UnitEstimate {
  const { nMels, pb, pf } = spec.frontend;
  const context = s.logmelContext ? pb + pf : 0;
  const q = nMels * (context + 1);
  const frames = { hop: spec.frontend.hop, context };
  const nD = vectors(spec, spec.data.normalTrainSec, undefined, frames);
  const test = testAudioSec(spec);
  const testVectors = test.clips * vectors(spec, spec.data.test.clipSec, 1, frames);
  const finalFitSec = emSec(nD, s, s.emMaxIter, env, q) + emSec(nD, s, 1, env, q);
  const scoreSec = emSec(testVectors, s, 1, env, q) + testSec(spec);
  const seconds = finalFitSec + scoreSec + COST.unitOverheadSec;
  return {
    ...{ id, method: 'logmel-gmm', steps: 0, trainSec: 0, refits: 0, refitSec: 0 },
    ...{ finalFitSec, scoreSec, seconds },
  };
}

/**
 * dcase-ae: the recipe's training on 90% of D with a validation pass per epoch, then phi. Its
 * epoch is one pass over that 90% of D whatever train.epochBasis says
 * (src/models/dcaseAe/train.ts).
 */
export function dcaseAeUnit(
  spec: ExperimentSpec,
  id: string,
  s: ModelSettings,
  env: CostEnv,
): UnitEstimate {
  const r = COST.dcaseAe;
  const frames = { hop: r.hop, context: r.context };
  const nD = vectors(spec, spec.data.normalTrainSec, undefined, frames);
  const nTrain = Math.floor(nD * (1 - r.validationSplit));
  const k = Math.max(1, Math.min(r.batchSize, nTrain));
  const perEpoch = s.stepsPerEpoch > 0 ? s.stepsPerEpoch : Math.max(1, Math.floor(nTrain / k));
  const epochs = Math.min(s.epochs, r.maxEpochs);
  const steps = epochs * perEpoch;
  const forward = (n: number) => n / env.costs.dcaseAeForwardVectorsPerSec;
  const trainSec = steps * env.costs.dcaseAeStepSec + epochs * forward(nD - nTrain);
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
