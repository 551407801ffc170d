/**
 * Replacing registered TensorFlow.js kernels of one backend by our own, keeping the stock
 * kernels so the patch can call them and be removed again (benchmarks compare both). Shared by
 * the wasm matMul and Identity/Cast patches.
 */
import * as tf from '@tensorflow/tfjs';
import { engineMessages } from '../messages/index.ts';

export interface KernelPatch {
  /** Registers the replacements; idempotent; false when a kernel is not registered yet. */
  install(): boolean;
  /** Restores the stock kernels (no-op when not installed). */
  uninstall(): void;
  installed(): boolean;
  /** The stock kernel `name` (only while installed). */
  stock(name: string): tf.KernelFunc;
}

export function kernelPatch(backend: string, patches: Record<string, tf.KernelFunc>): KernelPatch {
  let stock: Map<string, tf.KernelConfig> | undefined;
  return {
    install() {
      if (stock) return true;
      const found = new Map<string, tf.KernelConfig>();
      for (const name of Object.keys(patches)) {
        const config = tf.getKernel(name, backend);
        if (!config) return false;
        found.set(name, config);
      }
      stock = found;
      for (const [name, config] of found) {
        tf.unregisterKernel(name, backend);
        tf.registerKernel({ ...config, kernelFunc: patches[name] });
      }
      return true;
    },
    uninstall() {
      if (!stock) return;
      for (const [name, config] of stock) {
        tf.unregisterKernel(name, backend);
        tf.registerKernel(config);
      }
      stock = undefined;
    },
    installed: () => stock !== undefined,
    stock(name) {
      const config = stock?.get(name);
      if (!config) throw new Error(engineMessages.stockKernelMissing(backend, name));
      return config.kernelFunc;
    },
  };
}
