/**
 * TensorFlow.js backend resolution, done once per process. Order of preference:
 * 1. 'tensorflow' from @tensorflow/tfjs-node (optional dependency, native, multi-threaded);
 * 2. 'wasm' from @tensorflow/tfjs-backend-wasm (XNNPACK with SIMD; single-threaded in Node);
 * 3. 'cpu' (plain JavaScript, always available).
 * `NPASD_TF_BACKEND=cpu|wasm|tensorflow` forces one (an unavailable forced backend is an error);
 * an explicit choice passed to initBackend() (a `--backend` option) overrides both.
 * When 'wasm' is selected its matmul kernels are replaced by the explicit-transpose ones of
 * ./wasmMatMul.ts (about 10x faster on the transposed products of every backward pass), and its
 * Identity and same-dtype Cast by ones that share data instead of copying (./wasmIdentity.ts).
 * backendInfo() says what is in use, for run provenance and benchmark output.
 * Everyone imports `tf` from '@tensorflow/tfjs'; tfjs-node registers into the same engine.
 */
import * as tf from '@tensorflow/tfjs';
import { engineMessages } from '../messages/index.ts';
import { installWasmIdentity } from './wasmIdentity.ts';
import { installWasmMatMul, wasmMatMulInstalled } from './wasmMatMul.ts';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';

/** Backends in order of preference. */
export const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

/** Where the backend choice came from. */
export type BackendSource = 'argument' | 'NPASD_TF_BACKEND' | 'auto';

/** What runs the tensor maths; recorded in run provenance and benchmark rows. */
export interface BackendInfo {
  /** Backend in use. */
  backend: BackendName;
  /** How it was chosen: explicit argument (`--backend`), environment, or preference order. */
  source: BackendSource;
  /** TensorFlow.js version (tfjs-core). */
  tfjs: string;
  /** wasm only: 'explicit-transpose' when ./wasmMatMul.ts kernels are installed, else 'stock'. */
  wasmMatMul?: 'explicit-transpose' | 'stock';
  /**
   * wasm only: XNNPACK threads. 1 in Node: tfjs 4.22 reports no thread support there. Forcing
   * WASM_HAS_MULTITHREAD_SUPPORT fails (worker_threads cannot load its blob: worker URL); with
   * the worker and main script written to files the threaded-SIMD build does start (8 pthread
   * workers) but still reports 1 thread and uses one core (CPU/wall 1.0, same GFLOP/s).
   */
  wasmThreads?: number;
}

let resolved: { key: string; info: Promise<BackendInfo> } | undefined;
let wasmModule: typeof import('@tensorflow/tfjs-backend-wasm') | undefined;

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      // A variable specifier keeps tsc from requiring the optional package at type-check time.
      const specifier = '@tensorflow/tfjs-node';
      await import(specifier);
    } else if (name === 'wasm') {
      wasmModule = await import('@tensorflow/tfjs-backend-wasm');
    }
    const ok = (await tf.setBackend(name)) && tf.getBackend() === name;
    if (ok && name === 'wasm') {
      installWasmMatMul();
      installWasmIdentity();
    }
    return ok;
  } catch {
    return false;
  }
}

async function resolve(choice: string | undefined): Promise<BackendInfo> {
  const info = (backend: BackendName, source: BackendSource): BackendInfo => ({
    backend,
    source,
    tfjs: tf.version_core,
    ...(backend === 'wasm' && {
      wasmMatMul: wasmMatMulInstalled() ? 'explicit-transpose' : 'stock',
      wasmThreads: wasmModule?.getThreadsCount(),
    }),
  });
  if (choice !== undefined) {
    const name = BACKENDS.find((b) => b === choice);
    if (!name) throw new Error(engineMessages.unknownBackend('--backend ', choice, BACKENDS));
    if (!(await tryBackend(name)))
      throw new Error(engineMessages.unavailableBackend('--backend ', name));
    return info(name, 'argument');
  }
  const forced = process.env.NPASD_TF_BACKEND;
  if (forced) {
    const name = BACKENDS.find((b) => b === forced);
    if (!name)
      throw new Error(engineMessages.unknownBackend('NPASD_TF_BACKEND=', forced, BACKENDS));
    if (!(await tryBackend(name)))
      throw new Error(engineMessages.unavailableBackend('NPASD_TF_BACKEND=', name));
    return info(name, 'NPASD_TF_BACKEND');
  }
  for (const name of BACKENDS) if (await tryBackend(name)) return info(name, 'auto');
  throw new Error(engineMessages.noBackend(BACKENDS));
}

/**
 * Picks and initialises the backend; returns its name. `choice` (e.g. from `--backend`) beats
 * NPASD_TF_BACKEND, which beats the preference order. Idempotent for the same request; a
 * different explicit choice later in the process switches backend.
 */
export async function initBackend(choice?: string): Promise<BackendName> {
  const key = choice ?? `env:${process.env.NPASD_TF_BACKEND ?? ''}`;
  if (resolved?.key !== key) resolved = { key, info: resolve(choice) };
  return (await resolved.info).backend;
}

/** What initBackend() selected, for provenance (throws if it was not called). */
export async function backendInfo(): Promise<BackendInfo> {
  if (!resolved) throw new Error(engineMessages.notInitialised());
  const info = await resolved.info;
  // The patch can be removed afterwards (the benchmark does, to compare): report it as it is now.
  if (info.backend !== 'wasm') return info;
  return { ...info, wasmMatMul: wasmMatMulInstalled() ? 'explicit-transpose' : 'stock' };
}

/** The backend in use (after initBackend()). */
export function backendName(): string {
  return tf.getBackend();
}

export { tf };
