/**
 * Feature extraction over a whole set and the normal model on top of it (METHOD.md section 4,
 * "after training", and section 7 steps 3-5): f = F(x) for every vector of D (inference mode, in
 * batches of `inferenceBatch` rows through one reused buffer), the diagonal GMM fitted by EM
 * (k-means++ start, or warm-started from the previous mixture) and phi_rho from the scores of
 * the same features.
 */
import { tf } from '../engine/backend.ts';
import type { ContextIndex } from '../features/context.ts';
import { fitGmm } from './gmm/em.ts';
import type { Gmm } from './gmm/model.ts';
import { scoreSamples } from './gmm/score-tf.ts';
import { thresholdAtRho } from './gmm/threshold.ts';
import type { Rng } from '../util/rng.ts';
import { encode, type Encoder } from './network.ts';
import type { ModelSettings } from './settings.ts';

type Fill = (row0: number, rows: number, buf: Float32Array) => void;

/**
 * Runs F (no dropout) over n vectors produced by `fill` in batches; returns features
 * (row-major n x D, float32). Memory: one batch of inputs plus its activations.
 */
function extractWith(
  enc: Encoder,
  s: ModelSettings,
  q: number,
  n: number,
  fill: Fill,
): Float32Array {
  const d = s.featureDim;
  const out = new Float32Array(n * d);
  const rows = Math.min(s.inferenceBatch, Math.max(n, 1));
  const buf = new Float32Array(rows * q);
  for (let r0 = 0; r0 < n; r0 += rows) {
    const m = Math.min(rows, n - r0);
    fill(r0, m, buf);
    const f = tf.tidy(() => encode(enc, tf.tensor2d(buf.subarray(0, m * q), [m, q]), s).mean);
    out.set(f.dataSync() as Float32Array, r0 * d);
    f.dispose();
  }
  return out;
}

/** Features of the vectors `indices` of `set` (default: all of them, in order). */
export function extractFeatures(
  enc: Encoder,
  s: ModelSettings,
  set: ContextIndex,
  indices?: Int32Array,
): Float32Array {
  const n = indices ? indices.length : set.count;
  const idx = new Int32Array(Math.min(s.inferenceBatch, Math.max(n, 1)));
  return extractWith(enc, s, set.dim, n, (r0, m, buf) => {
    for (let i = 0; i < m; i++) idx[i] = indices ? indices[r0 + i] : r0 + i;
    set.assemble(idx, buf, 0, m);
  });
}

/** Features run through tfjs F directly (x: row-major n x Q). */
export function featuresOf(enc: Encoder, s: ModelSettings, x: Float32Array): Float32Array {
  const q = enc.hidden.length > 0 ? enc.hidden[0].w.shape[0] : enc.mean.w.shape[0];
  const n = x.length / q;
  return extractWith(enc, s, q, n, (r0, m, buf) => buf.set(x.subarray(r0 * q, (r0 + m) * q)));
}

export interface NormalModel {
  gmm: Gmm;
  /** phi_rho (nats) from the scores of the features the GMM was fitted to. */
  phi: number;
  /** EM iterations used. */
  iterations: number;
}

/**
 * Fits the GMM to features (n x D) and sets phi_rho. Warm start from `init` when given (section 7
 * refits), else k-means++ from `rng`.
 */
export function fitNormalModel(
  features: Float32Array,
  s: ModelSettings,
  rng: Rng,
  init?: Gmm,
): NormalModel {
  const res = fitGmm(features, s.featureDim, {
    components: s.components,
    maxIter: s.emMaxIter,
    tol: s.emTol,
    rng,
    ...(init ? { init } : {}),
  });
  const scores = scoreSamples(res.gmm, features);
  return { gmm: res.gmm, phi: thresholdAtRho(scores, s.rho), iterations: res.iterations };
}
