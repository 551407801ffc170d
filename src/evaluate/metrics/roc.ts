/**
 * ROC analysis of anomaly scores (METHOD.md section 8; Fig. 3): higher score = more anomalous,
 * label 1 = anomalous.
 *
 * The curve has one point per distinct score (ties are one step, a diagonal segment), from (0, 0)
 * to (1, 1): point k flags every item with score >= thresholds[k] (thresholds[0] = +Infinity
 * flags nothing), as scikit-learn's roc_curve with drop_intermediate=False.
 * AUC = trapezoidal area = the Mann-Whitney statistic P(score_a > score_n) + 0.5 P(tie).
 * Partial AUC up to FPR p: area of the curve over [0, p], linearly interpolated at p; reported raw
 * (in [0, p]) and McClish-standardised, 0.5 (1 + (A - p^2/2) / (p - p^2/2)), which is what
 * scikit-learn's roc_auc_score(max_fpr=p) returns and what the DCASE baselines report as pAUC.
 */
import { metricMessages } from '../../messages/index.ts';
import { checkBothClasses, type Labels } from './validate.ts';
import { descendingCuts } from './cuts.ts';

export interface RocCurve {
  fpr: Float64Array;
  tpr: Float64Array;
  /** Point k flags scores >= thresholds[k]. */
  thresholds: Float64Array;
}

/** The ROC curve over all distinct thresholds. Throws unless both classes are present. */
export function rocCurve(scores: ArrayLike<number>, labels: Labels): RocCurve {
  const { pos, neg } = checkBothClasses(scores, labels, 'ROC');
  const cuts = descendingCuts(scores, labels);
  const fpr = [0, ...cuts.map((c) => c.fp / neg)];
  const tpr = [0, ...cuts.map((c) => c.tp / pos)];
  const thr = [Infinity, ...cuts.map((c) => c.score)];
  return {
    fpr: Float64Array.from(fpr),
    tpr: Float64Array.from(tpr),
    thresholds: Float64Array.from(thr),
  };
}

/** Area under the ROC curve (trapezoids; ties count half). */
export function auc(scores: ArrayLike<number>, labels: Labels): number {
  const { fpr, tpr } = rocCurve(scores, labels);
  let a = 0;
  for (let k = 1; k < fpr.length; k++) a += ((fpr[k] - fpr[k - 1]) * (tpr[k] + tpr[k - 1])) / 2;
  return a;
}

/** Partial AUC for FPR in [0, maxFpr] (default 0.1), raw and McClish-standardised. */
export function partialAuc(
  scores: ArrayLike<number>,
  labels: Labels,
  maxFpr = 0.1,
): { raw: number; mcclish: number } {
  if (!(maxFpr > 0 && maxFpr <= 1)) throw new RangeError(metricMessages.maxFpr(maxFpr));
  const { fpr, tpr } = rocCurve(scores, labels);
  let a = 0;
  for (let k = 1; k < fpr.length && fpr[k - 1] < maxFpr; k++) {
    const x1 = Math.min(fpr[k], maxFpr);
    // TPR at x1 on the segment (linear interpolation; the segment may be vertical).
    const y1 =
      fpr[k] === fpr[k - 1]
        ? tpr[k]
        : tpr[k - 1] + ((tpr[k] - tpr[k - 1]) * (x1 - fpr[k - 1])) / (fpr[k] - fpr[k - 1]);
    a += ((x1 - fpr[k - 1]) * (y1 + tpr[k - 1])) / 2;
  }
  const minArea = 0.5 * maxFpr * maxFpr;
  return { raw: a, mcclish: 0.5 * (1 + (a - minArea) / (maxFpr - minArea)) };
}

/**
 * TPR at FPR = rho: the highest TPR of a threshold whose FPR is at most rho (an operating point a
 * deterministic threshold can reach; no interpolation between points). rho in [0, 1], default
 * 0.05 (the paper's). All scores tied gives 0 for rho < 1 (only "flag nothing" has FPR <= rho).
 */
export function tprAtFpr(scores: ArrayLike<number>, labels: Labels, rho = 0.05): number {
  if (!(rho >= 0 && rho <= 1)) throw new RangeError(metricMessages.tprRho(rho));
  const { fpr, tpr } = rocCurve(scores, labels);
  let best = 0;
  for (let k = 0; k < fpr.length; k++) if (fpr[k] <= rho + 1e-12 && tpr[k] > best) best = tpr[k];
  return best;
}
