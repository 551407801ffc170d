/**
 * The TensorFlow.js backend and native threads a run would use, found without loading
 * TensorFlow.js (about 1 s, which `npasd list` and `validate` do not otherwise need), so that the
 * run-time estimate prices the backend that will actually run. It follows the order of
 * src/engine/backend.ts: an explicit choice (`--backend`), else NPASD_TF_BACKEND, else the first
 * that loads of 'tensorflow', 'wasm+dnnl', 'wasm'. Availability is checked the cheap way:
 * 'tensorflow' when @tensorflow/tfjs-node resolves and its native binding file is on disk (the
 * file whose absence makes its import fail), 'wasm+dnnl' when koffi and oneDNN load (the same
 * loadDnnl() the engine calls: no TensorFlow.js in it), else 'wasm' ('cpu' only when wasm itself
 * fails, which this check does not foresee). test/experiment/expectedBackend.test.ts checks the
 * answer against the engine's own resolution on the machine it runs on.
 */
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { loadDnnl } from '../engine/dnnl.ts';
import { engineMessages, runMessages } from '../messages/index.ts';
import { BACKEND_COSTS } from './estimateRates.ts';

/** The backends of src/engine/backend.ts, in its order of preference (a test pins the copy). */
export const BACKEND_NAMES = ['tensorflow', 'wasm+dnnl', 'wasm', 'cpu'] as const;
export type ExpectedBackendName = (typeof BACKEND_NAMES)[number];

export interface ExpectedBackend {
  backend: ExpectedBackendName;
  /** As the engine says it: `--backend`, the environment, or the preference order. */
  source: 'argument' | 'NPASD_TF_BACKEND' | 'auto';
}

/** Whether @tensorflow/tfjs-node is installed with its native binding (lib/napi-v<N>/). */
export function tfjsNodeBindingPresent(): boolean {
  let dir: string;
  try {
    dir = dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-node/package.json'));
  } catch {
    return false;
  }
  const lib = join(dir, 'lib');
  if (!existsSync(lib)) return false;
  return readdirSync(lib).some(
    (d) => d.startsWith('napi-v') && existsSync(join(lib, d, 'tfjs_binding.node')),
  );
}

/** A backend name from `--backend` or NPASD_TF_BACKEND, checked as the engine checks it. */
function named(value: string, where: string): ExpectedBackendName {
  const name = BACKEND_NAMES.find((b) => b === value);
  if (!name) throw new Error(engineMessages.unknownBackend(where, value, BACKEND_NAMES));
  return name;
}

/** The backend a run started now with `choice` (a `--backend` value, if any) would resolve. */
export async function expectedBackend(
  choice?: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ExpectedBackend> {
  if (choice !== undefined) return { backend: named(choice, '--backend '), source: 'argument' };
  const forced = env.NPASD_TF_BACKEND;
  if (forced) return { backend: named(forced, 'NPASD_TF_BACKEND='), source: 'NPASD_TF_BACKEND' };
  if (tfjsNodeBindingPresent()) return { backend: 'tensorflow', source: 'auto' };
  const { dnnl } = await loadDnnl();
  return { backend: dnnl ? 'wasm+dnnl' : 'wasm', source: 'auto' };
}

/**
 * Native threads per unit with `jobs` units at once, as src/engine/backend.ts threadsPerJob()
 * gives them: NPASD_THREADS when set, else max(1, floor(cores / jobs)). An invalid NPASD_THREADS
 * is left for the engine to refuse; the estimate then assumes floor(cores / jobs).
 */
export function expectedThreads(
  jobs: number,
  cores = availableParallelism(),
  env: NodeJS.ProcessEnv = process.env,
): number {
  const n = Number(env.NPASD_THREADS);
  if (env.NPASD_THREADS && Number.isInteger(n) && n >= 1) return n;
  return Math.max(1, Math.floor(cores / Math.max(1, jobs)));
}

/**
 * What `list`, `validate` and `reproduce` price their estimate for: the backend a run would use
 * (`choice`, else as the engine would resolve it), the native threads per unit with `jobs` units
 * at once, and the words that say so ("wasm+dnnl, 1 native thread per unit").
 */
export async function estimateBasis(jobs: number, choice?: string, cores = availableParallelism()) {
  const { backend } = await expectedBackend(choice);
  const costs = BACKEND_COSTS[backend];
  const threads = expectedThreads(jobs, cores);
  const threaded = costs.batch100Threads2 !== undefined;
  return {
    backend,
    threads,
    on: runMessages.estimateOn(backend, threaded ? threads : null, costs.assumed),
  };
}
