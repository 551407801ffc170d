/**
 * Summary statistics over seeds (pure): mean, sample standard deviation (n - 1) and the 95%
 * confidence interval of the mean, mean +- t(0.975, n - 1) std / sqrt(n) (Student's t: the runs
 * of a cell are a small sample of independent seeds). Values are metrics (P, R, F1, AUC, ...),
 * unitless. With one value there is no spread: std 0 and the interval is [mean, mean] (not a real
 * interval; the caller shows n).
 *
 * Student's t is computed, not tabled: the CDF from the regularized incomplete beta function
 * (Numerical Recipes 6.4: continued fraction by the modified Lentz method, ln Gamma by Lanczos),
 * the quantile by safeguarded Newton steps on it. Against 40-digit mpmath values
 * (test/fixtures/make_stats.py) the quantile is good to ~1e-13 relative for df up to 1000; it
 * degrades slowly beyond (ln B(df/2, 1/2) cancels: ~1e-9 at df 1e6), far past any seed count.
 */
import { evalMessages } from '../../messages/index.ts';

export interface Summary {
  /** Number of values (seeds). */
  n: number;
  mean: number;
  /** Sample standard deviation (n - 1); 0 when n = 1. */
  std: number;
  /** 95% CI of the mean; both equal the mean when n = 1. */
  ciLow: number;
  ciHigh: number;
}

function checkValues(values: readonly number[], what: string): void {
  if (values.length === 0) throw new RangeError(evalMessages.noValues(what));
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(evalMessages.notFinite(what, i, v));
  });
}

/** Arithmetic mean of at least one finite value. */
export function mean(values: readonly number[]): number {
  checkValues(values, 'mean');
  return values.reduce((a, v) => a + v, 0) / values.length;
}

/** Sample standard deviation sqrt(sum (v - mean)^2 / (n - 1)), two-pass; 0 when n = 1. */
export function sampleStd(values: readonly number[]): number {
  const m = mean(values);
  const n = values.length;
  if (n < 2) return 0;
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (n - 1));
}

/**
 * Half-width of the two-sided `level` CI of a mean from n values with sample std `std`:
 * t((1 + level) / 2, n - 1) std / sqrt(n); 0 when n = 1.
 */
export function ciHalfWidth(std: number, n: number, level = 0.95): number {
  if (n < 2) return 0;
  return (tQuantile((1 + level) / 2, n - 1) * std) / Math.sqrt(n);
}

/** n, mean, sample std and the 95% CI of the mean of `values` (at least one, all finite). */
export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  const m = mean(values);
  const std = sampleStd(values);
  const half = ciHalfWidth(std, n);
  return { n, mean: m, std, ciLow: m - half, ciHigh: m + half };
}

// ---------------------------------------------------------------------------------------------
// Student's t
// ---------------------------------------------------------------------------------------------

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Gamma(x) for x > 0 (Lanczos, g = 7, 9 terms: ~1e-15 relative in Gamma). */
function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

const TINY = 1e-300;
const guard = (v: number): number => (Math.abs(v) < TINY ? TINY : v);

/** Continued fraction of I_x(a, b) (Numerical Recipes betacf, modified Lentz). */
function betaFraction(a: number, b: number, x: number): number {
  let c = 1;
  let d = 1 / guard(1 - ((a + b) * x) / (a + 1));
  let h = d;
  // Converges in O(sqrt(max(a, b))) terms on the side of the mean it is used on.
  for (let m = 1; m <= 10000; m++) {
    const even = (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 / guard(1 + even * d);
    c = guard(1 + even / c);
    h *= d * c;
    const odd = (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 / guard(1 + odd * d);
    c = guard(1 + odd / c);
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) <= Number.EPSILON) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b), with y = 1 - x passed separately so that x near 1
 * keeps its precision. ln x and ln y are given by the caller for the same reason.
 */
function incompleteBeta(
  a: number,
  b: number,
  x: number,
  y: number,
  lnX: number,
  lnY: number,
): number {
  if (lnX === -Infinity) return 0; // x may underflow to 0 while ln x is finite
  if (lnY === -Infinity) return 1;
  const front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * lnX + b * lnY);
  return x < (a + 1) / (a + b + 2)
    ? (front * betaFraction(a, b, x)) / a
    : 1 - (front * betaFraction(b, a, y)) / b;
}

function checkDf(df: number): void {
  if (!(df > 0 && Number.isFinite(df))) throw new RangeError(evalMessages.degreesOfFreedom(df));
}

/** P(T > t) for t >= 0: 0.5 I_{df/(df+t^2)}(df/2, 1/2). */
function upperTail(t: number, df: number): number {
  // x = df / (df + t^2) = 1 / (1 + r) and y = 1 - x = r / (1 + r), in logs from r = t^2 / df.
  const r = (t * t) / df;
  if (r === Infinity) {
    if (t === Infinity) return 0;
    const lnR = 2 * Math.log(t) - Math.log(df); // t^2 overflows: x = 1 / r, y = 1
    return 0.5 * incompleteBeta(df / 2, 0.5, Math.exp(-lnR), 1, -lnR, 0);
  }
  const lnX = -Math.log1p(r);
  return 0.5 * incompleteBeta(df / 2, 0.5, 1 / (1 + r), r / (1 + r), lnX, Math.log(r) + lnX);
}

/** Density of Student's t at t. */
function tPdf(t: number, df: number): number {
  const lnC = lnGamma((df + 1) / 2) - lnGamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  const r = (t * t) / df;
  const ln1r = r === Infinity ? 2 * Math.log(Math.abs(t)) - Math.log(df) : Math.log1p(r);
  return Math.exp(lnC - ((df + 1) / 2) * ln1r);
}

/** Student's t CDF P(T <= t) with `df` > 0 degrees of freedom (need not be an integer). */
export function tCdf(t: number, df: number): number {
  checkDf(df);
  if (Number.isNaN(t)) throw new RangeError(evalMessages.notFinite("Student's t CDF", 0, t));
  const tail = upperTail(Math.abs(t), df);
  return t >= 0 ? 1 - tail : tail;
}

/**
 * The p-quantile of Student's t with `df` > 0 degrees of freedom, p in (0, 1). Solves
 * P(T > t) = min(p, 1 - p) for t >= 0 (the small tail, so tiny p keep their precision) by Newton
 * steps, falling back to bisection whenever a step leaves the bracket.
 */
export function tQuantile(p: number, df: number): number {
  checkDf(df);
  if (!(p > 0 && p < 1)) throw new RangeError(evalMessages.probability(p));
  if (p === 0.5) return 0;
  const q = p < 0.5 ? p : 1 - p; // exact for p >= 0.5 (Sterbenz)
  let lo = 0;
  let hi = 1;
  while (upperTail(hi, df) > q) {
    lo = hi;
    hi *= 2;
  }
  let t = (lo + hi) / 2;
  for (let i = 0; i < 2000; i++) {
    const f = upperTail(t, df) - q; // decreasing in t
    if (f === 0) break;
    if (f > 0) lo = t;
    else hi = t;
    let next = t + f / tPdf(t, df);
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - t) <= 4 * Number.EPSILON * t || hi - lo <= 4 * Number.EPSILON * hi) {
      t = next;
      break;
    }
    t = next;
  }
  return p < 0.5 ? -t : t;
}
