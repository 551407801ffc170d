/**
 * Precision, recall and F1 of the decision H = 1 when score > phi (METHOD.md section 1 item 5,
 * section 8). Label 1 = anomalous (positive).
 * Conventions: precision = 0 when nothing is flagged (scikit-learn's zero_division=0); F1 = 0
 * when precision + recall = 0. Recall needs at least one anomalous item (else an error).
 *
 * Table I rule (oracle, chosen on test labels): the threshold maximising (P + R + F1) / 3 over
 * every distinct cut of the test scores. Candidates are phi = each distinct score (flags the
 * scores above it) and phi = -Infinity (flags everything). Ties in the objective go to the
 * largest phi (fewest alarms). The deployable rule is prfAt(scores, labels, phi_rho) with phi_rho
 * from training data (src/models/gmm/threshold.ts).
 */
import { descendingCuts } from './cuts.ts';
import { metricMessages } from '../../messages/index.ts';
import { checkScores, type Labels } from './validate.ts';

export interface Prf {
  /** The threshold used: flagged iff score > threshold. */
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  /** Items flagged anomalous. */
  flagged: number;
}

function prfFrom(tp: number, fp: number, pos: number, threshold: number): Prf {
  const precision = tp + fp === 0 ? 0 : tp / (tp + fp);
  const recall = tp / pos;
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { threshold, precision, recall, f1, flagged: tp + fp };
}

/** P, R, F1 at a given threshold phi (flag score > phi). */
export function prfAt(scores: ArrayLike<number>, labels: Labels, phi: number): Prf {
  if (Number.isNaN(phi)) throw new RangeError(metricMessages.thresholdNaN());
  const { pos } = checkScores(scores, labels, 'precision/recall');
  if (pos === 0) throw new RangeError(metricMessages.noAnomalies('precision/recall'));
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < scores.length; i++) {
    if (scores[i] > phi) {
      if (labels[i] === 1) tp++;
      else fp++;
    }
  }
  return prfFrom(tp, fp, pos, phi);
}

/** The Table I threshold and its P, R, F1 (file comment), with the objective's value. */
export function oracleThreshold(
  scores: ArrayLike<number>,
  labels: Labels,
): Prf & { objective: number } {
  const { pos } = checkScores(scores, labels, 'oracle threshold');
  if (pos === 0) throw new RangeError(metricMessages.noAnomalies('oracle threshold'));
  const cuts = descendingCuts(scores, labels);
  // Cut c flags the items strictly above the next lower distinct score.
  let best = { ...prfFrom(0, 0, pos, cuts[0].score), objective: 0 };
  for (const c of cuts) {
    const r = prfFrom(c.tp, c.fp, pos, c.next);
    const objective = (r.precision + r.recall + r.f1) / 3;
    if (objective > best.objective) best = { ...r, objective };
  }
  return best;
}
