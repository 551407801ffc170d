/**
 * TensorFlow.js backend resolution, done once per process. Order of preference:
 * 1. 'tensorflow' from @tensorflow/tfjs-node (optional dependency, native, multi-threaded);
 * 2. 'wasm' from @tensorflow/tfjs-backend-wasm (XNNPACK with SIMD; single-threaded in Node);
 * 3. 'cpu' (plain JavaScript, always available).
 * `NPASD_TF_BACKEND=cpu|wasm|tensorflow` forces one (an unavailable forced backend is an error).
 * Everyone imports `tf` from '@tensorflow/tfjs'; tfjs-node registers into the same engine.
 */
import * as tf from '@tensorflow/tfjs';
import { backendMessages as M } from '../messages.ts';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Backends in order of preference. */
export const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

let resolved: Promise<BackendName> | undefined;

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      // A variable specifier keeps tsc from requiring the optional package at type-check time.
      const specifier = '@tensorflow/tfjs-node';
      await import(specifier);
    } else if (name === 'wasm') {
      await import('@tensorflow/tfjs-backend-wasm');
    }
    return (await tf.setBackend(name)) && tf.getBackend() === name;
  } catch {
    return false;
  }
}

async function resolve(): Promise<BackendName> {
  const forced = process.env.NPASD_TF_BACKEND;
  if (forced) {
    const name = BACKENDS.find((b) => b === forced);
    if (!name) throw new Error(M.unknown(forced, BACKENDS));
    if (!(await tryBackend(name))) throw new Error(M.unavailable(name));
    return name;
  }
  for (const name of BACKENDS) if (await tryBackend(name)) return name;
  throw new Error(M.none(BACKENDS));
}

/** Picks and initialises the backend (idempotent); returns its name. */
export function initBackend(): Promise<BackendName> {
  resolved ??= resolve();
  return resolved;
}

/** The backend in use (after initBackend()). */
export function backendName(): string {
  return tf.getBackend();
}

export { tf };
