/**
 * Explicit-transpose matmul kernels for the wasm backend (the engine's matmul speed-up).
 *
 * Why: tfjs-backend-wasm 4.22 hands `BatchMatMul` and `_FusedMatMul` to XNNPACK only when
 * neither operand is transposed; with `transposeA` or `transposeB` set it falls back to a naive
 * loop (measured here on [100, 1344] x [1344, 512]: 1.0 GFLOP/s with transposeA, 2.2 with
 * transposeB, against 29 untransposed). Every backward pass needs such products
 * (dW = x^T dy, dx = dy W^T), so training ran ~10x slower than it should.
 *
 * The stock _FusedMatMul's naive loop is also wrong: with a transposed operand and a bias it
 * adds the bias along the wrong axis (test/engine/wasmMatMul.test.ts); the patched kernel
 * never reaches that loop for batch-1 products, so it fixes that too.
 *
 * What: the two kernels are re-registered for 'wasm'. A batch-1 call with a transposed operand
 * materialises transposes through the backend's own `Transpose` kernel (memory-bound copies,
 * O(m k) against the O(m k n) product) and calls the stock kernel with both flags false; the
 * temporaries are freed before returning. Calls without transposes, and batched calls (slow in
 * the stock kernel either way), go straight to the stock kernel. Gradients of tf.matMul / tf.fused.matMul are built from these kernels, so they pick
 * the fast path up without any change in model code.
 *
 * Shapes: `a` [...batch, m, k] (or [...batch, k, m] with transposeA), `b` [...batch, k, n]
 * (or [...batch, n, k] with transposeB), output [...batch, m, n]. The stock kernels are kept
 * and restored by uninstallWasmMatMul() (used by tests and the benchmark to compare).
 */
// Not from './backend.ts': that module installs this patch, and one tfjs instance serves both.
import * as tf from '@tensorflow/tfjs';
import { kernelPatch } from './kernelPatch.ts';
import { engineMessages } from '../messages/index.ts';

type KernelArgs = Parameters<tf.KernelFunc>[0];
type TensorInfo = tf.TensorInfo;
/** Inputs of both kernels (_FusedMatMul adds optional bias and preluActivationWeights). */
type MatMulInputs = { a: TensorInfo; b: TensorInfo; [name: string]: TensorInfo | undefined };

/** The two wasm backend methods used here (tfjs-backend-wasm BackendWasm). */
interface WasmBackendLike {
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
}

const BACKEND = 'wasm';

/** Swaps the last two axes of `x` with the backend's Transpose kernel; caller frees the result. */
function transposeLastTwo(x: TensorInfo, backend: object): TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  const transpose = tf.getKernel(tf.Transpose, BACKEND);
  if (!transpose) throw new Error(engineMessages.noTranspose());
  return transpose.kernelFunc({ inputs: { x }, backend, attrs: { perm } }) as TensorInfo;
}

type Flags = { transposeA?: boolean; transposeB?: boolean };

/**
 * Elements copied by the two ways of computing C [m, n] = op(A) op(B) without transposed
 * operands. XNNPACK also packs the right operand on every call with a new tensor (k n or
 * k m elements), and fresh memory is slow to touch here, so copies are what to minimise:
 *   direct:  op(A) op(B)          transpose A if transposeA, B if transposeB; pack k n
 *   swapped: (op(B)^T op(A)^T)^T  transpose B if not transposeB, A if not transposeA;
 *                                 pack k m; transpose the [n, m] result
 * For the backward pass of x [100, 1344] W [1344, 512]: dx = dy W^T costs 1.38 M direct and
 * 0.24 M swapped; dW = x^T dy costs 0.19 M direct and 0.87 M swapped.
 */
export function copyCosts(
  m: number,
  k: number,
  n: number,
  f: Flags,
): { direct: number; swapped: number } {
  return {
    direct: (f.transposeA ? m * k : 0) + (f.transposeB ? k * n : 0) + k * n,
    swapped: (f.transposeB ? 0 : k * n) + (f.transposeA ? 0 : m * k) + m * k + m * n,
  };
}

/**
 * True when the stock kernel would reach XNNPACK once the flags are cleared: no transpose is
 * asked for already, or a batch dimension is above 1 (the stock kernel then takes its naive
 * loop whatever the flags: 1.0 GFLOP/s on [2, 100, 1344] x [2, 1344, 512] untransposed, and
 * explicit transposes only add copies, 2.1 -> 1.5 GFLOP/s on a [4, 100, 256] product).
 */
function passThrough(inputs: MatMulInputs, f: Flags): boolean {
  if (!f.transposeA && !f.transposeB) return true;
  const batch = (t: TensorInfo) => t.shape.slice(0, -2).reduce((p, d) => p * d, 1);
  return batch(inputs.a) > 1 || batch(inputs.b) > 1;
}

/** BatchMatMul: the cheaper of the two plans above for a 2-D (batch 1) transposed product. */
function batchMatMul(args: KernelArgs): TensorInfo {
  const original = stockKernel(tf.BatchMatMul);
  const f = (args.attrs ?? {}) as Flags;
  const { a, b } = args.inputs as MatMulInputs;
  if (passThrough({ a, b }, f)) return original(args) as TensorInfo;
  const backend = args.backend as WasmBackendLike;
  const [ra, ca] = a.shape.slice(-2);
  const [rb, cb] = b.shape.slice(-2);
  const [m, k] = f.transposeA ? [ca, ra] : [ra, ca];
  const n = f.transposeB ? rb : cb;
  const cost = copyCosts(m, k, n, f);
  const temps: TensorInfo[] = [];
  const temp = (t: TensorInfo): TensorInfo => (temps.push(t), t);
  const plain = { transposeA: false, transposeB: false };
  try {
    if (cost.direct <= cost.swapped) {
      const a2 = f.transposeA ? temp(transposeLastTwo(a, backend)) : a;
      const b2 = f.transposeB ? temp(transposeLastTwo(b, backend)) : b;
      return original({ inputs: { a: a2, b: b2 }, backend, attrs: plain }) as TensorInfo;
    }
    const left = f.transposeB ? b : temp(transposeLastTwo(b, backend));
    const right = f.transposeA ? a : temp(transposeLastTwo(a, backend));
    const ct = temp(
      original({ inputs: { a: left, b: right }, backend, attrs: plain }) as TensorInfo,
    );
    return transposeLastTwo(ct, backend);
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

/**
 * _FusedMatMul (matmul + bias + activation, inputs already rank 3): direct plan only, since
 * the bias runs along the output's last axis and would not survive the swap.
 */
function fusedMatMul(args: KernelArgs): TensorInfo {
  const original = stockKernel(tf._FusedMatMul);
  const f = (args.attrs ?? {}) as Flags;
  const inputs = { ...args.inputs } as MatMulInputs;
  if (passThrough(inputs, f)) return original(args) as TensorInfo;
  const backend = args.backend as WasmBackendLike;
  const temps: TensorInfo[] = [];
  try {
    if (f.transposeA) temps.push((inputs.a = transposeLastTwo(inputs.a, backend)));
    if (f.transposeB) temps.push((inputs.b = transposeLastTwo(inputs.b, backend)));
    const attrs = { ...args.attrs, transposeA: false, transposeB: false };
    return original({ inputs, backend, attrs }) as TensorInfo;
  } finally {
    for (const t of temps) backend.disposeData(t.dataId);
  }
}

const patch = kernelPatch(BACKEND, {
  [tf.BatchMatMul]: batchMatMul,
  [tf._FusedMatMul]: fusedMatMul,
});

function stockKernel(name: string): tf.KernelFunc {
  return patch.stock(name);
}

/**
 * Replaces the wasm BatchMatMul and _FusedMatMul kernels by the explicit-transpose versions.
 * Idempotent; a no-op returning false when the wasm backend's kernels are not registered
 * (the package was not imported). Safe before or after tf.setBackend('wasm'): the stock
 * setup functions are kept, so the kernels are (re)initialised with the backend.
 */
export const installWasmMatMul = (): boolean => patch.install();

/** Restores the stock wasm kernels (no-op if the patch is not installed). */
export const uninstallWasmMatMul = (): void => patch.uninstall();

/** True while the explicit-transpose kernels are registered. */
export const wasmMatMulInstalled = (): boolean => patch.installed();
