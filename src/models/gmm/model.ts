/**
 * The normal model p(f | normal) (METHOD.md section 1, item 3): a Gaussian mixture with C
 * components and diagonal covariances over D-dim features,
 *   p(f) = sum_c w_c N(f | mu_c, diag(var_c)),   anomaly score L(f) = -ln p(f) (nats).
 *
 * For fast scoring, ln(w_c N(f | mu_c, var_c)) is an affine function of [f', f'^2, 1] with
 * f' = f - shift (shift = weighted mean of the component means, which keeps the float32
 * expansion of (f - mu)^2 well conditioned):
 *   ln(w_c N) = sum_d f'_d (mu'_cd / var_cd) + sum_d f'^2_d (-1 / (2 var_cd))
 *               + ln w_c - D/2 ln(2 pi) - 1/2 sum_d ln var_cd - 1/2 sum_d mu'^2_cd / var_cd,
 * so scoring N features is one (N x (2D+1)) x ((2D+1) x C) matrix product plus a log-sum-exp.
 */
import { gmmMessages } from '../../messages/index.ts';

export interface Gmm {
  /** Components C. */
  readonly c: number;
  /** Feature dimension D. */
  readonly d: number;
  /** Mixing weights w_c (length C, positive, sum 1). */
  readonly weights: Float64Array;
  /** Means, row-major C x D. */
  readonly means: Float64Array;
  /** Diagonal variances, row-major C x D, positive. */
  readonly variances: Float64Array;
}

/** Checks shapes and values; throws a RangeError naming the first problem. */
export function validateGmm(g: Gmm): void {
  if (!(Number.isInteger(g.c) && g.c >= 1 && Number.isInteger(g.d) && g.d >= 1))
    throw new RangeError(gmmMessages.shape(g.c, g.d));
  if (g.weights.length !== g.c)
    throw new RangeError(gmmMessages.weightCount(g.weights.length, g.c));
  if (g.means.length !== g.c * g.d || g.variances.length !== g.c * g.d) {
    throw new RangeError(gmmMessages.paramCount(g.c * g.d));
  }
  let sum = 0;
  for (const [c, w] of g.weights.entries()) {
    if (!(w >= 0)) throw new RangeError(gmmMessages.negativeWeight(c, w));
    sum += w;
  }
  if (Math.abs(sum - 1) > 1e-6) throw new RangeError(gmmMessages.weightSum(sum));
  for (const [i, v] of g.variances.entries())
    if (!(v > 0 && Number.isFinite(v))) throw new RangeError(gmmMessages.badVariance(i, v));
  for (const [i, m] of g.means.entries())
    if (!Number.isFinite(m)) throw new RangeError(gmmMessages.badMean(i, m));
}

/**
 * The affine form of the file comment: A ((2D+1) x C, row-major, float64) for features shifted by
 * `shift` (D; default the weighted mean of the component means).
 */
export function affineForm(
  g: Gmm,
  shiftBy?: Float64Array,
): { shift: Float64Array; a: Float64Array } {
  const { c: nc, d: nd } = g;
  const shift = shiftBy ?? new Float64Array(nd);
  if (!shiftBy) {
    for (let c = 0; c < nc; c++)
      for (let d = 0; d < nd; d++) shift[d] += g.weights[c] * g.means[c * nd + d];
  }
  const a = new Float64Array((2 * nd + 1) * nc);
  for (let c = 0; c < nc; c++) {
    let k = Math.log(g.weights[c]) - 0.5 * nd * Math.log(2 * Math.PI);
    for (let d = 0; d < nd; d++) {
      const v = g.variances[c * nd + d];
      const mu = g.means[c * nd + d] - shift[d];
      a[d * nc + c] = mu / v;
      a[(nd + d) * nc + c] = -0.5 / v;
      k -= 0.5 * Math.log(v) + (0.5 * mu * mu) / v;
    }
    a[2 * nd * nc + c] = k;
  }
  return { shift, a };
}
