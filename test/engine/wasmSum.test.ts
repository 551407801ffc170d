// Sum over leading axes on wasm (src/engine/wasmSum.ts): bit for bit the stock kernel's result
// and a float32 reference (each column added in order from 0), shapes and keepDims as tf.sum,
// the other cases on the stock kernel, no tensors left behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { installWasmSum, uninstallWasmSum, wasmSumInstalled } from '../../src/engine/wasmSum.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';
import { needsWasm } from './needsWasm.ts';

const onWasm = (await initBackend('wasm').catch(() => '')) === 'wasm';

/** Values over many magnitudes (so the order of additions shows in the bits), with -0s. */
function values(n: number, purpose: string): Float32Array {
  const v = new Float32Array(n);
  fillGaussian(makeRng(7, purpose), v);
  for (let i = 0; i < n; i++) v[i] = i % 11 === 0 ? -0 : v[i] * 10 ** ((i % 9) - 4);
  return v;
}

/** Float32 sums of the columns of a rows x cols matrix, each added in order from 0. */
function reference(x: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(cols);
  for (let j = 0; j < cols; j++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s = Math.fround(s + x[r * cols + j]);
    out[j] = s;
  }
  return out;
}

const bits = (a: ArrayLike<number>) => Array.from(new Uint32Array(Float32Array.from(a).buffer));

const CASES: { shape: number[]; axis: number[]; keepDims: boolean }[] = [
  { shape: [100, 512], axis: [0], keepDims: false },
  { shape: [1, 100, 1344], axis: [0, 1], keepDims: false },
  { shape: [1, 100, 32], axis: [1, 0], keepDims: true },
  { shape: [37, 13], axis: [-2], keepDims: false }, // 13 columns: a 3-column tail
  { shape: [5, 3], axis: [0], keepDims: true }, // narrower than one vector
  { shape: [2, 3, 4, 5], axis: [0, 1], keepDims: false },
  { shape: [1, 8], axis: [0], keepDims: false },
];

test('Sum over leading axes: the stock kernel bit for bit, and the float32 reference', (t) => {
  if (!needsWasm(t, onWasm)) return;
  assert.ok(wasmSumInstalled(), 'installed with the wasm backend');
  for (const { shape, axis, keepDims } of CASES) {
    const k = axis.length;
    const rows = shape.slice(0, k).reduce((p, d) => p * d, 1);
    const cols = shape.slice(k).reduce((p, d) => p * d, 1);
    const v = values(rows * cols, shape.join('x'));
    const x = tf.tensor(v, shape);
    const before = tf.memory().numTensors;
    const ours = tf.sum(x, axis, keepDims);
    const wantShape = keepDims
      ? [...shape.slice(0, k).map(() => 1), ...shape.slice(k)]
      : shape.slice(k);
    assert.deepEqual(ours.shape, wantShape, `${shape} shape`);
    uninstallWasmSum();
    let stock: tf.Tensor;
    try {
      stock = tf.sum(x, axis, keepDims);
    } finally {
      installWasmSum();
    }
    const got = bits(ours.dataSync());
    assert.deepEqual(got, bits(stock.dataSync()), `${shape} over ${axis}: as the stock kernel`);
    assert.deepEqual(got, bits(reference(v, rows, cols)), `${shape} over ${axis}: reference`);
    tf.dispose([ours, stock]);
    assert.equal(tf.memory().numTensors, before, `${shape}: no tensors left`);
    x.dispose();
  }
});

test('other sums (inner axes, all axes, int32) are still right', (t) => {
  if (!needsWasm(t, onWasm)) return;
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
  assert.deepEqual(Array.from(tf.sum(x, 1).dataSync()), [6, 15]);
  assert.deepEqual(Array.from(tf.sum(x).dataSync()), [21]);
  const i = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3], 'int32');
  const si = tf.sum(i, 0);
  assert.equal(si.dtype, 'int32');
  assert.deepEqual(Array.from(si.dataSync()), [5, 7, 9]);
  tf.dispose([x, i, si]);
});

test('a bias gradient through the new Sum equals the column sums of dy', (t) => {
  if (!needsWasm(t, onWasm)) return;
  const before = tf.memory().numTensors;
  const dy = values(6 * 8, 'dy');
  const g = tf.tidy(() => {
    const b = tf.zeros([8]);
    const x = tf.ones([6, 8]);
    const dyT = tf.tensor2d(dy, [6, 8]);
    return tf
      .grad((bias: tf.Tensor) => tf.sum(tf.mul(tf.add(x, bias), dyT)))(b)
      .dataSync();
  });
  assert.deepEqual(bits(g), bits(reference(dy, 6, 8)));
  assert.equal(tf.memory().numTensors, before);
});
