/**
 * Inverted dropout masks drawn in JavaScript. tf.dropout draws its uniforms one by one through
 * seedrandom in JavaScript and then runs four kernels (add, floor, div, mul) to make the mask;
 * here one 32-bit draw of xoshiro128** per element (seeded from a caller's seed through
 * splitmix32) is compared with the rate and written straight into the tensor's memory.
 * Meaning as tf.dropout: each element kept with probability 1 - rate, scaled by 1 / (1 - rate).
 */
import * as tf from '@tensorflow/tfjs';
import { tensorFromFill } from './heap.ts';

/** Fills `out` with 0 (probability `rate`) or 1 / (1 - rate), from a 32-bit `seed`. */
export function fillDropoutMask(out: Float32Array, rate: number, seed: number): void {
  // splitmix32 -> xoshiro128** state (never all zero: splitmix32 outputs are a bijection of
  // distinct counter values, and four consecutive ones cannot all be 0).
  let z = seed >>> 0;
  const next = () => {
    z = (z + 0x9e3779b9) >>> 0;
    let r = z;
    r = Math.imul(r ^ (r >>> 16), 0x85ebca6b);
    r = Math.imul(r ^ (r >>> 13), 0xc2b2ae35);
    return (r ^ (r >>> 16)) >>> 0;
  };
  let s0 = next();
  let s1 = next();
  let s2 = next();
  let s3 = next();
  // Keep when u >= rate * 2^32, u uniform on [0, 2^32).
  const threshold = Math.min(4294967295, Math.round(rate * 4294967296));
  const scale = 1 / (1 - rate);
  for (let i = 0; i < out.length; i++) {
    const r = Math.imul(s1, 5);
    const u = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    out[i] = u >= threshold ? scale : 0;
  }
}

/** x times a fresh inverted-dropout mask of x's shape (call inside tf.tidy or a gradient). */
export function dropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  const mask = tensorFromFill(x.shape, (out) => fillDropoutMask(out, rate, seed));
  return tf.mul(x, mask);
}
