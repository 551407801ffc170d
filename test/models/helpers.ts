/**
 * Small, fast fixtures for the model tests: toy "log-mel" sets whose frames are the vectors
 * themselves (context Pb = Pf = 0, so Q = the band count), and small-network settings.
 */
import { ContextIndex } from '../../src/features/context.ts';
import type { LogMel } from '../../src/features/logmel.ts';
import { resolveSettings, type ModelSettings } from '../../src/models/settings.ts';
import { gaussian, type Rng } from '../../src/util/rng.ts';

/** n vectors of `dim` values from `draw` (which fills one row) as a one-clip set. */
export function toySet(n: number, dim: number, draw: (row: Float32Array) => void): ContextIndex {
  const data = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) draw(data.subarray(i * dim, (i + 1) * dim));
  const mel: LogMel = { data, nFrames: n, nMels: dim };
  return new ContextIndex([mel], { pb: 0, pf: 0 });
}

/** Rows x = A s + noise with s ~ N(centre, diag(scale^2)) (A: dim x k, column-major by row). */
export function linearGaussian(
  rng: Rng,
  a: Float32Array,
  k: number,
  centre: readonly number[],
  scale: readonly number[],
  noise: number,
): (row: Float32Array) => void {
  const s = new Float64Array(k);
  return (row) => {
    for (let j = 0; j < k; j++) s[j] = centre[j] + scale[j] * gaussian(rng);
    for (let i = 0; i < row.length; i++) {
      let v = noise * gaussian(rng);
      for (let j = 0; j < k; j++) v += a[i * k + j] * s[j];
      row[i] = v;
    }
  };
}

/** A random dim x k mixing matrix with unit-norm columns. */
export function mixing(rng: Rng, dim: number, k: number): Float32Array {
  const a = new Float32Array(dim * k);
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = 0; i < dim; i++) {
      a[i * k + j] = gaussian(rng);
      norm += a[i * k + j] ** 2;
    }
    for (let i = 0; i < dim; i++) a[i * k + j] /= Math.sqrt(norm);
  }
  return a;
}

/** Small-network settings for tests (64-dim input, hidden [32], D = 4). */
export function smallSettings(overrides: Partial<ModelSettings> = {}): ModelSettings {
  return resolveSettings({
    hidden: [32],
    featureDim: 4,
    batchSize: 50,
    epochs: 3,
    components: 4,
    emMaxIter: 30,
    ...overrides,
  });
}
