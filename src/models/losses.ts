/**
 * Reconstruction losses and their gradient step (METHOD.md sections 3, 4; paper eq. 19, 20).
 *
 * AE:  loss = mean_k ||G(F(x_k)) - x_k||^2 + L2.
 * VAE: zeta_k = f_k + sigma_k (.) eps_k, eps_k ~ N(0, I_D) (reparameterisation),
 *      recon = mean_k ||G(zeta_k) - x_k||^2                                   (eq. 19)
 *      KL    = mean_k -1/2 sum_d (1 + ln sigma_kd^2 - f_kd^2 - sigma_kd^2)     (eq. 20)
 *      loss  = recon + KL + L2.
 * The paper sums over the batch; the mean over k differs only by the constant K (Adam is
 * invariant to it up to its epsilon), and keeps values comparable across batch sizes.
 * Squared errors are summed over the Q input dims, in standardised units.
 */
import { tf } from '../engine/backend.ts';
import { isFusedAdam } from '../engine/fusedAdam.ts';
import type { Rng } from '../util/rng.ts';
import {
  decode,
  decoderLayers,
  encode,
  encoderLayers,
  l2Penalty,
  variablesOf,
  type Decoder,
  type Encoder,
} from './network.ts';
import type { ModelSettings } from './settings.ts';

/**
 * Eq. 19 without the batch sum: mean_k ||xHat_k - x_k||^2 (squared errors summed over dims),
 * computed as (sum of all squared errors) / K.
 */
export function reconTerm(xHat: tf.Tensor2D, x: tf.Tensor2D): tf.Scalar {
  return sumSquaredErrors(xHat, x, xHat.shape[0]);
}

/**
 * sum((a - b)^2) / divisor, with its gradient 2 (a - b) / divisor (and the negation for b) given
 * directly: autodiff of the sum would build a tensor of ones of a's shape in JavaScript at
 * every step (~1-5 ms of fresh memory per training step here).
 */
export function sumSquaredErrors(a: tf.Tensor, b: tf.Tensor, divisor: number): tf.Scalar {
  return sumSquaresWithGrad(a, b, tf.scalar(divisor)) as tf.Scalar;
}

const sumSquaresWithGrad = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const [a, b, divisor, save] = args as [tf.Tensor, tf.Tensor, tf.Scalar, tf.GradSaveFunc];
  const diff = tf.sub(a, b);
  save([diff, divisor]);
  return {
    value: tf.div(tf.sum(tf.square(diff)), divisor),
    gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
      const [d, n] = saved;
      const g = tf.mul(d, tf.div(tf.mul(dy as tf.Tensor, 2), n));
      return [g, tf.neg(g), tf.zerosLike(n)];
    },
  };
});

/**
 * Eq. 20 without the batch sum: mean_k -1/2 sum_d (1 + logVar_kd - mean_kd^2 - exp(logVar_kd)),
 * the KL divergence of N(mean_k, diag exp(logVar_k)) from N(0, I), averaged over the batch.
 */
export function klTerm(mean: tf.Tensor2D, logVar: tf.Tensor2D): tf.Scalar {
  const inner = tf.sub(tf.add(1, logVar), tf.add(tf.square(mean), tf.exp(logVar)));
  return tf.mul(tf.mean(tf.sum(inner, 1)), -0.5);
}

export interface ReconValues {
  /** The minimised objective (recon + KL + L2), per vector. */
  loss: number;
  recon: number;
  /** 0 for the AE. */
  kl: number;
}

/**
 * One Adam step on F and G lowering the AE loss (`variational` false) or the VAE loss (true) on
 * the batch x (K x Q). `rng` gives the dropout seeds and the eps seed. Returns the values before
 * the step (one device-to-host read). With a FusedAdam the L2 term is folded into its update pass
 * (same gradient, no penalty kernels); with any other tf.Optimizer it is part of the graph.
 */
export function reconstructionStep(
  opt: tf.Optimizer,
  enc: Encoder,
  dec: Decoder,
  x: tf.Tensor2D,
  s: ModelSettings,
  rng: Rng,
  variational: boolean,
): ReconValues {
  const layers = [...encoderLayers(enc), ...decoderLayers(dec)];
  const fused = isFusedAdam(opt);
  let parts: tf.Tensor | undefined;
  const f = (): tf.Scalar => {
    const { mean, logVar } = encode(enc, x, s, rng);
    let z = mean;
    let kl: tf.Scalar = tf.scalar(0);
    if (variational && logVar) {
      const seed = Math.floor(rng() * 4294967296);
      const eps = tf.randomNormal(mean.shape, 0, 1, 'float32', seed);
      z = tf.add(mean, tf.mul(tf.exp(tf.mul(logVar, 0.5)), eps));
      kl = klTerm(mean, logVar);
    }
    const recon = reconTerm(decode(dec, z, s, rng), x);
    const total = (
      fused ? tf.add(recon, kl) : tf.addN([recon, kl, l2Penalty(layers, s.l2)])
    ) as tf.Scalar;
    parts = tf.keep(tf.stack([total, recon, kl]));
    return total;
  };
  let penalty = 0;
  if (isFusedAdam(opt)) {
    const weights = layers.map((l) => l.w);
    const r = opt.minimizeL2(f, variablesOf(layers), weights, s.l2);
    r.value.dispose();
    penalty = r.penalty;
  } else {
    opt.minimize(f, false, variablesOf(layers))?.dispose();
  }
  const v = (parts as tf.Tensor).dataSync();
  (parts as tf.Tensor).dispose();
  return { loss: v[0] + penalty, recon: v[1], kl: v[2] };
}
