/**
 * k-means++ seeding (Arthur and Vassilvitskii, 2007) for the mixture's initial means: the first
 * centre uniformly at random, each next one drawn with probability proportional to the squared
 * distance to the nearest centre chosen so far. Runs on a uniform subsample (default at most
 * 20,000 points) because the cost is N x k x D; randomness comes only from the injected `rng`.
 */
import { gmmMessages, notRowsOfD } from '../../messages/index.ts';
import type { Rng } from '../../util/rng.ts';

/** k centres (row-major k x D, float64) chosen from the N = x.length / D rows of `x`. */
export function kmeansPlusPlus(
  x: Float32Array | Float64Array,
  d: number,
  k: number,
  rng: Rng,
  sampleSize = 20000,
): Float64Array {
  const n = x.length / d;
  if (!Number.isInteger(n)) throw new RangeError(notRowsOfD('kmeans++', x.length, d));
  if (!(Number.isInteger(k) && k >= 1 && k <= n))
    throw new RangeError(gmmMessages.kmeansCentres(k, n));
  // Partial Fisher-Yates: the first m entries of `idx` are a uniform sample without replacement.
  const m = Math.min(n, Math.max(sampleSize, k));
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + Math.floor(rng() * (n - i));
    const tmp = idx[i];
    idx[i] = idx[j];
    idx[j] = tmp;
  }
  const centres = new Float64Array(k * d);
  const dist = new Float64Array(m).fill(Infinity);
  let pick = idx[Math.floor(rng() * m)];
  for (let c = 0; c < k; c++) {
    for (let j = 0; j < d; j++) centres[c * d + j] = x[pick * d + j];
    let total = 0;
    for (let i = 0; i < m; i++) {
      const p = idx[i] * d;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const diff = x[p + j] - centres[c * d + j];
        s += diff * diff;
      }
      if (s < dist[i]) dist[i] = s;
      total += dist[i];
    }
    if (c + 1 === k) break;
    if (!(total > 0)) {
      // All sampled points coincide with chosen centres: fall back to a uniform draw.
      pick = idx[Math.floor(rng() * m)];
      continue;
    }
    let r = rng() * total;
    let i = 0;
    for (; i < m - 1; i++) {
      r -= dist[i];
      if (r < 0) break;
    }
    pick = idx[i];
  }
  return centres;
}
