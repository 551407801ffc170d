/**
 * oneDNN's single-precision GEMM (`dnnl_sgemm`, Debian package libdnnl2) called through the
 * koffi FFI package (optional dependency, prebuilt binaries, nothing compiled at install).
 *
 * Why oneDNN: on this project's reference machine (AMD Zen 5, AVX-512) it ran the paper
 * network's products (batch 100 and 1000, all transposes) at 135-200 GFLOP/s on one core;
 * OpenBLAS 0.3.21 as the environment configures it (OPENBLAS_CORETYPE=Haswell, set because
 * older builds miscompute on some CPUs) at 77-100, and BLIS 0.9 at 18-31. oneDNN picks its
 * kernels by CPUID itself and needs no such setting.
 *
 * Threads: oneDNN (Debian's build) uses OpenMP; the count is set with libgomp's
 * omp_set_num_threads for the calling (main) thread. oneDNN splits matrix products along M and
 * N, so their results do not depend on the count, but matrix-vector products (M or N = 1, e.g.
 * the batch sums of the DCASE baseline's batch norm) along K once K is a few hundred, which
 * changes the summation order: 1 and 2 threads gave different bits from K = 360 on (M, N up to
 * 1344). Those run on one thread (memory-bound; a second thread gains little), so the bytes of a
 * run do not depend on --jobs. test/engine/dnnl.test.ts pins both.
 * OMP_WAIT_POLICY is set to PASSIVE (idle OpenMP threads sleep instead of spinning) unless the
 * user set it: with one core busy with another process, two spinning threads ran the paper's
 * VAE at 1,844-2,230 samples/s against 3,288-4,923 passive and 5,321-5,435 with one thread; on
 * an idle machine the three were within this machine's +-15% noise (batch 100).
 *
 * Signals: oneDNN 2.6's sgemm crashes (heap corruption, segfault) when a signal handler runs on
 * its thread mid-call, even a trivial handler in a plain C program: measured here with SIGUSR2
 * sent every 2 ms, and with V8's sampling profiler (--cpu-prof). So every call runs with the
 * thread's signals blocked (pthread_sigmask) and they are delivered right after; OpenMP worker
 * threads, created inside the first call, inherit the blocked mask and never take signals.
 * test/engine/dnnl.test.ts pins this with a signal storm.
 *
 * Memory: the operands are Float32Arrays (e.g. views of the wasm backend's heap); koffi passes
 * their address as is, so nothing is copied. Row-major, as dnnl_sgemm itself.
 */
import { engineMessages } from '../messages/index.ts';

/**
 * Candidate file names of the oneDNN shared library (Debian 12: libdnnl.so.2), or the one path
 * in NPASD_DNNL_LIBRARY (a build elsewhere; also how tests make it fail to load).
 */
const libraries = (): string[] =>
  process.env.NPASD_DNNL_LIBRARY
    ? [process.env.NPASD_DNNL_LIBRARY]
    : ['libdnnl.so.3', 'libdnnl.so.2', 'libdnnl.so'];

/** C = alpha op(A) op(B) + beta C, row-major; op = transpose when the flag is set. */
export type Sgemm = (
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  alpha: number,
  a: Float32Array,
  lda: number,
  b: Float32Array,
  ldb: number,
  beta: number,
  c: Float32Array,
  ldc: number,
) => void;

export interface Dnnl {
  sgemm: Sgemm;
  /** OpenMP threads used by the following calls (>= 1). */
  setThreads(n: number): void;
  threads(): number;
  /** The library file loaded and its version, for provenance. */
  library: string;
  version: string;
}

/** glibc's sigset_t size and the Linux `how` values of pthread_sigmask. */
const SIGSET_BYTES = 128;
const SIG_BLOCK = 0;
const SIG_SETMASK = 2;

const T = 'T'.charCodeAt(0);
const N = 'N'.charCodeAt(0);

let loaded: { dnnl?: Dnnl; error?: string } | undefined;

/** Loads koffi and oneDNN once; the reason when either is missing. */
export async function loadDnnl(): Promise<{ dnnl?: Dnnl; error?: string }> {
  loaded ??= await loadDnnlFrom(libraries());
  return loaded;
}

/** Loads koffi and the first of `names` that opens (not cached: for tests and diagnostics). */
export async function loadDnnlFrom(names: string[]): Promise<{ dnnl?: Dnnl; error?: string }> {
  try {
    return { dnnl: await open(names) };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** The loaded library (after a successful loadDnnl()), else undefined. */
export const dnnlLoaded = (): Dnnl | undefined => loaded?.dnnl;

async function open(names: string[]): Promise<Dnnl> {
  const koffi = (await import('koffi')).default;
  // Read by libgomp when it is loaded with oneDNN, so set before (see the file comment).
  process.env.OMP_WAIT_POLICY ??= 'PASSIVE';
  let lib: ReturnType<typeof koffi.load> | undefined;
  let library = '';
  const errors: string[] = [];
  for (const name of names) {
    try {
      lib = koffi.load(name);
      library = name;
      break;
    } catch (e) {
      errors.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (!lib) throw new Error(engineMessages.dnnlMissing(names, errors));
  const gemm = lib.func(
    'int dnnl_sgemm(char, char, int64_t, int64_t, int64_t, float, const float *, int64_t, ' +
      'const float *, int64_t, float, float *, int64_t)',
  );
  const Version = koffi.struct('dnnl_version_t', {
    major: 'int',
    minor: 'int',
    patch: 'int',
    hash: 'const char *',
    cpu_runtime: 'unsigned int',
    gpu_runtime: 'unsigned int',
  });
  const versionFn = lib.func('dnnl_version', koffi.pointer(Version), []);
  const v = koffi.decode(versionFn(), Version) as { major: number; minor: number; patch: number };
  // Debian's oneDNN is built against libgomp (already loaded with it).
  const gomp = koffi.load('libgomp.so.1');
  const setThreads = gomp.func('void omp_set_num_threads(int)');
  const getThreads = gomp.func('int omp_get_max_threads()');
  const libc = koffi.load('libc.so.6');
  const sigmask = libc.func('int pthread_sigmask(int, const void *, void *)');
  const all = Buffer.alloc(SIGSET_BYTES, 0xff); // sigfillset (glibc keeps its own two out)
  const saved = Buffer.alloc(SIGSET_BYTES);
  let threads = getThreads() as number;
  const sgemm: Sgemm = (ta, tb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) => {
    if (sigmask(SIG_BLOCK, all, saved) !== 0) throw new Error(engineMessages.sigmaskFailed());
    // Matrix-vector products are split along K over threads: run them on one (file comment).
    const gemv = (m === 1 || n === 1) && threads > 1;
    let status: number;
    try {
      if (gemv) setThreads(1);
      status = gemm(ta ? T : N, tb ? T : N, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
    } finally {
      if (gemv) setThreads(threads);
      sigmask(SIG_SETMASK, saved, null);
    }
    if (status !== 0) throw new Error(engineMessages.dnnlStatus(status, m, n, k));
  };
  return {
    sgemm,
    setThreads: (n) => {
      threads = Math.max(1, Math.floor(n));
      setThreads(threads);
    },
    threads: () => threads,
    library,
    version: `${v.major}.${v.minor}.${v.patch}`,
  };
}
