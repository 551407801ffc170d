/** User-facing messages of the TensorFlow.js backend and kernels. */

// ---------------------------------------------------------------------------------------------
// Engine (src/engine/)
// ---------------------------------------------------------------------------------------------

/**
 * Messages of the backend resolver (src/engine/backend.ts). `via` names where the choice came
 * from, as the user wrote it: `--backend` or `NPASD_TF_BACKEND=`.
 */
export const engineMessages = {
  noTranspose: () => 'wasm backend has no Transpose kernel',
  variableResized: (key: string, was: number, now: number) =>
    `Adam: variable ${key} changed size (${was} -> ${now})`,
  adamBackendChanged: (name: string) =>
    `Adam: variable ${name} was trained on another backend (its moments are on the wasm heap)`,
  heapExhausted: (bytes: number) =>
    `the TensorFlow.js wasm heap could not allocate ${bytes} bytes (it is limited to 4 GiB)`,
  stockKernelMissing: (backend: string, name: string) => `stock ${backend} ${name} kernel missing`,
  unknownBackend: (via: string, name: string, known: readonly string[]) =>
    `${via}${name}: unknown backend (known: ${known.join(', ')})`,
  unavailableBackend: (via: string, name: string) =>
    `${via}${name}: backend could not be initialised` +
    (name === 'tensorflow' ? ' (it needs the optional package @tensorflow/tfjs-node)' : ''),
  noBackend: (tried: readonly string[]) =>
    `no TensorFlow.js backend could be initialised (tried ${tried.join(', ')})`,
  notInitialised: () => 'backendInfo(): call initBackend() first',
  dnnlMissing: (tried: readonly string[], errors: readonly string[]) =>
    `oneDNN not found (tried ${tried.join(', ')}; on Debian: apt-get install libdnnl2): ` +
    errors.join('; '),
  dnnlStatus: (status: number, m: number, n: number, k: number) =>
    `dnnl_sgemm failed with status ${status} (m ${m}, n ${n}, k ${k})`,
  sigmaskFailed: () => 'pthread_sigmask failed before a native matmul call',
  badThreads: (via: string, value: unknown) =>
    `${via}${String(value)}: threads must be an integer >= 1`,
};
