/**
 * The deployable threshold phi_rho (METHOD.md section 5; paper Algorithm 1): sort the anomaly
 * scores of the Kd normal training features in descending order and take the floor(rho Kd)-th
 * value (1-based). With the decision H = 1 when L > phi (eq. 5), the frames strictly above it are
 * flagged: floor(rho Kd) - 1 of them when scores are distinct, i.e. a training FPR just under rho.
 */
import { gmmMessages } from '../../messages/index.ts';

/** phi_rho from normal training scores (nats); rho in (0, 1), default 0.05 (the paper's). */
export function thresholdAtRho(normalScores: ArrayLike<number>, rho = 0.05): number {
  const kd = normalScores.length;
  if (!(rho > 0 && rho < 1)) throw new RangeError(gmmMessages.rho(rho));
  const k = Math.floor(rho * kd);
  if (k < 1) throw new RangeError(gmmMessages.rhoTooFewScores(rho, kd));
  const sorted = Float64Array.from(normalScores);
  for (const [i, v] of sorted.entries())
    if (Number.isNaN(v)) throw new RangeError(gmmMessages.rhoNaN(i));
  sorted.sort();
  // k-th largest = element kd - k of the ascending order.
  return sorted[kd - k];
}
