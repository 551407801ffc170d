/**
 * Identity and same-dtype Cast for the wasm backend without copying. tfjs-core clones every
 * tensor it saves for the backward pass (engine.saveTensorsForBackwardMode -> Identity), and the
 * stock wasm Identity and Cast kernels copy the data: 40-60 copies of activations and weights per
 * training step of the paper's network (~3-4 ms of ~110). Here, as in the cpu backend, the output
 * shares the input's data and the backend's reference count goes up (wasm kernels never write
 * into their inputs, and tfjs frees data when the last reference goes). A Cast to another dtype
 * still runs the stock kernel.
 */
import * as tf from '@tensorflow/tfjs';
import { kernelPatch } from './kernelPatch.ts';

interface RefCountingBackend {
  incRef(dataId: tf.DataId): void;
}

const BACKEND = 'wasm';

function share(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const x = args.inputs.x as tf.TensorInfo;
  (args.backend as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function identity(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const x = args.inputs.x as tf.TensorInfo;
  if (x.dtype === 'string') return stockKernel(tf.Identity)(args) as tf.TensorInfo;
  return share(args);
}

function cast(args: Parameters<tf.KernelFunc>[0]): tf.TensorInfo {
  const x = args.inputs.x as tf.TensorInfo;
  const { dtype } = args.attrs as { dtype: tf.DataType };
  if (dtype !== x.dtype || x.dtype === 'string') return stockKernel(tf.Cast)(args) as tf.TensorInfo;
  return share(args);
}

function stockKernel(name: string): tf.KernelFunc {
  return patch.stock(name);
}

const patch = kernelPatch(BACKEND, { [tf.Identity]: identity, [tf.Cast]: cast });

/** Registers the sharing kernels for 'wasm' (idempotent; false if wasm has no such kernels). */
export const installWasmIdentity = (): boolean => patch.install();
