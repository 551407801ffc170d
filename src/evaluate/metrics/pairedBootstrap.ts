/**
 * Paired bootstrap of an AUC difference over seeds and clips (pure; the RNG is injected).
 *
 * Two methods A and B score the same test clips in every seed (the methods of a cell share its
 * test set). The statistic is the mean over seeds of AUC_A - AUC_B. One replicate draws the
 * seeds with replacement, then within each drawn seed draws its anomalous and its normal clips
 * with replacement (stratified, so both classes stay present and sizes are fixed), using the SAME
 * clip indices for A and B; its statistic is the mean of the paired AUC differences. Why: the
 * pairing removes the clip-to-clip difficulty both methods share, and the AUC (a Mann-Whitney
 * statistic over pairs of clips) is not a mean of independent per-clip terms, so a t-test on
 * per-clip values does not apply; resampling seeds too puts the training variance (which moves
 * one method's AUC by up to 0.2 between seeds on real sound) into the interval.
 *
 * CI: the 2.5% and 97.5% percentiles of the replicates (linear interpolation between order
 * statistics). Two-sided p-value of "no difference": p = min(1, 2 min(#{d* <= 0} + 1,
 * #{d* >= 0} + 1) / (B + 1)), the add-one percentile bootstrap p-value; identical scores give
 * every d* = 0, so CI [0, 0] and p = 1.
 */
import { evalMessages } from '../../messages/index.ts';
import type { Rng } from '../../util/rng.ts';
import { auc } from './roc.ts';

/** One seed's test set as both methods scored it. */
export interface PairedSeed {
  /** 1 = anomalous, 0 = normal, per clip. */
  labels: ArrayLike<number>;
  /** Scores of method A (e.g. PROP) and B, per clip (higher = more anomalous). */
  a: ArrayLike<number>;
  b: ArrayLike<number>;
}

export interface PairedResult {
  /** Mean over seeds of AUC_A - AUC_B on the full test sets. */
  diff: number;
  /** 95% percentile bootstrap interval of the difference. */
  ciLow: number;
  ciHigh: number;
  /** Two-sided bootstrap p-value of no difference. */
  p: number;
  /** Replicates. */
  replicates: number;
}

/** The q-quantile (0..1) of sorted values, linear between order statistics. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The add-one two-sided bootstrap p-value of "difference 0" from the replicates. */
export function bootstrapP(replicates: ArrayLike<number>): number {
  let le = 0;
  let ge = 0;
  for (let i = 0; i < replicates.length; i++) {
    if (replicates[i] <= 0) le++;
    if (replicates[i] >= 0) ge++;
  }
  return Math.min(1, (2 * (Math.min(le, ge) + 1)) / (replicates.length + 1));
}

/** AUC_A - AUC_B of one seed's clips `idx`. */
function diffAt(
  s: PairedSeed,
  idx: Int32Array,
  y: Float64Array,
  sa: Float64Array,
  sb: Float64Array,
) {
  for (let i = 0; i < idx.length; i++) {
    y[i] = s.labels[idx[i]];
    sa[i] = s.a[idx[i]];
    sb[i] = s.b[idx[i]];
  }
  return auc(sa, y) - auc(sb, y);
}

/** The paired bootstrap of the mean AUC difference with `replicates` draws from `rng`. */
export function pairedAucBootstrap(
  seeds: readonly PairedSeed[],
  rng: Rng,
  replicates = 2000,
): PairedResult {
  if (seeds.length === 0) throw new RangeError(evalMessages.noValues('paired bootstrap'));
  const prepared = seeds.map((s) => {
    const n = s.labels.length;
    if (s.a.length !== n || s.b.length !== n)
      throw new RangeError(evalMessages.pairedLengths(n, s.a.length, s.b.length));
    const pos: number[] = [];
    const neg: number[] = [];
    for (let i = 0; i < n; i++) (s.labels[i] === 1 ? pos : neg).push(i);
    const all = Int32Array.from([...pos, ...neg]);
    const buf = { y: new Float64Array(n), sa: new Float64Array(n), sb: new Float64Array(n) };
    return { s, pos, neg, all, buf, idx: new Int32Array(n) };
  });
  const full = prepared.map((p) => diffAt(p.s, p.all, p.buf.y, p.buf.sa, p.buf.sb));
  const diff = full.reduce((a, v) => a + v, 0) / full.length;
  const draws = new Float64Array(replicates);
  const k = seeds.length;
  for (let r = 0; r < replicates; r++) {
    let sum = 0;
    for (let j = 0; j < k; j++) {
      const p = prepared[Math.floor(rng() * k)];
      let at = 0;
      for (const cls of [p.pos, p.neg])
        for (let i = 0; i < cls.length; i++) p.idx[at++] = cls[Math.floor(rng() * cls.length)];
      sum += diffAt(p.s, p.idx, p.buf.y, p.buf.sa, p.buf.sb);
    }
    draws[r] = sum / k;
  }
  const sorted = Float64Array.from(draws).sort();
  return {
    diff,
    ciLow: quantileSorted(sorted, 0.025),
    ciHigh: quantileSorted(sorted, 0.975),
    p: bootstrapP(draws),
    replicates,
  };
}
