/**
 * Training the DCASE 2020 Task 2 baseline auto-encoder (a reference method, not in the paper) as
 * its 00_train.py does with Keras: on the normal training vectors only (D; O is not used), the
 * last 10% of them held out as the validation split (Keras validation_split takes the tail,
 * before shuffling; its loss is logged, nothing else uses it), Adam (lr 0.001, Keras 2.1
 * defaults), MSE loss, mini-batches of 512 reshuffled every epoch. The step budget follows the
 * scale: `epochs` capped at the recipe's 100, `stepsPerEpoch` (0 = one pass over the training
 * part, the last partial batch dropped as for the other methods; epochBasis does not apply: the
 * recipe's epoch is already a pass over D alone). phi_rho: the rho-quantile of
 * the frame errors over all of D.
 */
import { tf } from '../../engine/backend.ts';
import { FusedAdam } from '../../engine/fusedAdam.ts';
import { sumSquaredErrors } from '../losses.ts';
import { ContextIndex } from '../../features/context.ts';
import { thresholdAtRho } from '../gmm/threshold.ts';
import { checkData, IndexStream, stepsPerEpoch, type TrainData } from '../data.ts';
import type { ModelSettings } from '../settings.ts';
import { checkFinite, runRng, type EpochLog, type TrainOptions } from '../train.ts';
import { ReconstructionDetector } from './detector.ts';
import {
  createDcaseAe,
  DCASE_AE_RECIPE,
  dcaseAeVariables,
  disposeDcaseAe,
  frameErrors,
  reconstruct,
  updateRunning,
  type BatchMoments,
  type DcaseAe,
} from './network.ts';
import { modelMessages } from '../../messages/index.ts';

/** Frame errors of vectors [from, to) of `set`, in batches of `rows`. */
function errorsOf(ae: DcaseAe, set: ContextIndex, from: number, to: number, rows: number) {
  const q = set.dim;
  const out = new Float64Array(Math.max(0, to - from));
  const buf = new Float32Array(rows * q);
  const idx = new Int32Array(rows);
  for (let r0 = from; r0 < to; r0 += rows) {
    const m = Math.min(rows, to - r0);
    for (let i = 0; i < m; i++) idx[i] = r0 + i;
    set.assemble(idx, buf, 0, m);
    const e = tf.tidy(() => frameErrors(ae, tf.tensor2d(buf.subarray(0, m * q), [m, q])));
    out.set(e.dataSync(), r0 - from);
    e.dispose();
  }
  return out;
}

const mean = (a: Float64Array): number => a.reduce((s, v) => s + v, 0) / Math.max(1, a.length);

/** Trains the baseline on D (data.other is ignored) and sets phi_rho. */
export function trainDcaseAe(
  data: TrainData,
  s: ModelSettings,
  options: TrainOptions,
): { detector: ReconstructionDetector; log: EpochLog[] } {
  const q = checkData(data, 'dcase-ae', true);
  const set = data.normal;
  if (!options.frontend || !options.standardizer)
    throw new Error(modelMessages.cannotScoreSignal('front-end settings'));
  const r = DCASE_AE_RECIPE;
  const nTrain = Math.floor(set.count * (1 - r.validationSplit));
  if (nTrain < 2) throw new RangeError(modelMessages.noVectors('dcase-ae: D (training split)'));
  const k = Math.min(r.batchSize, nTrain);
  const ae = createDcaseAe(q, runRng(options, 'dcase-ae', 'init'));
  const opt = new FusedAdam({ learningRate: r.learningRate, epsilon: r.adamEpsilon });
  const trainable = dcaseAeVariables(ae).filter((v) => v.trainable);
  const stream = new IndexStream(nTrain, runRng(options, 'dcase-ae', 'batches'));
  const idx = new Int32Array(k);
  const buf = new Float32Array(k * q);
  const steps = stepsPerEpoch(nTrain, k, s.stepsPerEpoch);
  const epochs = Math.min(s.epochs, r.epochs);
  const log: EpochLog[] = [];
  try {
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const t0 = performance.now();
      let sum = 0;
      for (let step = 1; step <= steps; step++) {
        set.assemble(stream.take(idx), buf);
        const moments: BatchMoments[] = [];
        const x = tf.tensor2d(buf, [k, q]);
        const loss = opt.minimize(
          () => {
            const y = reconstruct(ae, x, moments); // moments come back kept
            return sumSquaredErrors(y, x, k * q); // the mean squared error
          },
          true,
          trainable,
        ) as tf.Scalar;
        updateRunning(ae, moments, k);
        for (const m of moments) tf.dispose([m.mean, m.variance]);
        const v = loss.dataSync()[0];
        tf.dispose([loss, x]);
        checkFinite('dcase-ae', epoch, step, { loss: v });
        sum += v;
      }
      const val = mean(errorsOf(ae, set, nTrain, set.count, s.inferenceBatch));
      const rec: EpochLog = {
        model: 'dcase-ae',
        epoch,
        steps,
        seconds: (performance.now() - t0) / 1000,
        loss: sum / steps,
        recon: (sum / steps) * q,
        valLoss: val,
      };
      log.push(rec);
      options.onEpoch?.(rec);
    }
    const phi = thresholdAtRho(errorsOf(ae, set, 0, set.count, s.inferenceBatch), s.rho);
    opt.dispose();
    const detector = new ReconstructionDetector({
      settings: s,
      context: set.options,
      nMels: q / set.options.width,
      ae,
      phi,
      standardizer: options.standardizer,
      frontend: options.frontend,
    });
    return { detector, log };
  } catch (err) {
    opt.dispose();
    disposeDcaseAe(ae);
    throw err;
  }
}
