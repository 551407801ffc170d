/**
 * A WebAssembly SIMD Sum over leading axes for the wasm backend (bias gradients: [K, n] over
 * axis 0, [1, K, n] over axes 0 and 1), with the stock kernel's results bit for bit
 * (test/engine/wasmSum.test.ts); every other Sum runs the stock kernel. The stock kernel
 * transposes the input to make the summed axes innermost, then adds each output's elements one
 * by one in float32 from 0. Here four columns at a time are added row by row into the output:
 * the same float32 additions in the same order per column, without the transpose (a [100, 512]
 * sum: ~118 us before, ~23 us here; ~1 ms of a ~18 ms step of the paper's VAE before).
 * (Add, Sub and Multiply written the same way were slower than the stock XNNPACK ones.)
 */
import * as tf from '@tensorflow/tfjs';
import { perHeap, wasmHeap } from './heap.ts';
import { kernelPatch } from './kernelPatch.ts';
import {
  addr,
  compile,
  f32x4,
  get,
  I32,
  i32Const,
  instantiate,
  kernelModule,
  load,
  loop,
  loopBy,
  set,
  simd,
  store,
} from './wasmAsm.ts';

const BACKEND = 'wasm';
const fr = Math.fround;
const ZERO = simd(0x0c, ...Array<number>(16).fill(0)); // v128.const 0

// colsum(x, out, rowBytes, xEnd, mainBytes): out[0, mainBytes) = sum of the rows of x.
const [X, OUT, ROW, XEND, MAIN] = [0, 1, 2, 3, 4];
const [R, J] = [5, 6];
const colsum = compile(
  kernelModule(
    'colsum',
    [I32, I32, I32, I32, I32],
    [],
    [I32, I32],
    [
      ...i32Const(0),
      ...set(J),
      ...loop(J, MAIN, 16, [...addr(OUT, J), ...ZERO, ...store]),
      ...get(X),
      ...set(R),
      ...loopBy(R, XEND, get(ROW), [
        ...i32Const(0),
        ...set(J),
        ...loop(J, MAIN, 16, [
          ...addr(OUT, J),
          ...addr(OUT, J),
          ...load,
          ...addr(R, J),
          ...load,
          ...f32x4.add,
          ...store,
        ]),
      ]),
    ],
  ),
);

type ColSum = (x: number, out: number, rowBytes: number, xEnd: number, mainBytes: number) => void;
/** The function bound to each wasm memory (undefined without WebAssembly SIMD). */
const colsumOn = perHeap((heap) =>
  colsum ? instantiate<ColSum>(colsum, heap.memory, 'colsum') : undefined,
);

type Args = Parameters<tf.KernelFunc>[0];
const f32 = (t: tf.TensorInfo) => t.dtype === 'float32';

function sum(args: Args): tf.TensorInfo | tf.TensorInfo[] {
  const x = args.inputs.x as tf.TensorInfo;
  const { axis, keepDims } = args.attrs as { axis: number | number[] | null; keepDims: boolean };
  const heap = wasmHeap();
  const run = heap && colsumOn(heap);
  const axes = axis === null ? [] : tf.util.parseAxisParam(axis, x.shape).sort((p, q) => p - q);
  const k = axes.length;
  const leading = k > 0 && k < x.shape.length && axes.every((a, i) => a === i);
  const rows = tf.util.sizeFromShape(x.shape.slice(0, k));
  const cols = tf.util.sizeFromShape(x.shape.slice(k));
  if (!heap || !run || !f32(x) || !leading || rows * cols === 0) return patch.stock(tf.Sum)(args);
  const shape = keepDims ? [...Array<number>(k).fill(1), ...x.shape.slice(k)] : x.shape.slice(k);
  const out = heap.makeOutput(shape);
  const [xo, oo] = [heap.offsetOf(x), heap.offsetOf(out)];
  const main = cols - (cols % 4);
  run(xo, oo, 4 * cols, xo + 4 * rows * cols, 4 * main);
  if (main < cols) {
    const xv = new Float32Array(heap.memory.buffer, xo, rows * cols);
    const ov = new Float32Array(heap.memory.buffer, oo, cols);
    for (let j = main; j < cols; j++) {
      let s = 0;
      for (let r = 0; r < rows; r++) s = fr(s + xv[r * cols + j]);
      ov[j] = s;
    }
  }
  return out;
}

const patch = kernelPatch(BACKEND, {
  [tf.Sum]: sum,
});

/** Registers the Sum kernel for 'wasm' (idempotent; false if wasm has no Sum kernel yet). */
export const installWasmSum = (): boolean => patch.install();
/** Restores the stock Sum (tests compare both). */
export const uninstallWasmSum = (): void => patch.uninstall();
export const wasmSumInstalled = (): boolean => patch.installed();
