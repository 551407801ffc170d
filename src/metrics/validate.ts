/**
 * Input checks shared by the metrics. Degenerate input is an error with a clear message, never a
 * silent NaN: a NaN score, a label other than 0/1, mismatched lengths, or (for metrics that need
 * both classes: ROC, AUC, recall) a test set with one class only.
 */

/** Labels: 1 = anomalous (positive), 0 = normal. */
export type Labels = ArrayLike<number>;

/** Throws unless scores and labels are non-empty, equally long, finite-or-infinite and 0/1. */
export function checkScores(
  scores: ArrayLike<number>,
  labels: Labels,
  what: string,
): { pos: number; neg: number } {
  if (scores.length !== labels.length) {
    throw new RangeError(`${what}: ${scores.length} scores but ${labels.length} labels`);
  }
  if (scores.length === 0) throw new RangeError(`${what}: no scores`);
  let pos = 0;
  for (let i = 0; i < scores.length; i++) {
    if (Number.isNaN(scores[i])) throw new RangeError(`${what}: score ${i} is NaN`);
    if (labels[i] === 1) pos++;
    else if (labels[i] !== 0)
      throw new RangeError(`${what}: label ${i} is ${labels[i]}, expected 0 or 1`);
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
    throw new RangeError(`${what}: needs both classes, got ${c.pos} anomalous and ${c.neg} normal`);
  }
  return c;
}
