/**
 * Simulated anomalous features (METHOD.md section 6; paper Algorithm 2, eq. 16-18): rejection
 * sampling from the VAE prior. Draw f ~ N(0, I_D); keep it only if L(f) > phi_rho, i.e. the
 * normal model does not regard it as normal. Draws come in chunks from the injected generator and
 * are scored on the backend; the number of draws is capped, so a normal model that covers the
 * whole prior fails with a clear error instead of looping forever.
 */
import { scoreSamples, type GmmTensors } from './gmm/score-tf.ts';
import { modelMessages } from '../messages/index.ts';
import { fillGaussian, type Rng } from '../util/rng.ts';

export interface SampleResult {
  /** Accepted features, row-major k x D. */
  features: Float32Array;
  /** Draws made, up to and including the k-th acceptance. */
  drawn: number;
  /** k. */
  accepted: number;
  /** accepted / drawn. */
  acceptance: number;
}

/**
 * k features with L(f) > phi from N(0, I_D) (D = the mixture's), using at most `maxDraws` draws.
 * Throws (naming accepted count, cap and phi) when fewer than k are accepted within the cap.
 */
export function sampleAnomalousFeatures(
  g: GmmTensors,
  phi: number,
  k: number,
  rng: Rng,
  maxDraws: number,
): SampleResult {
  const d = g.d;
  const chunk = Math.max(256, 4 * k);
  const draws = new Float32Array(chunk * d);
  const scores = new Float64Array(chunk);
  const out = new Float32Array(k * d);
  let drawn = 0;
  let accepted = 0;
  while (accepted < k && drawn < maxDraws) {
    const m = Math.min(chunk, maxDraws - drawn);
    const x = draws.subarray(0, m * d);
    fillGaussian(rng, x);
    scoreSamples(g, x, { out: scores });
    for (let i = 0; i < m && accepted < k; i++) {
      drawn++;
      if (scores[i] > phi) {
        out.set(x.subarray(i * d, (i + 1) * d), accepted * d);
        accepted++;
      }
    }
  }
  if (accepted < k)
    throw new RangeError(modelMessages.samplerExhausted(accepted, k, maxDraws, phi));
  return { features: out, drawn, accepted, acceptance: accepted / drawn };
}
