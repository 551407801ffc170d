/**
 * EM for the diagonal-covariance Gaussian mixture normal model (METHOD.md section 1 item 3,
 * section 7 steps 4 and the warm start of refits), on TensorFlow.js (call initBackend() first).
 *
 * With Z = [x', x'^2, 1] (N x (2D+1), x' = x - data mean, built once per fit) and the affine
 * form A of model.ts, one iteration is:
 *   E-step (log domain): J = Z A (N x C, ln w_c N(x_i | c)); responsibilities R = softmax_c(J)
 *          (the backend's fused, max-shifted softmax); ln p(x_i) = max_c J_ic - ln max_c R_ic
 *          (the identity ln p = J_ic - ln R_ic at the most responsible component).
 *   M-step: S = Z^T R ((2D+1) x C: sum r x', sum r x'^2, N_c), then in float64
 *          w_c = N_c / N, mu'_c = S_x / N_c, var_c = max(S_xx / N_c - mu'^2, 0) + regCovar.
 * Z^T is materialised once per fit (a transposed matMul is ~10x slower on the wasm backend).
 * N_c gets + 10 machine-epsilon (as scikit-learn) so an empty component stays finite.
 *
 * Convergence as scikit-learn's GaussianMixture: stop when the mean per-sample log-likelihood
 * changes by less than `tol` between iterations, or after `maxIter` iterations. The
 * log-likelihood recorded at iteration k is that of the parameters entering iteration k; the
 * returned mixture is the one after the last M-step.
 *
 * Initialisation: seeded k-means++ centres (kmeanspp.ts), every point hard-assigned to its
 * nearest centre, then one M-step; or a warm start from a previous mixture (`init`).
 */
import { tf } from '../../engine/backend.ts';
import { gmmMessages, notRowsOfD } from '../../messages/index.ts';
import type { Rng } from '../../util/rng.ts';
import { kmeansPlusPlus } from './kmeanspp.ts';
import { affineForm, validateGmm, type Gmm } from './model.ts';

export interface EmOptions {
  /** Components C, >= 1. Default 16 (the paper's). Ignored with `init`. */
  components?: number;
  /** Iteration cap, >= 1. Default 100 (scikit-learn's). */
  maxIter?: number;
  /**
   * Convergence tolerance on the mean log-likelihood per sample (nats), >= 0; 0 runs all maxIter
   * iterations. Default 1e-3.
   */
  tol?: number;
  /** Variance floor added to every variance, > 0. Default 1e-6 (scikit-learn's reg_covar). */
  regCovar?: number;
  /** Warm start: start EM from this mixture instead of k-means++. */
  init?: Gmm;
  /** Random stream for k-means++ (required without `init`). */
  rng?: Rng;
  /** k-means++ subsample size. Default 20000. */
  initSample?: number;
}

export interface EmResult {
  gmm: Gmm;
  /** Mean log-likelihood per sample (nats) at each iteration (non-decreasing up to float32 noise). */
  logLikelihood: number[];
  iterations: number;
  converged: boolean;
}

const EPS10 = 10 * 2.220446049250313e-16;

/** M-step from S ((2D+1) x C, row-major) for data shifted by `shift`. */
function mStep(
  s: Float32Array | Float64Array,
  nc: number,
  nd: number,
  shift: Float64Array,
  reg: number,
): Gmm {
  const weights = new Float64Array(nc);
  const means = new Float64Array(nc * nd);
  const variances = new Float64Array(nc * nd);
  let total = 0;
  for (let c = 0; c < nc; c++) {
    const nk = s[2 * nd * nc + c] + EPS10;
    weights[c] = nk;
    total += nk;
    for (let d = 0; d < nd; d++) {
      const mu = s[d * nc + c] / nk;
      means[c * nd + d] = mu + shift[d];
      variances[c * nd + d] = Math.max(s[(nd + d) * nc + c] / nk - mu * mu, 0) + reg;
    }
  }
  for (let c = 0; c < nc; c++) weights[c] /= total;
  return { c: nc, d: nd, weights, means, variances };
}

/**
 * Fits a mixture to the N = x.length / d rows of row-major `x` (float32, finite).
 * Throws on non-finite input, N < C, or a warm-start mixture of the wrong dimension.
 */
export function fitGmm(x: Float32Array, d: number, options: EmOptions = {}): EmResult {
  const n = x.length / d;
  if (!(Number.isInteger(d) && d >= 1 && Number.isInteger(n)))
    throw new RangeError(notRowsOfD('gmm', x.length, d));
  const nc = options.init?.c ?? options.components ?? 16;
  const maxIter = options.maxIter ?? 100;
  const tol = options.tol ?? 1e-3;
  const reg = options.regCovar ?? 1e-6;
  if (!(Number.isInteger(nc) && nc >= 1)) throw new RangeError(gmmMessages.components(nc));
  if (!(reg > 0)) throw new RangeError(gmmMessages.regCovar(reg));
  if (!(Number.isInteger(maxIter) && maxIter >= 1))
    throw new RangeError(gmmMessages.maxIter(maxIter));
  if (!(tol >= 0)) throw new RangeError(gmmMessages.tol(tol));
  if (n < nc) throw new RangeError(gmmMessages.tooFewSamples(n, nc));
  if (options.init) {
    validateGmm(options.init);
    if (options.init.d !== d) throw new RangeError(gmmMessages.warmStartDim(options.init.d, d));
  }
  const shift = new Float64Array(d);
  for (let i = 0; i < n * d; i++) {
    if (!Number.isFinite(x[i]))
      throw new RangeError(gmmMessages.nonFiniteFeature(Math.floor(i / d), x[i]));
    shift[i % d] += x[i];
  }
  for (let j = 0; j < d; j++) shift[j] /= n;

  const [z, zt] = tf.tidy(() => {
    const xs = tf.sub(tf.tensor2d(x, [n, d]), tf.tensor1d(Float32Array.from(shift)));
    const zz = tf.concat([xs, tf.square(xs), tf.ones([n, 1])], 1);
    return [zz, tf.transpose(zz)];
  });
  const aT = (a: Float64Array): tf.Tensor2D => tf.tensor2d(Float32Array.from(a), [2 * d + 1, nc]);
  try {
    let gmm: Gmm;
    if (options.init) {
      gmm = options.init;
    } else {
      if (!options.rng) throw new RangeError(gmmMessages.needRng());
      const centres = kmeansPlusPlus(x, d, nc, options.rng, options.initSample);
      // Nearest centre maximises 2 x'.c' - |x'|^2 - |c'|^2: an affine form in Z too.
      const a = new Float64Array((2 * d + 1) * nc);
      for (let c = 0; c < nc; c++) {
        let k = 0;
        for (let j = 0; j < d; j++) {
          const cj = centres[c * d + j] - shift[j];
          a[j * nc + c] = 2 * cj;
          a[(d + j) * nc + c] = -1;
          k -= cj * cj;
        }
        a[2 * d * nc + c] = k;
      }
      const at = aT(a);
      const s = tf.tidy(() =>
        tf.matMul(zt, tf.oneHot(tf.argMax(tf.matMul(z, at), 1), nc).toFloat()),
      );
      const sv = s.dataSync() as Float32Array;
      tf.dispose([s, at]);
      gmm = mStep(sv, nc, d, shift, reg);
    }
    const history: number[] = [];
    let converged = false;
    let it = 0;
    while (it < maxIter) {
      const at = aT(affineForm(gmm, shift).a);
      const [s, ll] = tf.tidy(() => {
        const joint = tf.matMul(z, at);
        const r = tf.softmax(joint);
        return [tf.matMul(zt, r), tf.sum(tf.sub(tf.max(joint, 1), tf.log(tf.max(r, 1))))];
      });
      const sv = s.dataSync() as Float32Array;
      const llv = ll.dataSync()[0] / n;
      tf.dispose([s, ll, at]);
      if (!Number.isFinite(llv)) throw new RangeError(gmmMessages.llNotFinite(llv, it));
      const next = mStep(sv, nc, d, shift, reg);
      it++;
      history.push(llv);
      gmm = next;
      if (history.length >= 2 && Math.abs(llv - history[history.length - 2]) < tol) {
        converged = true;
        break;
      }
    }
    return { gmm, logLikelihood: history, iterations: it, converged };
  } finally {
    tf.dispose([z, zt]);
  }
}
