/**
 * Input checks shared by the metrics. Degenerate input is an error with a clear message, never a
 * silent NaN: a NaN score, a label other than 0/1, mismatched lengths, or (for metrics that need
 * both classes: ROC, AUC, recall) a test set with one class only.
 */
import { metricMessages } from '../../messages/index.ts';

/** Labels: 1 = anomalous (positive), 0 = normal. */
export type Labels = ArrayLike<number>;

/** Throws unless scores and labels are non-empty, equally long, finite-or-infinite and 0/1. */
export function checkScores(
  scores: ArrayLike<number>,
  labels: Labels,
  what: string,
): { pos: number; neg: number } {
  if (scores.length !== labels.length) {
    throw new RangeError(metricMessages.lengthMismatch(what, scores.length, labels.length));
  }
  if (scores.length === 0) throw new RangeError(metricMessages.noScores(what));
  let pos = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError(metricMessages.scoreNaN(what, i));
    if (labels[i] === 1) pos++;
    else if (labels[i] !== 0) throw new RangeError(metricMessages.badLabel(what, i, labels[i]));
  }
  return { pos, neg: scores.length - pos };
}

/** As checkScores, and both classes must be present. */
export function checkBothClasses(
  scores: ArrayLike<number>,
  labels: Labels,
  what: string,
): { pos: number; neg: number } {
  const c = checkScores(scores, labels, what);
  if (c.pos === 0 || c.neg === 0) {
    throw new RangeError(metricMessages.oneClass(what, c.pos, c.neg));
  }
  return c;
}
