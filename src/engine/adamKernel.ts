/**
 * The Adam pass of fusedAdam.ts as a small WebAssembly SIMD function, assembled here byte by byte
 * (no wasm toolchain is needed at build time). V8 runs the JavaScript loop at ~7 ns per parameter
 * (scalar float32 <-> float64 conversions, one sqrt and one division each); this runs two
 * parameters per instruction in f64x2 lanes with exactly the same operations in the same order:
 * every intermediate is a float64 rounded the same way (no fused multiply-add in either), stored
 * float32, so the results equal the JavaScript loop's bit for bit (test/engine/adamKernel.test.ts).
 *
 * The function works on its own memory: per variable, m and v live there for good; w and g are
 * copied in (TypedArray.set, a memcpy) and the updated w is written back over the copy of w.
 */
import { engineMessages } from '../messages/index.ts';

/** Unsigned LEB128. */
function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
}

const I32 = 0x7f;
const F64 = 0x7c;
const V128 = 0x7b;

// Parameters: w, g, m, v (byte offsets), n (elements, even), then c, b1, c1, b2, c2, s, r, eps.
const [W, G, M, V, N] = [0, 1, 2, 3, 4];
const [C, B1, C1, B2, C2, S, R, EPS] = [5, 6, 7, 8, 9, 10, 11, 12];
// Locals: i, end (i32); splats of c .. eps (v128, 15 .. 22); wi, gi, mi, vi (v128); ss (f64).
const [I, END] = [13, 14];
const splat = (p: number) => 15 + (p - C);
const [WI, GI, MI, VI] = [23, 24, 25, 26];
const SS = 27;

const get = (l: number) => [0x20, ...uleb(l)];
const set = (l: number) => [0x21, ...uleb(l)];
const simd = (op: number, ...imm: number[]) => [0xfd, ...uleb(op), ...imm];
/** f64x2 of the two float32 at local `base` + i. */
const load2 = (base: number) => [
  ...get(base),
  ...get(I),
  0x6a, // i32.add
  ...simd(0x5d, 3, 0), // v128.load64_zero align=8 offset=0
  ...simd(0x5f), // f64x2.promote_low_f32x4
];
/** Stores the f64x2 computed by `value` as two float32 at local `base` + i. */
const store2 = (base: number, value: number[]) => [
  ...get(base),
  ...get(I),
  0x6a,
  ...value,
  ...simd(0x5e), // f32x4.demote_f64x2_zero
  ...simd(0x5b, 3, 0, 0), // v128.store64_lane align=8 offset=0 lane 0
];
const add = simd(0xf0);
const sub = simd(0xf1);
const mul = simd(0xf2);
const div = simd(0xf3);
const sqrt = simd(0xef);
/** ss = ss + lane (scalar, lane 0 then lane 1: the JavaScript loop's order). */
const accumulate = (lane: number) => [
  ...get(SS),
  ...get(WI),
  ...simd(0x21, lane), // f64x2.extract_lane
  ...get(WI),
  ...simd(0x21, lane),
  0xa2, // f64.mul
  0xa0, // f64.add
  ...set(SS),
];

const body: number[] = [
  // Locals: 2 i32, 12 v128, 1 f64.
  3,
  2,
  I32,
  12,
  V128,
  1,
  F64,
  ...[C, B1, C1, B2, C2, S, R, EPS].flatMap((p) => [...get(p), ...simd(0x14), ...set(splat(p))]),
  ...get(N),
  0x41,
  2,
  0x74, // i32.shl: bytes
  ...set(END),
  0x02,
  0x40, // block
  0x03,
  0x40, // loop
  ...get(I),
  ...get(END),
  0x4f, // i32.ge_u
  0x0d,
  1, // br_if out of the block
  // wi = w[i]; gi = g[i] + c wi
  ...load2(W),
  ...set(WI),
  ...load2(G),
  ...get(splat(C)),
  ...get(WI),
  ...mul,
  ...add,
  ...set(GI),
  // ss += wi wi
  ...accumulate(0),
  ...accumulate(1),
  // mi = b1 m[i] + c1 gi; vi = b2 v[i] + (c2 gi) gi
  ...get(splat(B1)),
  ...load2(M),
  ...mul,
  ...get(splat(C1)),
  ...get(GI),
  ...mul,
  ...add,
  ...set(MI),
  ...get(splat(B2)),
  ...load2(V),
  ...mul,
  ...get(splat(C2)),
  ...get(GI),
  ...mul,
  ...get(GI),
  ...mul,
  ...add,
  ...set(VI),
  ...store2(M, get(MI)),
  ...store2(V, get(VI)),
  // w[i] = wi - (s mi) / (sqrt(vi) r + eps)
  ...store2(W, [
    ...get(WI),
    ...get(splat(S)),
    ...get(MI),
    ...mul,
    ...get(VI),
    ...sqrt,
    ...get(splat(R)),
    ...mul,
    ...get(splat(EPS)),
    ...add,
    ...div,
    ...sub,
  ]),
  ...get(I),
  0x41,
  8,
  0x6a,
  ...set(I), // i += 8 bytes
  0x0c,
  0, // br to the loop
  0x0b, // end loop
  0x0b, // end block
  ...get(SS),
  0x0b, // end function
];

const moduleBytes = new Uint8Array([
  0x00,
  0x61,
  0x73,
  0x6d,
  1,
  0,
  0,
  0,
  ...section(1, [1, 0x60, 13, I32, I32, I32, I32, I32, ...Array<number>(8).fill(F64), 1, F64]),
  ...section(3, [1, 0]),
  ...section(5, [1, 0x00, 1]),
  ...section(7, [2, ...name('adam'), 0x00, 0, ...name('mem'), 0x02, 0]),
  ...section(10, [1, ...uleb(body.length), ...body]),
]);

/** The few WebAssembly JS-API members used (the project's lib is ES2022, without their types). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

type AdamFn = (
  w: number,
  g: number,
  m: number,
  v: number,
  n: number,
  c: number,
  b1: number,
  c1: number,
  b2: number,
  c2: number,
  s: number,
  r: number,
  eps: number,
) => number;

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

/** A variable's slots in the kernel's memory (byte offsets; lengths padded to even). */
interface Slots {
  n: number;
  m: number;
  v: number;
}

/**
 * Adam moments for a set of variables plus the SIMD pass over them. step() reads w and g (any
 * Float32Array, e.g. views of the tfjs wasm heap), updates m and v, writes the new w to `out`.
 */
export class AdamKernel {
  private readonly memory: WasmMemory;
  private readonly fn: AdamFn;
  private readonly slots = new Map<string, Slots>();
  /** Next free byte for moments; the w and g scratch follow the moments. */
  private top = 0;
  private scratch = 0;

  private constructor(instance: { exports: Record<string, unknown> }) {
    this.memory = instance.exports.mem as WasmMemory;
    this.fn = instance.exports.adam as AdamFn;
  }

  /** Undefined where WebAssembly SIMD is unavailable (callers fall back to JavaScript). */
  static create(): AdamKernel | undefined {
    try {
      if (!wasmApi || !wasmApi.validate(moduleBytes)) return undefined;
      return new AdamKernel(new wasmApi.Instance(new wasmApi.Module(moduleBytes)));
    } catch {
      return undefined;
    }
  }

  /**
   * One pass for variable `key` (n = w.length): m, v updated, out = new w; returns sum w^2
   * (of the old w). `out` may be `w`.
   */
  step(
    key: string,
    w: Float32Array,
    g: Float32Array,
    out: Float32Array,
    c: number,
    k: PassConstants,
  ): number {
    const n = w.length;
    const padded = n + (n & 1);
    let slot = this.slots.get(key);
    if (!slot) {
      slot = { n, m: this.top, v: this.top + 4 * padded };
      this.top += 8 * padded;
      this.slots.set(key, slot);
      this.scratch = Math.max(this.scratch, padded);
      this.reserve(this.top + 8 * this.scratch);
      new Float32Array(this.memory.buffer, slot.m, 2 * padded).fill(0);
    } else if (slot.n !== n) {
      throw new Error(engineMessages.variableResized(key, slot.n, n));
    }
    const wAt = this.top;
    const gAt = this.top + 4 * this.scratch;
    const buf = this.memory.buffer;
    const wMem = new Float32Array(buf, wAt, padded);
    wMem.set(w);
    if (padded !== n) wMem[n] = 0; // the pad lane adds 0 to sum w^2
    new Float32Array(buf, gAt, n).set(g);
    const { b1, b2, stepScale, rootScale, eps } = k;
    const ss = this.fn(
      wAt,
      gAt,
      slot.m,
      slot.v,
      padded,
      c,
      b1,
      1 - b1,
      b2,
      1 - b2,
      stepScale,
      rootScale,
      eps,
    );
    out.set(wMem.subarray(0, n));
    return ss;
  }

  /** m and v of `key` (copies), for tests. */
  moments(key: string): { m: Float32Array; v: Float32Array } | undefined {
    const slot = this.slots.get(key);
    if (!slot) return undefined;
    const buf = this.memory.buffer;
    return {
      m: new Float32Array(buf, slot.m, slot.n).slice(),
      v: new Float32Array(buf, slot.v, slot.n).slice(),
    };
  }

  private reserve(bytes: number): void {
    const have = this.memory.buffer.byteLength;
    if (bytes > have) this.memory.grow(Math.ceil((bytes - have) / 65536));
  }
}
