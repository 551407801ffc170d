/**
 * Just enough of a WebAssembly assembler for the project's small SIMD kernels (adamKernel.ts,
 * dropoutKernel.ts): each is one function, written as a byte list, that works on memory it
 * imports (the TensorFlow.js wasm backend's heap, so tensors are read and written in place).
 * No toolchain is needed at build time; WebAssembly.validate and the kernels' tests (against
 * their JavaScript references, bit for bit) check the bytes.
 */

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer (i32.const immediates). */
function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function name(s: string): number[] {
  return [...uleb(s.length), ...[...s].map((c) => c.charCodeAt(0))];
}

export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

export const get = (l: number): number[] => [0x20, ...uleb(l)];
export const set = (l: number): number[] => [0x21, ...uleb(l)];
export const tee = (l: number): number[] => [0x22, ...uleb(l)];
export const i32Const = (n: number): number[] => [0x41, ...sleb(n | 0)];
export const i32Add = [0x6a];
/** A SIMD instruction (prefix 0xfd) with its immediates. */
export const simd = (op: number, ...imm: number[]): number[] => [0xfd, ...uleb(op), ...imm];
/** v128.load / v128.store at the address on the stack (alignment hint 4 bytes, offset 0). */
export const load = simd(0x00, 2, 0);
export const store = simd(0x0b, 2, 0);

/** Address `base + i` of i32 locals (a byte offset plus an index in bytes). */
export const addr = (base: number, i: number): number[] => [...get(base), ...get(i), ...i32Add];

/** f32x4 arithmetic (IEEE float32 per lane, as the scalar operations) and splat. */
export const f32x4 = {
  add: simd(0xe4),
  sub: simd(0xe5),
  mul: simd(0xe6),
  div: simd(0xe7),
  sqrt: simd(0xe3),
  splat: simd(0x13),
};

/**
 * `while (i < end) { body; i += step }` over byte offsets in i32 locals `i` and `end`, the step
 * pushed by `step` (a constant, or a local's value).
 */
export function loopBy(i: number, end: number, step: number[], body: number[]): number[] {
  return [
    0x02,
    0x40, // block
    0x03,
    0x40, // loop
    ...get(i),
    ...get(end),
    0x4f, // i32.ge_u
    0x0d,
    1, // br_if out of the block
    ...body,
    ...get(i),
    ...step,
    ...i32Add,
    ...set(i),
    0x0c,
    0, // br to the loop
    0x0b, // end loop
    0x0b, // end block
  ];
}

/** loopBy with a constant step. */
export const loop = (i: number, end: number, step: number, body: number[]): number[] =>
  loopBy(i, end, i32Const(step), body);

/**
 * A module of one exported function `fn` that imports its memory as env.mem. `locals` lists
 * the extra locals by type, in order (indices follow the parameters).
 */
export function kernelModule(
  fn: string,
  params: number[],
  results: number[],
  locals: number[],
  body: number[],
): Uint8Array {
  const groups: number[] = [];
  for (let i = 0; i < locals.length;) {
    let j = i;
    while (j < locals.length && locals[j] === locals[i]) j++;
    groups.push(...uleb(j - i), locals[i]);
    i = j;
  }
  const nGroups = groups.length / 2;
  const code = [...uleb(nGroups), ...groups, ...body, 0x0b];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0],
    ...section(1, [
      1,
      0x60,
      ...uleb(params.length),
      ...params,
      ...uleb(results.length),
      ...results,
    ]),
    ...section(2, [1, ...name('env'), ...name('mem'), 0x02, 0x00, 0]),
    ...section(3, [1, 0]),
    ...section(7, [1, ...name(fn), 0x00, 0]),
    ...section(10, [1, ...uleb(code.length), ...code]),
  ]);
}

/** The few WebAssembly JS-API members used (the project's lib is ES2022, without their types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: { env: { mem: WasmMemory } },
  ) => { exports: Record<string, unknown> };
}
const wasmApi = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** The compiled module of `bytes`, or undefined where WebAssembly (SIMD) is unavailable. */
export function compile(bytes: Uint8Array): object | undefined {
  try {
    return wasmApi && wasmApi.validate(bytes) ? new wasmApi.Module(bytes) : undefined;
  } catch {
    return undefined;
  }
}

/** The function `fn` of `module` instantiated on `memory`. */
export function instantiate<F>(module: object, memory: WasmMemory, fn: string): F {
  if (!wasmApi) throw new Error('WebAssembly is not available');
  return new wasmApi.Instance(module, { env: { mem: memory } }).exports[fn] as F;
}
