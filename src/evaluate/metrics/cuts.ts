/**
 * The cuts of a score list: walking the scores from the highest down, one cut per distinct
 * score. Cut k flags every item with score >= cuts[k].score, which is the same set as the items
 * strictly above cuts[k].next (the next lower distinct score; -Infinity after the lowest), and
 * counts tp anomalous (label 1) and fp normal items among them. Ties fall into one cut. Shared by
 * the ROC curve (thresholds "score >=") and the P/R/F1 rules (thresholds "score >").
 */
import type { Labels } from './validate.ts';

export interface Cut {
  /** Lowest score flagged by this cut. */
  score: number;
  /** Next lower distinct score (-Infinity after the lowest): the cut is "score > next". */
  next: number;
  tp: number;
  fp: number;
}

export function descendingCuts(scores: ArrayLike<number>, labels: Labels): Cut[] {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort(
    (a, b) => scores[b] - scores[a],
  );
  const cuts: Cut[] = [];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < order.length; i++) {
    if (labels[order[i]] === 1) tp++;
    else fp++;
    const score = scores[order[i]];
    const next = i + 1 === order.length ? -Infinity : scores[order[i + 1]];
    if (i + 1 === order.length || next !== score) cuts.push({ score, next, tp, fp });
  }
  return cuts;
}
