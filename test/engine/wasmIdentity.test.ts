// Sharing Identity / Cast on wasm (src/engine/wasmIdentity.ts): same values, the copy survives
// the original's disposal, gradients unchanged, no tensors or backend data left behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { needsWasm } from './needsWasm.ts';

// Plain wasm: the patches under test, without the native matmuls of 'wasm+dnnl'.
const onWasm = (await initBackend('wasm').catch(() => '')) === 'wasm';

test('clone and same-dtype cast share data; data freed with the last reference', (t) => {
  if (!needsWasm(t, onWasm)) return;
  const before = tf.memory();
  const dataIds = tf.backend().numDataIds();
  const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [2, 3]);
  const c = tf.clone(x);
  const f = tf.cast(x, 'float32');
  const i = tf.cast(x, 'int32');
  assert.equal(
    tf.backend().numDataIds(),
    dataIds + 2,
    'clone and float cast share x; int cast copies',
  );
  x.dispose();
  assert.deepEqual(Array.from(c.dataSync()), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(f.dataSync()), [1, 2, 3, 4, 5, 6]);
  assert.equal(i.dtype, 'int32');
  assert.deepEqual(Array.from(i.dataSync()), [1, 2, 3, 4, 5, 6]);
  tf.dispose([c, f, i]);
  assert.equal(tf.memory().numTensors, before.numTensors);
  assert.equal(tf.backend().numDataIds(), dataIds);
});

test('gradients through saved (cloned) tensors are unchanged', (t) => {
  if (!needsWasm(t, onWasm)) return;
  const before = tf.memory().numTensors;
  const g = tf.tidy(() => {
    const x = tf.tensor1d([0.5, -1, 2]);
    return tf
      .grad((v: tf.Tensor) => tf.sum(tf.mul(tf.square(v), tf.exp(v))))(x)
      .dataSync();
  });
  const expect = [0.5, -1, 2].map((v) => (2 * v + v * v) * Math.exp(v));
  g.forEach((v, k) => assert.ok(Math.abs(v - expect[k]) < 1e-5 * (1 + Math.abs(expect[k]))));
  assert.equal(tf.memory().numTensors, before);
});
