/**
 * THE MEASURED SPEEDS OF EACH BACKEND: the one place to update when the engine gets faster.
 * Pure data plus the step-time model derived from it; src/experiment/estimate.ts uses it.
 *
 * How to update: `npm run bench -- --only train,estimate` on a quiet machine (check its
 * load_average lines), then copy the samples/s of train_{vae,ae,prop}_samples_per_s (batch 100
 * and 1000, one thread; batch 100 with two threads) and the estimate_* lines into the backend's
 * entry below, with the date and load in its `source`. Nothing else needs to change: the model's
 * parameters are derived from these figures.
 */

/** Backends the estimate prices (src/engine/backend.ts). */
export type CostBackend = 'tensorflow' | 'wasm+dnnl' | 'wasm' | 'cpu';

/** Training throughput, samples/s, of the paper network (bench/train.ts). */
export interface TrainFigures {
  vae: number;
  ae: number;
  /** PROP with the bench's refit (every PROP_BENCH_REFIT.every steps over its .vectors). */
  prop: number;
}

export interface BackendCosts {
  /** Where the figures come from: measured (bench lines, date, load) or assumed (and why). */
  source: string;
  /** The figures are not measurements of this backend. */
  assumed: boolean;
  /** One thread, the paper network, at batch 100 and at batch 1000. */
  batch100: TrainFigures;
  batch1000: TrainFigures;
  /** Two native threads, batch 100 (wasm+dnnl); absent: threads do not change the speed. */
  batch100Threads2?: TrainFigures;
  /** s per step of the smoke network (1344-32-4, batch 100): the per-step floor. */
  tinyStepSec: { ae: number; vae: number; prop: number };
  /** F of the paper network alone, vectors/s, batches of 2,048 (one thread; two if measured). */
  forwardVectorsPerSec: number;
  forwardVectorsPerSecThreads2?: number;
  /** One EM iteration, s, at 200,000 vectors x 32 dims x 16 components. */
  emSecPerIter: number;
  /** dcase-ae: s per step of 512 vectors (its validation pass included) and inference vectors/s. */
  dcaseAeStepSec: number;
  dcaseAeForwardVectorsPerSec: number;
}

/** The refit inside the bench's PROP figures (bench/train.ts: refitEvery = 10 over all 2,000 D). */
export const PROP_BENCH_REFIT = { every: 10, vectors: 2000 } as const;

/** The EM bench's size: vectors x dims x components (bench/run.ts gmm_em_s_per_iter). */
export const EM_BENCH_UNITS = 200_000 * 32 * 16;

/**
 * wasm+dnnl (oneDNN matmuls), with the engine's SIMD Adam (and PROP's NP step's exact-tfjs one),
 * dropout and Sum on the heap. One run of `npm run bench -- --only train,estimate` on this
 * 2-core machine kind (that day an Intel Xeon at 2.1 GHz, AVX-512) at load 0.75-1.03 (the bench
 * itself), 2026-12-06: train lines as below; F 33,875 vectors/s (33,745 with two threads); the
 * smoke-network steps AE 1.93 ms, VAE 2.27, PROP 6.08 (two threads slower: 2.67, 3.95, 11.4);
 * dcase-ae 0.0210 s per step; EM 0.0457 s per iteration. dcase-ae's inference rate is wasm's
 * (not measured here).
 */
const WASM_DNNL: BackendCosts = {
  assumed: false,
  source: 'measured: one bench run of the train and estimate lines, quiet, on this 2-core machine',
  batch100: { vae: 5959, ae: 6098, prop: 2033 },
  batch1000: { vae: 8680, ae: 9337, prop: 4085 },
  batch100Threads2: { vae: 6530, ae: 5828, prop: 2195 },
  tinyStepSec: { ae: 0.0019, vae: 0.0023, prop: 0.0061 },
  forwardVectorsPerSec: 33_900,
  forwardVectorsPerSecThreads2: 33_700,
  emSecPerIter: 0.046,
  dcaseAeStepSec: 0.021,
  dcaseAeForwardVectorsPerSec: 27_000,
};

/**
 * wasm (XNNPACK kernels, one thread in Node). Training: `npm run bench -- --only train`, quiet.
 * F 11,700-12,200 vectors/s and EM gmm_em_s_per_iter 0.062-0.074 s from earlier quiet benches;
 * smoke-network steps AE 6.6-6.9 ms, VAE 5.6-6.4, PROP 12.8-21 (`--only estimate`, load 4-5);
 * dcase-ae 0.09 s per step (epochs of 150 steps in a table1 quick run, 40-step epochs of a bench,
 * 0.084-0.109 in `--only estimate` at load 4-5) and 27,000 inference vectors/s (9,375 in 0.35 s).
 */
const WASM: BackendCosts = {
  assumed: false,
  source: 'measured: bench train lines (quiet) and earlier bench and run figures',
  batch100: { vae: 1550, ae: 1584, prop: 682 },
  batch1000: { vae: 2084, ae: 2095, prop: 1033 },
  tinyStepSec: { ae: 0.006, vae: 0.006, prop: 0.013 },
  forwardVectorsPerSec: 12_000,
  emSecPerIter: 0.068,
  dcaseAeStepSec: 0.09,
  dcaseAeForwardVectorsPerSec: 27_000,
};

/** Every backend's figures; 'tensorflow' and 'cpu' say in `source` what is assumed. */
export const BACKEND_COSTS: Readonly<Record<CostBackend, BackendCosts>> = {
  'wasm+dnnl': WASM_DNNL,
  wasm: WASM,
  tensorflow: {
    ...WASM_DNNL,
    assumed: true,
    source:
      "assumed: wasm+dnnl's figures (tfjs-node, native TensorFlow, does not install on this " +
      'machine, so it was never measured)',
  },
  cpu: {
    ...scaled(WASM, 1 / 30),
    assumed: true,
    source:
      "wasm's figures / 30: training at batch 100 measured 30-35 times slower than wasm in one " +
      'process at load 5-6 (VAE 32, AE 30, PROP 12 samples/s against 918-976, 907-1,146, ' +
      '379-427); that every other figure scales alike is assumed',
  },
};

/** `c` with every speed times `f` and every time divided by it. */
function scaled(c: BackendCosts, f: number): BackendCosts {
  const t = (x: TrainFigures): TrainFigures => ({ vae: x.vae * f, ae: x.ae * f, prop: x.prop * f });
  return {
    ...c,
    batch100: t(c.batch100),
    batch1000: t(c.batch1000),
    tinyStepSec: {
      ae: c.tinyStepSec.ae / f,
      vae: c.tinyStepSec.vae / f,
      prop: c.tinyStepSec.prop / f,
    },
    forwardVectorsPerSec: c.forwardVectorsPerSec * f,
    emSecPerIter: c.emSecPerIter / f,
    dcaseAeStepSec: c.dcaseAeStepSec / f,
    dcaseAeForwardVectorsPerSec: c.dcaseAeForwardVectorsPerSec * f,
  };
}
