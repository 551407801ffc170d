/**
 * The Neyman-Pearson step of PROP (METHOD.md section 5; paper eq. 10-12):
 *   J = mean_a sig(s (L(F(x_a)) - phi_rho)) - mean_d sig(s (L(F(x_d)) - phi_rho)),
 * sig(u) = 1 / (1 + e^-u) (the form consistent with eq. 5; section 5 explains the sign), slope s
 * (`sigmoidSlope`, default 1). L is the differentiable GMM score (score-tf.ts) with the mixture
 * and phi_rho constant; x_a are decoded simulated anomalies, constants here. One Adam step on F's
 * trunk and mean head (the variables f depends on) raises J (minimises -J + L2 of those layers).
 */
import { tf } from '../engine/backend.ts';
import { negLogLikelihood, type GmmTensors } from './gmm/score-tf.ts';
import type { Rng } from '../util/rng.ts';
import { encode, l2Penalty, variablesOf, type Dense, type Encoder } from './network.ts';
import type { ModelSettings } from './settings.ts';

export interface NpValues {
  /** J before the step. */
  j: number;
  /** Fraction of x_a with L(F(x_a)) > phi_rho (batch TPR at phi_rho), before the step. */
  tpr: number;
  /** Fraction of x_d with L(F(x_d)) > phi_rho (batch FPR at phi_rho), before the step. */
  fpr: number;
}

/** J (scalar) and the two score vectors for feature batches fa (Ka x D) and fd (Kd x D). */
export function npObjective(
  fa: tf.Tensor2D,
  fd: tf.Tensor2D,
  g: GmmTensors,
  phi: number,
  slope: number,
): { j: tf.Scalar; la: tf.Tensor1D; ld: tf.Tensor1D } {
  const la = negLogLikelihood(fa, g);
  const ld = negLogLikelihood(fd, g);
  const h = (l: tf.Tensor1D) => tf.mean(tf.sigmoid(tf.mul(tf.sub(l, phi), slope)));
  return { j: tf.sub(h(la), h(ld)) as tf.Scalar, la, ld };
}

/** The layers f = F(x) depends on: hidden layers and the mean head. */
function featurePath(enc: Encoder): Dense[] {
  return [...enc.hidden, enc.mean];
}

/**
 * One Adam step raising J on x_a (Ka x Q, constant) and x_d (Kd x Q). Dropout in F only when
 * `npDropout` is set (seeds from `rng`). Returns J, TPR and FPR of the batch before the step.
 */
export function npStep(
  opt: tf.Optimizer,
  enc: Encoder,
  xa: tf.Tensor2D,
  xd: tf.Tensor2D,
  g: GmmTensors,
  phi: number,
  s: ModelSettings,
  rng: Rng,
): NpValues {
  const layers = featurePath(enc);
  const seeds = s.npDropout ? rng : undefined;
  const ka = xa.shape[0];
  let parts: tf.Tensor | undefined;
  const f = (): tf.Scalar => {
    // F once on [x_a; x_d] (rows are independent; with npDropout each row still gets its own
    // mask), then split back into the two halves J compares.
    const both = encode(enc, tf.concat([xa, xd], 0), s, seeds).mean;
    const [fa, fd] = tf.split(both, [ka, xd.shape[0]], 0) as [tf.Tensor2D, tf.Tensor2D];
    const { j, la, ld } = npObjective(fa, fd, g, phi, s.sigmoidSlope);
    const rate = (l: tf.Tensor1D) => tf.mean(tf.cast(tf.greater(l, phi), 'float32'));
    parts = tf.keep(tf.stack([j, rate(la), rate(ld)]));
    return tf.add(tf.neg(j), l2Penalty(layers, s.l2)) as tf.Scalar;
  };
  opt.minimize(f, false, variablesOf(layers))?.dispose();
  const v = (parts as tf.Tensor).dataSync();
  (parts as tf.Tensor).dispose();
  return { j: v[0], tpr: v[1], fpr: v[2] };
}
