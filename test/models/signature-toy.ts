/**
 * A linear-Gaussian toy in which PROP's Neyman-Pearson step has something to find (see
 * docs/findings/prop-toy.md for the design, the measurements and the toys where it does not).
 *
 * Input x (64 dims) = A s + 0.1 noise, A = 7 unit-norm random directions (helpers.mixing):
 * - O ("various sounds"): s_0..s_5 ~ N(0, 1), s_6 = 0. Six directions of unit variance; the
 *   seventh, u = A[:, 6], carries none of O's variance.
 * - D (normal sound of one machine, a narrow subset): s_0 ~ N(1.5, 1), s_1..s_5 ~ N(0, 0.2^2)
 *   and a fixed signature s_6 = 1.5 along u that O never has.
 * - Anomalies: D with its signature changed to s_6 = 1.5 + `delta` (default -0.5, a third of
 *   it removed), everything else as D.
 * With D = 4 features the VAE (trained on D and O together, D a third of the data) keeps four of
 * the seven directions; u carries the least variance ((1/3)(2/3) 1.5^2 = 0.5 against about 0.67
 * for each of O's) and is compressed away, so the anomalies look normal to it. PROP's decoder
 * is trained on O only, so x_a = G(f) has no signature, and the NP step (separating x_a from D)
 * trains F to encode u.
 */
import type { TrainData } from '../../src/models/data.ts';
import { makeRng } from '../../src/util/rng.ts';
import { linearGaussian, mixing, toySet } from './helpers.ts';

export const SIGNATURE_Q = 64;

export interface SignatureToy {
  train: TrainData;
  /** nTest normal vectors then nTest anomalous ones, row-major (2 nTest) x 64. */
  test: Float32Array;
  /** 0 for the normal half, 1 for the anomalous half. */
  labels: Uint8Array;
}

export function signatureToy(seed: number, nTest = 500, delta = -0.5): SignatureToy {
  const rng = makeRng(seed, 'signature-toy');
  const q = SIGNATURE_Q;
  const a = mixing(rng, q, 7);
  const noise = 0.1;
  const dScale = [1, 0.2, 0.2, 0.2, 0.2, 0.2, 0];
  const normal = (sig: number) =>
    linearGaussian(rng, a, 7, [1.5, 0, 0, 0, 0, 0, sig], dScale, noise);
  const other = linearGaussian(rng, a, 7, [0, 0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1, 0], noise);
  const train = { normal: toySet(400, q, normal(1.5)), other: toySet(800, q, other) };
  const test = new Float32Array(2 * nTest * q);
  const drawN = normal(1.5);
  const drawA = normal(1.5 + delta);
  for (let i = 0; i < 2 * nTest; i++)
    (i < nTest ? drawN : drawA)(test.subarray(i * q, (i + 1) * q));
  const labels = new Uint8Array(2 * nTest).fill(1, nTest);
  return { train, test, labels };
}
