/**
 * Tensors filled from JavaScript without an extra copy where the backend allows it. On 'wasm'
 * the output is allocated on the wasm heap (the way the backend's own kernels allocate) and
 * filled in place through a view; on other backends a fresh Float32Array is filled and handed
 * to tf.tensor (the cpu backend keeps that array by reference, so it is never reused).
 */
import * as tf from '@tensorflow/tfjs';
import { engineMessages } from '../messages/index.ts';
import type { WasmMemory } from './wasmAsm.ts';

/** The tfjs-backend-wasm BackendWasm members used here. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  getMemoryOffset(dataId: object): number;
  wasm: {
    asm: { memory: WasmMemory };
    _malloc(bytes: number): number;
    _free(ptr: number): void;
  };
}

/** The wasm backend's heap, for kernels that work on tensors in place. */
export interface WasmHeap {
  /** The backend module's memory (its buffer changes when the heap grows). */
  readonly memory: WasmMemory;
  /** Byte offset of a tensor's values. */
  offsetOf(t: tf.TensorInfo): number;
  /** Bytes that live until free() (the backend's allocator). */
  malloc(bytes: number): number;
  free(ptr: number): void;
  /** A fresh float32 output tensor's info (not yet a tf.Tensor), as the kernels allocate. */
  makeOutput(shape: number[]): tf.TensorInfo;
}

/** The heap of the active backend if it is 'wasm', else undefined. */
export function wasmHeap(): WasmHeap | undefined {
  const b = wasmBackend();
  if (!b) return undefined;
  return {
    memory: b.wasm.asm.memory,
    offsetOf: (t) => b.getMemoryOffset(t.dataId),
    malloc: (bytes) => {
      const p = b.wasm._malloc(bytes);
      if (p === 0) throw new Error(engineMessages.heapExhausted(bytes));
      return p >>> 0;
    },
    free: (p) => b.wasm._free(p),
    makeOutput: (shape) => b.makeOutput(shape, 'float32'),
  };
}

function wasmBackend(): WasmHeapBackend | undefined {
  return tf.getBackend() === 'wasm' ? (tf.backend() as unknown as WasmHeapBackend) : undefined;
}

/**
 * A float32 tensor of `shape` whose values `fill` writes into the array it is given (length =
 * product of shape). `fill` must not create or dispose tensors (views of the wasm heap are
 * invalidated when it grows).
 */
export function tensorFromFill(shape: number[], fill: (out: Float32Array) => void): tf.Tensor {
  const wasm = wasmBackend();
  if (!wasm) {
    const out = new Float32Array(shape.reduce((p, d) => p * d, 1));
    fill(out);
    return tf.tensor(out, shape, 'float32');
  }
  const info = wasm.makeOutput(shape, 'float32');
  fill(wasm.typedArrayFromHeap(info));
  return tf.engine().makeTensorFromTensorInfo(info);
}

/**
 * The values of a float32 tensor for reading: a view of the wasm heap (valid until the next
 * allocation), else dataSync() (the cpu backend's own array: never write to it).
 */
export function readValues(t: tf.Tensor): Float32Array {
  const wasm = wasmBackend();
  return wasm ? wasm.typedArrayFromHeap(t) : (t.dataSync() as Float32Array);
}

/**
 * `create(heap)` once per wasm memory (a process has one TensorFlow.js heap per wasm backend),
 * for kernels bound to it; an undefined result (no WebAssembly SIMD) is remembered too.
 */
export function perHeap<T>(
  create: (heap: WasmHeap) => T | undefined,
): (heap: WasmHeap) => T | undefined {
  const made = new WeakMap<WasmMemory, T | null>();
  return (heap) => {
    let t = made.get(heap.memory);
    if (t === undefined) made.set(heap.memory, (t = create(heap) ?? null));
    return t ?? undefined;
  };
}
