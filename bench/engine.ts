/**
 * Engine benchmarks, run by bench/run.ts. On the wasm backend each line is
 * measured twice, with the stock tfjs-backend-wasm matmul kernels and with the explicit-transpose
 * ones of src/engine/wasmMatMul.ts (field `kernel`); on other backends once (`kernel: "n/a"`).
 *   matmul_gflops                  the three products of one dense layer of the paper's network
 *                                  at batch 100 (x [100, 1344], W [1344, 512], dy [100, 512]):
 *                                  forward x W, and the backward dy W^T (transposeB) and x^T dy
 *                                  (transposeA); GFLOP/s = 2 m k n / median seconds
 *   engine_vae_step_samples_per_s  one plain-tfjs VAE training step (encoder 1344-512-512-512
 *                                  -> mean and log-variance 32, mirror decoder, batch 100, Adam
 *                                  1e-3, squared error + KL), samples per second. Not the
 *                                  project's model (src/models/): a fixed yardstick for the engine.
 */
import { backendName, setBackendThreads, tf } from '../src/engine/backend.ts';
import { dnnlLoaded } from '../src/engine/dnnl.ts';
import {
  installNativeMatMul,
  nativeMatMulInstalled,
  uninstallNativeMatMul,
} from '../src/engine/nativeMatMul.ts';
import {
  installWasmMatMul,
  uninstallWasmMatMul,
  wasmMatMulInstalled,
} from '../src/engine/wasmMatMul.ts';
import { fillGaussian, makeRng } from '../src/util/rng.ts';
import { median } from './timing.ts';

export interface Row {
  bench: string;
  value: number;
  unit: string;
  backend: string;
  [k: string]: unknown;
}
type Kernel = 'stock' | 'explicit-transpose' | 'dnnl' | 'n/a';

/** One kernel set to measure: `threads` only for dnnl. */
export interface Variant {
  kernel: Kernel;
  threads?: number;
  /** The backend name it stands for ('wasm+dnnl' for dnnl, else the tfjs backend). */
  backend: string;
}

/**
 * Runs fn once per matmul kernel set available: dnnl with 1 and 2 threads (when 'wasm+dnnl' is
 * in use), the explicit-transpose wasm kernels, the stock wasm kernels (when `stock`); else
 * once. Restores the kernels and threads in use before.
 */
export function perVariant(fn: (v: Variant) => void, stock = true): void {
  const dnnl = nativeMatMulInstalled() ? dnnlLoaded() : undefined;
  if (!dnnl && !wasmMatMulInstalled()) return fn({ kernel: 'n/a', backend: backendName() });
  if (dnnl) {
    const threads = dnnl.threads();
    try {
      for (const t of [1, 2]) {
        setBackendThreads(t);
        fn({ kernel: 'dnnl', threads: t, backend: 'wasm+dnnl' });
      }
    } finally {
      setBackendThreads(threads);
    }
    uninstallNativeMatMul();
  }
  try {
    fn({ kernel: 'explicit-transpose', backend: 'wasm' });
    if (stock) {
      uninstallWasmMatMul();
      try {
        fn({ kernel: 'stock', backend: 'wasm' });
      } finally {
        installWasmMatMul();
      }
    }
  } finally {
    if (dnnl) installNativeMatMul(dnnl);
  }
}

/** Seeded N(0, scale^2) tensor. */
function normal(shape: number[], purpose: string, scale = 1): tf.Tensor {
  const v = new Float32Array(shape.reduce((p, d) => p * d, 1));
  fillGaussian(makeRng(0, purpose), v);
  for (let i = 0; i < v.length; i++) v[i] *= scale;
  return tf.tensor(v, shape);
}

function matmuls(emit: (row: Row) => void): void {
  for (const batch of [100, 1000]) {
    const x = normal([batch, 1344], 'bench-x');
    const w = normal([1344, 512], 'bench-w', 0.04);
    const dy = normal([batch, 512], 'bench-dy');
    const products = [
      { product: 'x W', m: batch, k: 1344, n: 512, f: () => tf.matMul(x, w) },
      { product: 'dy W^T', m: batch, k: 512, n: 1344, f: () => tf.matMul(dy, w, false, true) },
      { product: 'x^T dy', m: 1344, k: batch, n: 512, f: () => tf.matMul(x, dy, true, false) },
    ];
    perVariant((v) => {
      for (const { product, m, k, n, f } of products) {
        const call = () => f().dispose();
        for (let i = 0; i < 3; i++) call();
        // Repeat so each timing is >= ~20 ms even on the fast paths.
        const reps = Math.max(
          1,
          Math.round(
            { stock: 2, 'n/a': 10, 'explicit-transpose': 10, dnnl: 40 }[v.kernel] * (100 / batch),
          ),
        );
        const s = median(() => {
          for (let i = 0; i < reps; i++) call();
        }, 7);
        emit({
          bench: 'matmul_gflops',
          value: (2 * m * k * n * reps) / s / 1e9,
          unit: 'GFLOP/s',
          backend: v.backend,
          kernel: v.kernel,
          ...(v.threads !== undefined && { threads: v.threads }),
          product,
          batch,
          shape: `${m}x${k}x${n}`,
        });
      }
    }, batch === 100);
    tf.dispose([x, w, dy]);
  }
}

/** Dense layer parameters, He-normal weights (METHOD.md section 3). */
function dense(nIn: number, nOut: number, name: string): { w: tf.Variable; b: tf.Variable } {
  return {
    w: tf.variable(normal([nIn, nOut], `bench-${name}`, Math.sqrt(2 / nIn))),
    b: tf.variable(tf.zeros([nOut])),
  };
}

function vaeStep(emit: (row: Row) => void): void {
  const batch = 100;
  const enc = [dense(1344, 512, 'e1'), dense(512, 512, 'e2'), dense(512, 512, 'e3')];
  const mean = dense(512, 32, 'mu');
  const logVar = dense(512, 32, 'lv');
  const dec = [dense(32, 512, 'd1'), dense(512, 512, 'd2'), dense(512, 512, 'd3')];
  const out = dense(512, 1344, 'out');
  const x = normal([batch, 1344], 'bench-vae-x');
  const layer = (h: tf.Tensor, p: { w: tf.Variable; b: tf.Variable }, relu: boolean) =>
    tf.fused.matMul({
      a: h as tf.Tensor2D,
      b: p.w as tf.Tensor2D,
      bias: p.b,
      activation: relu ? 'relu' : 'linear',
    });
  // Loss per sample: squared error + KL(q(z|x) || N(0, I)) (METHOD.md eq. 19 + 20 in spirit).
  const loss = (): tf.Scalar => {
    const h = enc.reduce((a, p) => layer(a, p, true), x);
    const mu = layer(h, mean, false);
    const lv = layer(h, logVar, false);
    const z = tf.add(mu, tf.mul(tf.exp(tf.mul(lv, 0.5)), tf.randomNormal(mu.shape)));
    const y = layer(
      dec.reduce((a, p) => layer(a, p, true), z),
      out,
      false,
    );
    const rec = tf.sum(tf.squaredDifference(y, x));
    const kl = tf.mul(-0.5, tf.sum(tf.sub(tf.add(1, lv), tf.add(tf.square(mu), tf.exp(lv)))));
    return tf.div(tf.add(rec, kl), batch);
  };
  perVariant((v) => {
    const opt = tf.train.adam(1e-3);
    const step = () => opt.minimize(loss, true)?.dispose();
    for (let i = 0; i < 3; i++) step();
    const steps = v.kernel === 'stock' ? 2 : 10;
    const s = median(() => {
      for (let i = 0; i < steps; i++) step();
    }, 5);
    emit({
      bench: 'engine_vae_step_samples_per_s',
      value: (steps * batch) / s,
      unit: 'samples/s',
      backend: v.backend,
      kernel: v.kernel,
      ...(v.threads !== undefined && { threads: v.threads }),
      ms_per_step: (1000 * s) / steps,
    });
    opt.dispose();
  });
  tf.dispose([x, ...[...enc, mean, logVar, ...dec, out].flatMap((p) => [p.w, p.b])]);
}

/** Emits the engine rows; returns the human summary lines. */
export function engineBench(emit: (row: Row) => void): string[] {
  const rows: Row[] = [];
  const keep = (row: Row) => (rows.push(row), emit(row));
  matmuls(keep);
  vaeStep(keep);
  const label = (r: Row) => `${r.kernel}${r.threads !== undefined ? ` x${r.threads}` : ''}`;
  const line = (bench: string, match: (r: Row) => boolean) =>
    rows
      .filter((r) => r.bench === bench && match(r))
      .map((r) => `${label(r)} ${r.value.toFixed(1)}`)
      .join(', ');
  return [
    ...[100, 1000].flatMap((batch) =>
      ['x W', 'dy W^T', 'x^T dy'].map(
        (p) =>
          `matmul_gflops ${p.padEnd(7)} batch ${String(batch).padEnd(5)} GFLOP/s: ${line('matmul_gflops', (r) => r.product === p && r.batch === batch)}`,
      ),
    ),
    `engine_vae_step_samples_per_s (plain tfjs VAE step): ${line('engine_vae_step_samples_per_s', () => true)}`,
  ];
}
