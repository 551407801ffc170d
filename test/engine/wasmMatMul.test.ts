// The explicit-transpose wasm matmul kernels (src/engine/wasmMatMul.ts) against the stock wasm
// kernels and the cpu backend: every transpose combination, 2-D and batched shapes, both copy
// plans, the fused kernel, gradients through tf.grads, and no leaked tensors or backend data.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { initBackend, tf } from '../../src/engine/backend.ts';
import {
  copyCosts,
  installWasmMatMul,
  uninstallWasmMatMul,
  wasmMatMulInstalled,
} from '../../src/engine/wasmMatMul.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';
import { needsWasm } from './needsWasm.ts';

type Impl = 'patched' | 'stock' | 'cpu';
const FLAGS = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

let onWasm = false;
before(async () => {
  // Plain wasm: the kernels under test, without the native matmuls of 'wasm+dnnl'.
  onWasm = (await initBackend('wasm').catch(() => '')) === 'wasm';
});

/** Seeded standard-normal values for a tensor of `shape`. */
function data(shape: number[], purpose: string): Float32Array {
  const out = new Float32Array(shape.reduce((p, d) => p * d, 1));
  fillGaussian(makeRng(7, purpose), out);
  return out;
}

/** Runs `fn` with the chosen implementation and restores the patched wasm backend after. */
async function withImpl<T>(impl: Impl, fn: () => T): Promise<T> {
  if (impl === 'cpu') assert.ok(await tf.setBackend('cpu'));
  if (impl === 'stock') uninstallWasmMatMul();
  try {
    return fn();
  } finally {
    if (impl === 'stock') installWasmMatMul();
    if (impl === 'cpu') assert.ok(await tf.setBackend('wasm'));
  }
}

/** Backend data ids plus engine tensors: a kernel-level temporary that is not freed shows here. */
const live = (): string =>
  `${tf.memory().numTensors} tensors, ${tf.engine().backend.numDataIds()} data ids`;

/** Runs `fn` on tensors built from `arrays` under `impl`; returns the outputs' values. */
async function run(
  impl: Impl,
  arrays: { values: Float32Array; shape: number[] }[],
  fn: (...xs: tf.Tensor[]) => tf.Tensor | tf.Tensor[],
): Promise<Float32Array[]> {
  return withImpl(impl, () => {
    const xs = arrays.map((a) => tf.tensor(a.values, a.shape));
    const liveBefore = live();
    const out = tf.tidy(() => fn(...xs));
    const outs = Array.isArray(out) ? out : [out];
    const values = outs.map((t) => t.dataSync() as Float32Array);
    tf.dispose(outs);
    assert.equal(live(), liveBefore, `${impl}: leak`);
    tf.dispose(xs);
    return values;
  });
}

/** Max |x - ref| / (1 + |ref|) over all outputs; float32 sums of k terms stay far below 1e-4. */
function assertClose(got: Float32Array[], ref: Float32Array[], what: string, tol = 1e-4): void {
  assert.equal(got.length, ref.length);
  got.forEach((g, j) => {
    assert.equal(g.length, ref[j].length, `${what}: length`);
    let worst = 0;
    for (let i = 0; i < g.length; i++)
      worst = Math.max(worst, Math.abs(g[i] - ref[j][i]) / (1 + Math.abs(ref[j][i])));
    assert.ok(worst <= tol, `${what}: output ${j} differs by ${worst}`);
  });
}

/** Operand shapes for C [..., m, n] = op(A) op(B) with the given flags. */
function shapes(
  batchA: number[],
  batchB: number[],
  m: number,
  k: number,
  n: number,
  ta: boolean,
  tb: boolean,
) {
  return {
    a: {
      values: data([...batchA, m, k], `a${m}${k}${ta}`),
      shape: [...batchA, ...(ta ? [k, m] : [m, k])],
    },
    b: {
      values: data([...batchB, k, n], `b${k}${n}${tb}`),
      shape: [...batchB, ...(tb ? [n, k] : [k, n])],
    },
  };
}

test('initBackend("wasm") installs the explicit-transpose kernels', async (t) => {
  if (!needsWasm(t, onWasm)) return;
  assert.ok(wasmMatMulInstalled());
});

test('copy plans: the backward products of x [100, 1344] W [1344, 512] pick the cheap one', () => {
  // dx = dy W^T: m 100, k 512, n 1344, transposeB.
  assert.deepEqual(copyCosts(100, 512, 1344, { transposeB: true }), {
    direct: 2 * 512 * 1344,
    swapped: 2 * 100 * 512 + 100 * 1344,
  });
  // dW = x^T dy: m 1344, k 100, n 512, transposeA.
  assert.deepEqual(copyCosts(1344, 100, 512, { transposeA: true }), {
    direct: 1344 * 100 + 100 * 512,
    swapped: 100 * 512 + 1344 * 100 + 1344 * 512,
  });
});

test('tf.matMul: patched = stock = cpu for all transpose flags, 2-D (both plans) and batched', async (t) => {
  if (!needsWasm(t, onWasm)) return;
  const cases: [number[], number[], number, number, number][] = [
    [[], [], 7, 5, 3], // tiny
    [[], [], 4, 96, 160], // small m: transposeB takes the swapped plan
    [[], [], 96, 8, 40], // small k
    [[], [], 1, 33, 17], // a row vector (size-1 axes in Transpose)
    [[3], [3], 6, 10, 4], // batched (stock path)
    [[2], [], 5, 9, 7], // batched A, broadcast B
  ];
  for (const [batchA, batchB, m, k, n] of cases)
    for (const [ta, tb] of FLAGS) {
      const { a, b } = shapes(batchA, batchB, m, k, n, ta, tb);
      const f = (x: tf.Tensor, y: tf.Tensor) => tf.matMul(x, y, ta, tb);
      const what = `[${batchA}] ${m}x${k}x${n} tA ${ta} tB ${tb}`;
      const patched = await run('patched', [a, b], f);
      assert.deepEqual(patched.length, 1);
      assert.equal(
        patched[0].length,
        [...batchA, m, n].reduce((p, d) => p * d, 1),
        what,
      );
      assertClose(patched, await run('stock', [a, b], f), `${what} vs stock`);
      assertClose(patched, await run('cpu', [a, b], f), `${what} vs cpu`);
    }
});

// The stock wasm _FusedMatMul adds the bias along the wrong axis whenever an operand is
// transposed (its naive loop; e.g. [[1,2,3],[4,5,6]] x I3-plus-ones^T + [10,20,30,40] gives row
// 2 as [44,45,46,55] instead of [14,25,36,55]). The patched kernel never reaches that loop for
// batch 1, so with a bias it is compared with cpu only; without a bias with stock and cpu.
test('tf.fused.matMul (relu, with and without bias): patched = cpu (= stock without bias)', async (t) => {
  if (!needsWasm(t, onWasm)) return;
  const [m, k, n] = [6, 11, 5];
  const bias = { values: data([n], 'bias'), shape: [n] };
  for (const [ta, tb] of FLAGS) {
    const { a, b } = shapes([], [], m, k, n, ta, tb);
    const f = (x: tf.Tensor, y: tf.Tensor, c?: tf.Tensor) =>
      tf.fused.matMul({
        a: x as tf.Tensor2D,
        b: y as tf.Tensor2D,
        transposeA: ta,
        transposeB: tb,
        bias: c,
        activation: 'relu',
      });
    const what = `fused tA ${ta} tB ${tb}`;
    const withBias = await run('patched', [a, b, bias], f);
    assertClose(withBias, await run('cpu', [a, b, bias], f), `${what} with bias vs cpu`);
    const noBias = await run('patched', [a, b], f);
    assertClose(noBias, await run('stock', [a, b], f), `${what} vs stock`);
    assertClose(noBias, await run('cpu', [a, b], f), `${what} vs cpu`);
  }
});

test('tf.grads of a two-layer chain: patched = stock = cpu', async (t) => {
  if (!needsWasm(t, onWasm)) return;
  // x [8, 24] -> relu(x W1 + b1) [8, 16] -> . W2 [16, 4]; loss = mean squared output.
  const x = { values: data([8, 24], 'x'), shape: [8, 24] };
  const w1 = { values: data([24, 16], 'w1'), shape: [24, 16] };
  const b1 = { values: data([16], 'b1'), shape: [16] };
  const w2 = { values: data([16, 4], 'w2'), shape: [16, 4] };
  const f = (xs: tf.Tensor, ...params: tf.Tensor[]) =>
    tf.grads((p1: tf.Tensor, q1: tf.Tensor, p2: tf.Tensor) => {
      const h = tf.fused.matMul({
        a: xs as tf.Tensor2D,
        b: p1 as tf.Tensor2D,
        bias: q1,
        activation: 'relu',
      });
      return tf.mean(tf.square(tf.matMul(h, p2)));
    })(params);
  const patched = await run('patched', [x, w1, b1, w2], f);
  assert.equal(patched.length, 3);
  assertClose(patched, await run('stock', [x, w1, b1, w2], f), 'grads vs stock');
  assertClose(patched, await run('cpu', [x, w1, b1, w2], f), 'grads vs cpu');
});

test('install and uninstall are idempotent and restore the stock kernels', async (t) => {
  if (!needsWasm(t, onWasm)) return;
  const patchedKernel = tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc;
  assert.equal(installWasmMatMul(), true);
  assert.equal(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc, patchedKernel);
  uninstallWasmMatMul();
  uninstallWasmMatMul();
  assert.equal(wasmMatMulInstalled(), false);
  assert.notEqual(tf.getKernel('BatchMatMul', 'wasm')?.kernelFunc, patchedKernel);
  installWasmMatMul();
  assert.equal(wasmMatMulInstalled(), true);
});
