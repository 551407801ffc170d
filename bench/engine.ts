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
import { backendName, tf } from '../src/engine/backend.ts';
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
type Kernel = 'stock' | 'explicit-transpose' | 'n/a';

/** Seeded N(0, scale^2) tensor. */
function normal(shape: number[], purpose: string, scale = 1): tf.Tensor {
  const v = new Float32Array(shape.reduce((p, d) => p * d, 1));
  fillGaussian(makeRng(0, purpose), v);
  for (let i = 0; i < v.length; i++) v[i] *= scale;
  return tf.tensor(v, shape);
}

/** Runs fn once per kernel set available on the active backend, restoring the patch after. */
function perKernel(fn: (kernel: Kernel) => void): void {
  if (!wasmMatMulInstalled()) return fn('n/a');
  uninstallWasmMatMul();
  try {
    fn('stock');
  } finally {
    installWasmMatMul();
  }
  fn('explicit-transpose');
}

function matmuls(emit: (row: Row) => void): void {
  const x = normal([100, 1344], 'bench-x');
  const w = normal([1344, 512], 'bench-w', 0.04);
  const dy = normal([100, 512], 'bench-dy');
  const products = [
    { product: 'x W', m: 100, k: 1344, n: 512, f: () => tf.matMul(x, w) },
    { product: 'dy W^T', m: 100, k: 512, n: 1344, f: () => tf.matMul(dy, w, false, true) },
    { product: 'x^T dy', m: 1344, k: 100, n: 512, f: () => tf.matMul(x, dy, true, false) },
  ];
  perKernel((kernel) => {
    for (const { product, m, k, n, f } of products) {
      const call = () => f().dispose();
      for (let i = 0; i < 3; i++) call();
      // Repeat so each timing is >= ~20 ms even on the fast path.
      const reps = kernel === 'explicit-transpose' ? 10 : 2;
      const s = median(() => {
        for (let i = 0; i < reps; i++) call();
      }, 7);
      emit({
        bench: 'matmul_gflops',
        value: (2 * m * k * n * reps) / s / 1e9,
        unit: 'GFLOP/s',
        backend: backendName(),
        kernel,
        product,
        shape: `${m}x${k}x${n}`,
      });
    }
  });
  tf.dispose([x, w, dy]);
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
  perKernel((kernel) => {
    const opt = tf.train.adam(1e-3);
    const step = () => opt.minimize(loss, true)?.dispose();
    for (let i = 0; i < 3; i++) step();
    const steps = kernel === 'explicit-transpose' ? 10 : 2;
    const s = median(() => {
      for (let i = 0; i < steps; i++) step();
    }, 5);
    emit({
      bench: 'engine_vae_step_samples_per_s',
      value: (steps * batch) / s,
      unit: 'samples/s',
      backend: backendName(),
      kernel,
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
  const fmt = (bench: string, unit: string, product?: string) => {
    const by = (k: Kernel) =>
      rows.find((r) => r.bench === bench && r.kernel === k && r.product === product)?.value ?? NaN;
    const [stock, fast, only] = [by('stock'), by('explicit-transpose'), by('n/a')];
    if (!Number.isNaN(only)) return `${only.toFixed(1)} ${unit} on ${backendName()}`;
    const gain = `x${(fast / stock).toFixed(1)}`;
    return `${fast.toFixed(1)} ${unit} on ${backendName()} (stock kernels ${stock.toFixed(1)}, ${gain})`;
  };
  return [
    ...['x W', 'dy W^T', 'x^T dy'].map(
      (p) => `matmul_gflops ${p.padEnd(17)}${fmt('matmul_gflops', 'GFLOP/s', p)}`,
    ),
    `engine_vae_step_samples_per_s  ${fmt('engine_vae_step_samples_per_s', 'samples/s')} (target >= 1250)`,
  ];
}
