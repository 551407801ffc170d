/**
 * Seeded random numbers. Every random draw in the project comes from a generator made here from
 * the spec's seed and a purpose name, so runs are re-creatable and streams for different purposes
 * (corpus file 3, test-set offsets, weight init...) are independent of each other and of the order
 * in which they are created. Never use Math.random in library code (lint enforces it).
 */
import seedrandom from 'seedrandom';

/** Uniform generator on [0, 1). */
export type Rng = () => number;

/**
 * A generator for (seed, purpose): the same pair always gives the same stream.
 * Uses seedrandom's Alea algorithm (fast, 2^116 period, good statistical quality).
 */
export function makeRng(seed: number | string, purpose: string): Rng {
  const prng = seedrandom.alea(`${seed}/${purpose}`);
  return () => prng();
}

/** A uniform draw in [lo, hi). */
export function uniform(rng: Rng, lo: number, hi: number): number {
  return lo + (hi - lo) * rng();
}

/** An integer in [lo, hi] (both inclusive). */
export function randInt(rng: Rng, lo: number, hi: number): number {
  return lo + Math.floor(rng() * (hi - lo + 1));
}

/** A log-uniform draw in [lo, hi) (lo > 0): for frequencies and other scale parameters. */
export function logUniform(rng: Rng, lo: number, hi: number): number {
  return lo * Math.exp(Math.log(hi / lo) * rng());
}

/** A standard-normal draw (Box-Muller; one of the pair is discarded for simplicity). */
export function gaussian(rng: Rng): number {
  let u = rng();
  while (u <= 1e-300) u = rng();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/**
 * Fast standard-normal noise for audio hot loops: fills `out` with N(0, 1) samples using the
 * polar Box-Muller method (both values of each pair are used).
 */
export function fillGaussian(rng: Rng, out: Float32Array | Float64Array): void {
  const n = out.length;
  let i = 0;
  while (i < n) {
    let u: number, v: number, s: number;
    do {
      u = 2 * rng() - 1;
      v = 2 * rng() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt((-2 * Math.log(s)) / s);
    out[i++] = u * m;
    if (i < n) out[i++] = v * m;
  }
}

/** Fisher-Yates shuffle in place. */
export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
