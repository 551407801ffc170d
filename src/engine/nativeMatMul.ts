/**
 * Native matmul kernels for the wasm backend: `BatchMatMul` and `_FusedMatMul` re-registered
 * to run oneDNN's sgemm (./dnnl.ts) directly on the wasm heap. The output is allocated the way
 * the backend's own kernels allocate (makeOutput), then the operands and the output are viewed
 * in place (typedArrayFromHeap) and handed to sgemm: no copies, and the transposes are sgemm's
 * own flags. Batch dimensions broadcast as in tf.matMul (one sgemm per output matrix).
 *
 * _FusedMatMul: the bias (any shape whose size is the output's last axis n, e.g. [n] or [1, n])
 * is written into every output row first and sgemm accumulates onto it (beta = 1); the
 * activation then runs over the output in place (./activations.ts). Anything else (int32
 * operands, a full-shape bias, prelu, an empty product) goes to the kernel this one replaced
 * (the explicit-transpose wasm kernel of ./wasmMatMul.ts when installed, else stock).
 *
 * Gradients of tf.matMul / tf.fused.matMul are built from BatchMatMul, so the backward pass
 * runs here as well; model code does not change.
 */
// Not from './backend.ts': that module installs this patch, and one tfjs instance serves both.
import * as tf from '@tensorflow/tfjs';
import { applyActivation, isNativeActivation } from './activations.ts';
import type { Dnnl } from './dnnl.ts';
import { kernelPatch } from './kernelPatch.ts';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type TensorInfo = tf.TensorInfo;

/** The tfjs-backend-wasm BackendWasm methods used here. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  typedArrayFromHeap(t: TensorInfo): Float32Array;
}

interface Attrs {
  transposeA?: boolean;
  transposeB?: boolean;
  activation?: string;
  leakyreluAlpha?: number;
}

const BACKEND = 'wasm';
let dnnl: Dnnl | undefined;

const size = (shape: readonly number[]) => shape.reduce((p, d) => p * d, 1);

/** The broadcast of two batch shapes (tf.matMul's rule), or undefined when incompatible. */
export function broadcastBatch(a: readonly number[], b: readonly number[]): number[] | undefined {
  const rank = Math.max(a.length, b.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return undefined;
    out.push(da === 1 ? db : da);
  }
  return out;
}

/** Flat index into a batch of shape `from` of output batch index `i` of shape `out`. */
export function sourceIndex(i: number, out: readonly number[], from: readonly number[]): number {
  let index = 0;
  let stride = 1;
  for (let d = out.length - 1, s = from.length - 1; d >= 0; d--, s--) {
    const pos = i % out[d];
    i = Math.floor(i / out[d]);
    if (s >= 0) {
      if (from[s] !== 1) index += pos * stride;
      stride *= from[s];
    }
  }
  return index;
}

/** Shapes of C [...batch, m, n] = op(A) op(B), or undefined when tf would reject them. */
function plan(a: TensorInfo, b: TensorInfo, f: Attrs) {
  if (a.shape.length < 2 || b.shape.length < 2) return undefined;
  const [ra, ca] = a.shape.slice(-2);
  const [rb, cb] = b.shape.slice(-2);
  const [m, k] = f.transposeA ? [ca, ra] : [ra, ca];
  const [k2, n] = f.transposeB ? [cb, rb] : [rb, cb];
  const batchA = a.shape.slice(0, -2);
  const batchB = b.shape.slice(0, -2);
  const batch = broadcastBatch(batchA, batchB);
  if (k !== k2 || !batch || m * n * k === 0) return undefined;
  return { m, n, k, batch, batchA, batchB, lda: ca, ldb: cb };
}

/**
 * C = op(A) op(B) (+ C when `accumulate`) for every output matrix. Views are taken after the
 * output exists: allocating can grow the heap, which detaches older views.
 */
function gemmAll(
  backend: WasmHeapBackend,
  a: TensorInfo,
  b: TensorInfo,
  out: TensorInfo,
  p: NonNullable<ReturnType<typeof plan>>,
  f: Attrs,
  accumulate: boolean,
): void {
  const A = backend.typedArrayFromHeap(a);
  const B = backend.typedArrayFromHeap(b);
  const C = backend.typedArrayFromHeap(out);
  const { m, n, k, batch, batchA, batchB, lda, ldb } = p;
  const [sa, sb, sc] = [m * k, k * n, m * n];
  const count = size(batch);
  const ta = f.transposeA === true;
  const tb = f.transposeB === true;
  const beta = accumulate ? 1 : 0;
  const gemm = dnnl!.sgemm;
  if (count === 1) {
    gemm(ta, tb, m, n, k, 1, A, lda, B, ldb, beta, C, n);
    return;
  }
  for (let i = 0; i < count; i++) {
    const ia = sourceIndex(i, batch, batchA) * sa;
    const ib = sourceIndex(i, batch, batchB) * sb;
    const av = A.subarray(ia, ia + sa);
    const bv = B.subarray(ib, ib + sb);
    gemm(ta, tb, m, n, k, 1, av, lda, bv, ldb, beta, C.subarray(i * sc, (i + 1) * sc), n);
  }
}

function batchMatMul(args: KernelArgs): TensorInfo {
  const { a, b } = args.inputs as { a: TensorInfo; b: TensorInfo };
  const f = (args.attrs ?? {}) as Attrs;
  const p = a.dtype === 'float32' && b.dtype === 'float32' ? plan(a, b, f) : undefined;
  if (!p || !dnnl) return stockKernel(tf.BatchMatMul)(args) as TensorInfo;
  const backend = args.backend as WasmHeapBackend;
  const out = backend.makeOutput([...p.batch, p.m, p.n], 'float32');
  gemmAll(backend, a, b, out, p, f, false);
  return out;
}

function fusedMatMul(args: KernelArgs): TensorInfo {
  const { a, b, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo>;
  const f = (args.attrs ?? {}) as Attrs;
  const activation = f.activation ?? 'linear';
  const p =
    a.dtype === 'float32' && b.dtype === 'float32' && (!bias || bias.dtype === 'float32')
      ? plan(a, b, f)
      : undefined;
  const supported =
    p &&
    dnnl &&
    !preluActivationWeights &&
    isNativeActivation(activation) &&
    (!bias || (size(bias.shape) === p.n && bias.shape.at(-1) === p.n));
  if (!supported) return stockKernel(tf._FusedMatMul)(args) as TensorInfo;
  const backend = args.backend as WasmHeapBackend;
  const out = backend.makeOutput([...p.batch, p.m, p.n], 'float32');
  if (bias) {
    const C = backend.typedArrayFromHeap(out);
    const row = backend.typedArrayFromHeap(bias);
    for (let at = 0; at < C.length; at += p.n) C.set(row, at);
  }
  gemmAll(backend, a, b, out, p, f, bias !== undefined);
  applyActivation(backend.typedArrayFromHeap(out), activation, f.leakyreluAlpha ?? 0.2);
  return out;
}

const patch = kernelPatch(BACKEND, {
  [tf.BatchMatMul]: batchMatMul,
  [tf._FusedMatMul]: fusedMatMul,
});

function stockKernel(name: string): tf.KernelFunc {
  return patch.stock(name);
}

/**
 * Registers the native kernels for 'wasm' on top of whatever BatchMatMul/_FusedMatMul are
 * registered now (those are kept for the cases above and restored by uninstallNativeMatMul).
 * False when the wasm kernels are not registered.
 */
export function installNativeMatMul(library: Dnnl): boolean {
  dnnl = library;
  return patch.install();
}

/** Restores the kernels the native ones replaced (no-op if not installed). */
export const uninstallNativeMatMul = (): void => patch.uninstall();

/** True while the native kernels are registered. */
export const nativeMatMulInstalled = (): boolean => patch.installed();
