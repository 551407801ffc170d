/**
 * The two baselines (METHOD.md section 4): AE and VAE, trained on D and O together (on D alone
 * when O is empty: `npasd train` without --other).
 * Mini-batches of K drawn from D and O together, shuffled. One epoch = one pass over D and O
 * (epochBasis "natural"), or floor(|D| / K) steps (epochBasis "normal"), or `stepsPerEpoch` steps.
 * Feature = F's output (AE) or F's mean (VAE). After training: GMM on F(D) and phi_rho.
 */
import { tf } from '../engine/backend.ts';
import { FusedAdam } from '../engine/fusedAdam.ts';
import { checkData, IndexStream, methodStepsPerEpoch, UnionIndex, type TrainData } from './data.ts';
import {
  createDecoder,
  createEncoder,
  decoderLayers,
  disposeLayers,
  encoderLayers,
} from './network.ts';
import { reconstructionStep } from './losses.ts';
import type { ModelSettings } from './settings.ts';
import {
  checkFinite,
  EpochMeans,
  finishDetector,
  runRng,
  type EpochLog,
  type TrainOptions,
  type TrainResult,
} from './train.ts';

/** Trains the AE (`variational` false) or the VAE (true) and fits the normal model. */
export function trainAutoencoder(
  variational: boolean,
  data: TrainData,
  s: ModelSettings,
  options: TrainOptions,
): TrainResult {
  const model = variational ? 'vae' : 'ae';
  const q = checkData(data, model, true);
  const init = runRng(options, model, 'init');
  const enc = createEncoder(q, s, init, variational);
  const dec = createDecoder(q, s, init);
  const opt = new FusedAdam({ learningRate: s.learningRate });
  const union = new UnionIndex(data);
  const stream = new IndexStream(union.count, runRng(options, model, 'batches'));
  const noise = runRng(options, model, 'noise');
  const k = s.batchSize;
  const idx = new Int32Array(k);
  const buf = new Float32Array(k * q);
  const steps = methodStepsPerEpoch(
    model,
    { normal: data.normal.count, other: data.other.count },
    s,
  );
  const log: EpochLog[] = [];
  try {
    for (let epoch = 1; epoch <= s.epochs; epoch++) {
      const t0 = performance.now();
      const means = new EpochMeans();
      for (let step = 1; step <= steps; step++) {
        union.assemble(stream.take(idx), buf);
        const x = tf.tensor2d(buf, [k, q]);
        const v = reconstructionStep(opt, enc, dec, x, s, noise, variational);
        x.dispose();
        checkFinite(model, epoch, step, { loss: v.loss });
        means.add({ loss: v.loss, recon: v.recon, kl: v.kl });
      }
      const rec: EpochLog = {
        model,
        epoch,
        steps,
        seconds: (performance.now() - t0) / 1000,
        loss: means.mean('loss'),
        recon: means.mean('recon'),
        ...(variational ? { kl: means.mean('kl') } : {}),
      };
      log.push(rec);
      options.onEpoch?.(rec);
    }
  } catch (e) {
    disposeLayers(encoderLayers(enc));
    throw e;
  } finally {
    opt.dispose();
    disposeLayers(decoderLayers(dec));
  }
  try {
    return { detector: finishDetector(model, s, data, enc, options), log };
  } catch (e) {
    disposeLayers(encoderLayers(enc));
    throw e;
  }
}
