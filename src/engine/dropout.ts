/**
 * Inverted dropout masks from a seeded generator, written straight into the tensor's memory.
 * (tf.dropout draws its uniforms one by one through seedrandom in JavaScript and then runs four
 * kernels to make the mask.) Meaning as tf.dropout: each element kept with probability
 * 1 - rate, scaled by 1 / (1 - rate).
 *
 * The generator: four xoshiro128** streams (Blackman and Vigna), element i drawn from stream
 * i mod 4, all 16 state words from splitmix32 of the caller's 32-bit seed; element i is kept when
 * its 32-bit draw u >= rate * 2^32. Two implementations with the same masks bit for bit
 * (test/engine/dropout.test.ts): fillDropoutMask() in JavaScript, and on the wasm backend a
 * WebAssembly SIMD function advancing the four streams in the four lanes of one vector
 * (~7 ns per element in JavaScript before, ~3 ms of a ~23 ms step of the paper's VAE).
 */
import * as tf from '@tensorflow/tfjs';
import { perHeap, tensorFromFill, wasmHeap } from './heap.ts';
import {
  compile,
  get,
  I32,
  i32Add,
  i32Const,
  instantiate,
  kernelModule,
  load,
  loop,
  set,
  simd,
  store,
  V128,
  type WasmMemory,
} from './wasmAsm.ts';

/**
 * The 16 state words for `seed`, word k of stream j at 4 k + j (the layout of four vectors
 * s0, s1, s2, s3 of four lanes). splitmix32 outputs of distinct counters are distinct, so no
 * stream's four words are all zero.
 */
function dropoutState(seed: number): Uint32Array {
  let z = seed >>> 0;
  const state = new Uint32Array(16);
  for (let j = 0; j < 4; j++)
    for (let k = 0; k < 4; k++) {
      z = (z + 0x9e3779b9) >>> 0;
      let r = z;
      r = Math.imul(r ^ (r >>> 16), 0x85ebca6b);
      r = Math.imul(r ^ (r >>> 13), 0xc2b2ae35);
      state[4 * k + j] = r ^ (r >>> 16);
    }
  return state;
}

/** Keep when u >= threshold, u uniform on [0, 2^32). */
const thresholdOf = (rate: number) => Math.min(4294967295, Math.round(rate * 4294967296));

/** Mask elements [from, to) from `state` (advanced in place). */
function maskRange(
  out: Float32Array,
  from: number,
  to: number,
  state: Uint32Array,
  rate: number,
): void {
  const threshold = thresholdOf(rate);
  const scale = 1 / (1 - rate);
  for (let i = from; i < to; i++) {
    const j = i & 3;
    let s0 = state[j];
    let s1 = state[4 + j];
    let s2 = state[8 + j];
    let s3 = state[12 + j];
    const r = Math.imul(s1, 5);
    const u = Math.imul((r << 7) | (r >>> 25), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = (s3 << 11) | (s3 >>> 21);
    state[j] = s0;
    state[4 + j] = s1;
    state[8 + j] = s2;
    state[12 + j] = s3;
    out[i] = u >= threshold ? scale : 0;
  }
}

/** Fills `out` with 0 (probability `rate`) or 1 / (1 - rate), from a 32-bit `seed`. */
export function fillDropoutMask(out: Float32Array, rate: number, seed: number): void {
  maskRange(out, 0, out.length, dropoutState(seed), rate);
}

// Parameters: out, end (bytes of the 4-lane part), state (64 bytes), threshold, scale bits.
// Locals: i; s0..s3; r, t; the splats of threshold and scale.
const [OUT, END, STATE, TH, SC] = [0, 1, 2, 3, 4];
const I = 5;
const [S0, S1, S2, S3, R, T, THV, SCV] = [6, 7, 8, 9, 10, 11, 12, 13];
const i32x4 = { shl: simd(0xab), shrU: simd(0xad), mul: simd(0xb5), geU: simd(0x40) };
const v128 = { and: simd(0x4e), or: simd(0x50), xor: simd(0x51) };
const splatI32 = simd(0x11);
const rotl = (k: number) => [
  ...set(T), // uses T as scratch: callers do not need T across a rotl
  ...get(T),
  ...i32Const(k),
  ...i32x4.shl,
  ...get(T),
  ...i32Const(32 - k),
  ...i32x4.shrU,
  ...v128.or,
];
const mulConst = (k: number) => [...i32Const(k), ...splatI32, ...i32x4.mul];
const xorInto = (a: number, b: number) => [...get(a), ...get(b), ...v128.xor, ...set(a)];
const stateAt = (k: number) => [...get(STATE), ...i32Const(16 * k), ...i32Add];

const body = [
  ...[S0, S1, S2, S3].flatMap((s, k) => [...stateAt(k), ...load, ...set(s)]),
  ...get(TH),
  ...splatI32,
  ...set(THV),
  ...get(SC),
  ...splatI32,
  ...set(SCV),
  ...loop(I, END, 16, [
    // u = rotl(s1 * 5, 7) * 9, compared with the threshold; the mask lanes select the scale.
    ...get(OUT),
    ...get(I),
    ...i32Add,
    ...get(S1),
    ...mulConst(5),
    ...rotl(7),
    ...mulConst(9),
    ...get(THV),
    ...i32x4.geU,
    ...get(SCV),
    ...v128.and,
    ...store,
    // t = s1 << 9; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 11)
    ...get(S1),
    ...i32Const(9),
    ...i32x4.shl,
    ...set(R),
    ...xorInto(S2, S0),
    ...xorInto(S3, S1),
    ...xorInto(S1, S2),
    ...xorInto(S0, S3),
    ...xorInto(S2, R),
    ...get(S3),
    ...rotl(11),
    ...set(S3),
  ]),
  ...[S0, S1, S2, S3].flatMap((s, k) => [...stateAt(k), ...get(s), ...store]),
];

const compiled = compile(
  kernelModule('mask', [I32, I32, I32, I32, I32], [], [I32, ...Array<number>(8).fill(V128)], body),
);

type MaskFn = (
  out: number,
  end: number,
  state: number,
  threshold: number,
  scaleBits: number,
) => void;

/** The SIMD mask bound to one wasm memory, with 64 bytes of it for the state. */
export class MaskOnHeap {
  private constructor(
    private readonly memory: WasmMemory,
    private readonly fn: MaskFn,
    private readonly state: number,
  ) {}

  /** Undefined where WebAssembly SIMD is unavailable (callers use fillDropoutMask). */
  static create(memory: WasmMemory, state: number): MaskOnHeap | undefined {
    return compiled
      ? new MaskOnHeap(memory, instantiate<MaskFn>(compiled, memory, 'mask'), state)
      : undefined;
  }

  /** The mask of fillDropoutMask(out, rate, seed) for the n float32 at byte offset `out`. */
  fill(out: number, n: number, rate: number, seed: number): void {
    const main = n - (n % 4);
    const scaleBits = new Uint32Array(Float32Array.of(1 / (1 - rate)).buffer)[0];
    new Uint32Array(this.memory.buffer, this.state, 16).set(dropoutState(seed));
    this.fn(out, 4 * main, this.state, thresholdOf(rate) | 0, scaleBits | 0);
    if (main === n) return;
    const buf = this.memory.buffer;
    const state = new Uint32Array(buf, this.state, 16).slice();
    maskRange(new Float32Array(buf, out, n), main, n, state, rate);
  }
}

/** One mask kernel per wasm memory. */
const heapMask = perHeap((heap) => MaskOnHeap.create(heap.memory, heap.malloc(64)));

/** x times a fresh inverted-dropout mask of x's shape (call inside tf.tidy or a gradient). */
export function dropout<T extends tf.Tensor>(x: T, rate: number, seed: number): T {
  const heap = wasmHeap();
  const kernel = heap && heapMask(heap);
  if (!heap || !kernel)
    return tf.mul(
      x,
      tensorFromFill(x.shape, (out) => fillDropoutMask(out, rate, seed)),
    );
  const info = heap.makeOutput(x.shape);
  kernel.fill(heap.offsetOf(info), x.size, rate, seed);
  return tf.mul(x, tf.engine().makeTensorFromTensorInfo(info));
}
