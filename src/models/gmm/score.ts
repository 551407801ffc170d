/**
 * Reference scoring in float64 over typed arrays (no TensorFlow.js): per-sample log-likelihood
 * ln p(f) = logsumexp_c [ln w_c - 1/2 sum_d (ln(2 pi var_cd) + (f_d - mu_cd)^2 / var_cd)] and the
 * anomaly score L = -ln p(f) (METHOD.md section 1, item 4). Direct form (no expansion), so it is
 * the accuracy reference for the fast and differentiable versions in score-tf.ts.
 */
import { gmmMessages, notRowsOfD } from '../../messages/index.ts';
import { validateGmm, type Gmm } from './model.ts';

/**
 * ln p(x_i) for the N = x.length / D rows of row-major `x`, into `out` (length N, default new).
 * Throws on a non-finite feature (a NaN would otherwise become a silent NaN score).
 */
export function logLikelihood(
  g: Gmm,
  x: Float32Array | Float64Array,
  out?: Float64Array,
): Float64Array {
  validateGmm(g);
  const { c: nc, d: nd } = g;
  if (x.length % nd !== 0) throw new RangeError(notRowsOfD('gmm', x.length, nd));
  const n = x.length / nd;
  const res = out ?? new Float64Array(n);
  const base = new Float64Array(nc);
  const prec = new Float64Array(nc * nd);
  for (let c = 0; c < nc; c++) {
    let k = Math.log(g.weights[c]) - 0.5 * nd * Math.log(2 * Math.PI);
    for (let d = 0; d < nd; d++) {
      k -= 0.5 * Math.log(g.variances[c * nd + d]);
      prec[c * nd + d] = 1 / g.variances[c * nd + d];
    }
    base[c] = k;
  }
  const lj = new Float64Array(nc);
  for (let i = 0; i < n; i++) {
    let max = -Infinity;
    for (let c = 0; c < nc; c++) {
      let q = 0;
      for (let d = 0; d < nd; d++) {
        const v = x[i * nd + d];
        if (!Number.isFinite(v)) throw new RangeError(gmmMessages.nonFiniteFeature(i, v));
        const diff = v - g.means[c * nd + d];
        q += diff * diff * prec[c * nd + d];
      }
      lj[c] = base[c] - 0.5 * q;
      if (lj[c] > max) max = lj[c];
    }
    let s = 0;
    for (let c = 0; c < nc; c++) s += Math.exp(lj[c] - max);
    res[i] = max + Math.log(s);
  }
  return res;
}

/** Anomaly scores L = -ln p(x_i) (nats), float64. */
export function anomalyScores(g: Gmm, x: Float32Array | Float64Array): Float64Array {
  const ll = logLikelihood(g, x);
  for (let i = 0; i < ll.length; i++) ll[i] = -ll[i];
  return ll;
}
