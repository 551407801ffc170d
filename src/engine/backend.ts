/**
 * TensorFlow.js backend resolution, done once per process. Order of preference:
 * 1. 'tensorflow' from @tensorflow/tfjs-node (optional dependency, native, multi-threaded);
 * 2. 'wasm+dnnl': the wasm backend with its matmuls run natively by oneDNN through koffi
 *    (./dnnl.ts, ./nativeMatMul.ts; needs the optional package koffi and libdnnl2). When either
 *    cannot load, resolution goes on to plain 'wasm' and the reason is kept in
 *    BackendInfo.nativeUnavailable;
 * 3. 'wasm' from @tensorflow/tfjs-backend-wasm (XNNPACK with SIMD; single-threaded in Node);
 * 4. 'cpu' (plain JavaScript, always available).
 * `NPASD_TF_BACKEND=cpu|wasm|wasm+dnnl|tensorflow` forces one (an unavailable forced backend is
 * an error); an explicit choice passed to initBackend() (a `--backend` option) overrides both.
 * When 'wasm' is selected its matmul kernels are replaced by the explicit-transpose ones of
 * ./wasmMatMul.ts (about 10x faster on the transposed products of every backward pass), and its
 * Identity and same-dtype Cast by ones that share data instead of copying (./wasmIdentity.ts),
 * and Sum over leading axes by one without a transpose (./wasmSum.ts);
 * 'wasm+dnnl' adds the native matmul kernels on top.
 * Threads of the native library: setBackendThreads(n), else NPASD_THREADS, else every core;
 * the results do not depend on it (test/engine/dnnl.test.ts).
 * backendInfo() says what is in use, for run provenance and benchmark output.
 * Everyone imports `tf` from '@tensorflow/tfjs'; tfjs-node registers into the same engine.
 */
import { availableParallelism } from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { engineMessages } from '../messages/index.ts';
import { dnnlLoaded, loadDnnl } from './dnnl.ts';
import {
  installNativeMatMul,
  nativeMatMulInstalled,
  uninstallNativeMatMul,
} from './nativeMatMul.ts';
import { installWasmIdentity } from './wasmIdentity.ts';
import { installWasmSum } from './wasmSum.ts';
import { installWasmMatMul, wasmMatMulInstalled } from './wasmMatMul.ts';

export type BackendName = 'tensorflow' | 'wasm+dnnl' | 'wasm' | 'cpu';

/** Backends in order of preference. */
export const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm+dnnl', 'wasm', 'cpu'];

/** Where the backend choice came from. */
export type BackendSource = 'argument' | 'NPASD_TF_BACKEND' | 'auto';

/** What runs the tensor maths; recorded in run provenance and benchmark rows. */
export interface BackendInfo {
  /** Backend in use ('wasm+dnnl' = the wasm backend with native matmuls). */
  backend: BackendName;
  /** How it was chosen: explicit argument (`--backend`), environment, or preference order. */
  source: BackendSource;
  /** TensorFlow.js version (tfjs-core). */
  tfjs: string;
  /**
   * wasm backends: which matmul kernels are registered now: 'dnnl' (native), 'explicit-transpose'
   * (./wasmMatMul.ts) or 'stock'.
   */
  wasmMatMul?: 'dnnl' | 'explicit-transpose' | 'stock';
  /**
   * wasm only: XNNPACK threads. 1 in Node: tfjs 4.22 reports no thread support there. Forcing
   * WASM_HAS_MULTITHREAD_SUPPORT fails (worker_threads cannot load its blob: worker URL); with
   * the worker and main script written to files the threaded-SIMD build does start (8 pthread
   * workers) but still reports 1 thread and uses one core (CPU/wall 1.0, same GFLOP/s).
   */
  wasmThreads?: number;
  /** 'wasm+dnnl' only: the oneDNN library, its version and its (OpenMP) threads. */
  native?: { library: string; version: string; threads: number };
  /** Plain 'wasm' chosen automatically because 'wasm+dnnl' could not load: why. */
  nativeUnavailable?: string;
}

let resolved: { key: string; info: Promise<BackendInfo> } | undefined;
let wasmModule: typeof import('@tensorflow/tfjs-backend-wasm') | undefined;
let nativeUnavailable: string | undefined;
let threadsWanted: number | undefined;

/** Threads for the native library: setBackendThreads(), else NPASD_THREADS, else the cores. */
function nativeThreads(): number {
  if (threadsWanted !== undefined) return threadsWanted;
  const env = process.env.NPASD_THREADS;
  if (env === undefined || env === '') return availableParallelism();
  const n = Number(env);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(engineMessages.badThreads('NPASD_THREADS=', env));
  return n;
}

/**
 * Native threads for each of `jobs` units running at once: NPASD_THREADS when set, else
 * max(1, floor(cores / jobs)), so jobs x threads <= cores.
 */
export function threadsPerJob(jobs: number): number {
  const env = process.env.NPASD_THREADS;
  if (env !== undefined && env !== '') return nativeThreads();
  return Math.max(1, Math.floor(availableParallelism() / Math.max(1, jobs)));
}

/**
 * Threads of the native library for this process (e.g. cores / --jobs); applies now when
 * 'wasm+dnnl' is in use, else when it is initialised.
 */
export function setBackendThreads(n: number): void {
  if (!Number.isInteger(n) || n < 1) throw new Error(engineMessages.badThreads('threads ', n));
  threadsWanted = n;
  if (nativeMatMulInstalled()) dnnlLoaded()?.setThreads(n);
}

async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'wasm+dnnl') {
      const { dnnl, error } = await loadDnnl();
      if (!dnnl) {
        nativeUnavailable = error;
        return false;
      }
      if (!(await tryBackend('wasm'))) return false;
      dnnl.setThreads(nativeThreads());
      return installNativeMatMul(dnnl);
    }
    if (name === 'tensorflow') {
      // A variable specifier keeps tsc from requiring the optional package at type-check time.
      const specifier = '@tensorflow/tfjs-node';
      await import(specifier);
    } else if (name === 'wasm') {
      wasmModule = await import('@tensorflow/tfjs-backend-wasm');
    }
    const ok = (await tf.setBackend(name)) && tf.getBackend() === name;
    if (ok && name === 'wasm') {
      uninstallNativeMatMul(); // before the patch under it, so kernels restore in order
      installWasmMatMul();
      installWasmIdentity();
      installWasmSum();
    }
    return ok;
  } catch {
    return false;
  }
}

async function resolve(choice: string | undefined): Promise<BackendInfo> {
  nativeUnavailable = undefined;
  nativeThreads(); // a bad NPASD_THREADS is an error, not a reason to skip 'wasm+dnnl'
  const info = (backend: BackendName, source: BackendSource): BackendInfo => ({
    backend,
    source,
    tfjs: tf.version_core,
    ...((backend === 'wasm' || backend === 'wasm+dnnl') && {
      wasmMatMul: matMulKernels(),
      wasmThreads: wasmModule?.getThreadsCount(),
    }),
    ...(backend === 'wasm+dnnl' && { native: nativeFields() }),
    ...(backend === 'wasm' &&
      source === 'auto' &&
      nativeUnavailable !== undefined && { nativeUnavailable }),
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

/** The matmul kernels registered for 'wasm' now. */
function matMulKernels(): BackendInfo['wasmMatMul'] {
  if (nativeMatMulInstalled()) return 'dnnl';
  return wasmMatMulInstalled() ? 'explicit-transpose' : 'stock';
}

function nativeFields(): BackendInfo['native'] {
  const dnnl = dnnlLoaded();
  return dnnl && { library: dnnl.library, version: dnnl.version, threads: dnnl.threads() };
}

/** What initBackend() selected, for provenance (throws if it was not called). */
export async function backendInfo(): Promise<BackendInfo> {
  if (!resolved) throw new Error(engineMessages.notInitialised());
  const info = await resolved.info;
  // Patches can be removed afterwards and threads changed (the benchmark does, to compare):
  // report them as they are now.
  if (info.backend !== 'wasm' && info.backend !== 'wasm+dnnl') return info;
  return {
    ...info,
    wasmMatMul: matMulKernels(),
    ...(info.backend === 'wasm+dnnl' && { native: nativeFields() }),
  };
}

/**
 * The backend in use (after initBackend()): 'wasm+dnnl' while the native matmul kernels are
 * registered on 'wasm', else TensorFlow.js's name.
 */
export function backendName(): string {
  const name = tf.getBackend();
  return name === 'wasm' && nativeMatMulInstalled() ? 'wasm+dnnl' : name;
}

export { tf };
