/**
 * The Adam pass of fusedAdam.ts, in float32 like tf.train.adam's kernels: per element
 *   g' = g + c w,  m <- b1 m + c1 g',  v <- b2 v + (c2 g') g',
 *   w <- w - (s m) / (sqrt(v) r + eps),
 * every operation rounded to float32 in this order (s = lr / (1 - b1^t), r = 1 / sqrt(1 - b2^t),
 * c1 = 1 - b1, c2 = 1 - b2, all constants rounded to float32 first). It also returns sum w^2 of
 * the old weights in float64: four partial sums over i mod 4, added as (s0 + s1) + (s2 + s3),
 * then the last n mod 4 elements in order.
 *
 * Two implementations with the same results bit for bit (test/engine/adamKernel.test.ts):
 * adamPass(), JavaScript (Math.fround after every operation gives float32 arithmetic exactly),
 * for any Float32Arrays; and AdamOnHeap, a WebAssembly SIMD function (four lanes, no fused
 * multiply-add) on the TensorFlow.js wasm heap itself: w, g, m and v are read and written where
 * they live, no copies (~7 ms of a ~23 ms step of the paper's VAE went to the float64 pass and
 * its copies before).
 */
import {
  addr,
  compile,
  f32x4,
  F32,
  F64,
  get,
  I32,
  instantiate,
  kernelModule,
  load,
  loop,
  set,
  simd,
  store,
  tee,
  V128,
  type WasmMemory,
} from './wasmAsm.ts';

/** Constants of one Adam step (see fusedAdam.ts). */
export interface PassConstants {
  b1: number;
  b2: number;
  /** lr / (1 - b1^t). */
  stepScale: number;
  /** 1 / sqrt(1 - b2^t). */
  rootScale: number;
  eps: number;
}

const fr = Math.fround;

/** The pass's eight constants as float32 values: c, b1, c1, b2, c2, s, r, eps. */
function constants(c: number, k: PassConstants): number[] {
  return [c, k.b1, 1 - k.b1, k.b2, 1 - k.b2, k.stepScale, k.rootScale, k.eps].map(fr);
}

/**
 * Updates elements [from, to) in place (out may be w) and adds each old w^2 to lanes[i % 4]
 * (lanes.length 4), or, with one lane, to lanes[0] in order.
 */
function adamRange(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  out: Float32Array,
  consts: number[],
  from: number,
  to: number,
  lanes: number[],
): void {
  const [cf, b1, c1, b2, c2, s, r, eps] = consts;
  const mask = lanes.length - 1;
  for (let i = from; i < to; i++) {
    const wi = w[i];
    const gi = fr(g[i] + fr(cf * wi));
    lanes[i & mask] += wi * wi;
    const mi = fr(fr(b1 * m[i]) + fr(c1 * gi));
    const vi = fr(fr(b2 * v[i]) + fr(fr(c2 * gi) * gi));
    m[i] = mi;
    v[i] = vi;
    out[i] = fr(wi - fr(fr(s * mi) / fr(fr(fr(Math.sqrt(vi)) * r) + eps)));
  }
}

/** The pass over all of w (see the file comment); m, v updated in place; returns sum w^2. */
export function adamPass(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  out: Float32Array,
  c: number,
  k: PassConstants,
): number {
  const consts = constants(c, k);
  const main = w.length - (w.length % 4);
  const lanes = [0, 0, 0, 0];
  adamRange(w, g, m, v, out, consts, 0, main, lanes);
  const tail = [lanes[0] + lanes[1] + (lanes[2] + lanes[3])];
  adamRange(w, g, m, v, out, consts, main, w.length, tail);
  return tail[0];
}

// Parameters: w, g, m, v, out (byte offsets), end (bytes of the 4-lane part), then c, b1, c1,
// b2, c2, s, r, eps (f32). Locals: i (i32); splats of c .. eps; wi, gi, mi, vi; lo, hi (the
// f64x2 partial sums of lanes 0-1 and 2-3); x (scratch).
const [W, G, M, V, OUT, END] = [0, 1, 2, 3, 4, 5];
const CONSTS = [6, 7, 8, 9, 10, 11, 12, 13];
const [C, B1, C1, B2, C2, S, R, EPS] = CONSTS.map((p) => p + 9); // their splats
const I = 14;
const [WI, GI, MI, VI, LO, HI, X] = [23, 24, 25, 26, 27, 28, 29];

const at = (base: number) => addr(base, I);
const f64x2 = { add: simd(0xf0), mul: simd(0xf2) };
const promoteLow = simd(0x5f);
/** Lanes 2, 3 of a f32x4 moved to lanes 0, 1. */
const highHalf = simd(0x0d, ...[8, 9, 10, 11, 12, 13, 14, 15, 0, 1, 2, 3, 4, 5, 6, 7]);
const lane = (l: number) => simd(0x21, l); // f64x2.extract_lane
/** acc += x * x in f64x2, for x = the promoted lanes on the stack. */
const square = (acc: number) => [
  ...promoteLow,
  ...tee(X),
  ...get(X),
  ...f64x2.mul,
  ...get(acc),
  ...f64x2.add,
  ...set(acc),
];

const body = [
  ...CONSTS.flatMap((p) => [...get(p), ...f32x4.splat, ...set(p + 9)]),
  ...loop(I, END, 16, [
    ...at(W),
    ...load,
    ...set(WI),
    ...at(G),
    ...load,
    ...get(C),
    ...get(WI),
    ...f32x4.mul,
    ...f32x4.add,
    ...set(GI),
    ...get(WI),
    ...square(LO),
    ...get(WI),
    ...get(WI),
    ...highHalf,
    ...square(HI),
    ...get(B1),
    ...at(M),
    ...load,
    ...f32x4.mul,
    ...get(C1),
    ...get(GI),
    ...f32x4.mul,
    ...f32x4.add,
    ...set(MI),
    ...get(B2),
    ...at(V),
    ...load,
    ...f32x4.mul,
    ...get(C2),
    ...get(GI),
    ...f32x4.mul,
    ...get(GI),
    ...f32x4.mul,
    ...f32x4.add,
    ...set(VI),
    ...at(M),
    ...get(MI),
    ...store,
    ...at(V),
    ...get(VI),
    ...store,
    ...at(OUT),
    ...get(WI),
    ...get(S),
    ...get(MI),
    ...f32x4.mul,
    ...get(VI),
    ...f32x4.sqrt,
    ...get(R),
    ...f32x4.mul,
    ...get(EPS),
    ...f32x4.add,
    ...f32x4.div,
    ...f32x4.sub,
    ...store,
  ]),
  // (lo0 + lo1) + (hi0 + hi1)
  ...get(LO),
  ...lane(0),
  ...get(LO),
  ...lane(1),
  0xa0, // f64.add
  ...get(HI),
  ...lane(0),
  ...get(HI),
  ...lane(1),
  0xa0,
  0xa0,
];

const compiled = compile(
  kernelModule(
    'adam',
    [I32, I32, I32, I32, I32, I32, ...Array<number>(8).fill(F32)],
    [F64],
    [I32, ...Array<number>(15).fill(V128)],
    body,
  ),
);

type AdamFn = (
  w: number,
  g: number,
  m: number,
  v: number,
  out: number,
  end: number,
  ...consts: number[]
) => number;

/** The SIMD pass bound to one wasm memory (the TensorFlow.js heap). */
export class AdamOnHeap {
  private constructor(
    private readonly memory: WasmMemory,
    private readonly fn: AdamFn,
  ) {}

  /** Undefined where WebAssembly SIMD is unavailable (callers use adamPass). */
  static create(memory: WasmMemory): AdamOnHeap | undefined {
    return compiled
      ? new AdamOnHeap(memory, instantiate<AdamFn>(compiled, memory, 'adam'))
      : undefined;
  }

  /**
   * The pass over n elements at byte offsets w, g, m, v of the memory, the new weights written
   * at `out` (may equal w); returns sum w^2 of the old weights.
   */
  step(
    w: number,
    g: number,
    m: number,
    v: number,
    out: number,
    n: number,
    c: number,
    k: PassConstants,
  ): number {
    const main = n - (n % 4);
    const consts = constants(c, k);
    const ss = this.fn(w, g, m, v, out, 4 * main, ...consts);
    if (main === n) return ss;
    // The last n mod 4 elements in JavaScript (views made now: the heap may have grown).
    const buf = this.memory.buffer;
    const view = (at: number) => new Float32Array(buf, at, n);
    const tail = [ss];
    adamRange(view(w), view(g), view(m), view(v), view(out), consts, main, n, tail);
    return tail[0];
  }
}
