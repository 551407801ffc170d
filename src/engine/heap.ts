/**
 * Tensors filled from JavaScript without an extra copy where the backend allows it. On 'wasm'
 * the output is allocated on the wasm heap (the way the backend's own kernels allocate) and
 * filled in place through a view; on other backends a fresh Float32Array is filled and handed
 * to tf.tensor (the cpu backend keeps that array by reference, so it is never reused).
 */
import * as tf from '@tensorflow/tfjs';

/** The tfjs-backend-wasm BackendWasm methods used here. */
interface WasmHeapBackend {
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
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
