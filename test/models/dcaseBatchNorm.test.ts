// The DCASE baseline's batch norm (src/models/dcaseAe/batchNorm.ts): training-mode values, batch
// moments and all three gradients equal autodiff of the textbook formula written with tf.moments;
// inference mode equals (h - mean) / sqrt(var + eps) gamma + beta; no tensors left behind.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { batchNormInfer, batchNormTrain } from '../../src/models/dcaseAe/batchNorm.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';

await initBackend();

function random(shape: number[], purpose: string, scale = 1, shift = 0): tf.Tensor {
  const v = new Float32Array(shape.reduce((p, d) => p * d, 1));
  fillGaussian(makeRng(8, purpose), v);
  return tf.tensor(
    v.map((x) => x * scale + shift),
    shape,
  );
}

function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  const x = a.dataSync();
  const y = b.dataSync();
  assert.equal(x.length, y.length);
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i] - y[i]));
  return m;
}

const EPS = 1e-3;

/** The formula through tf.moments, left to autodiff. */
function reference(h: tf.Tensor2D, gamma: tf.Tensor1D, beta: tf.Tensor1D): tf.Tensor2D {
  const { mean, variance } = tf.moments(h, 0);
  return tf.add(tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, EPS))), gamma), beta);
}

test('training mode: values, moments and gradients as autodiff of the formula', () => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const h = random([37, 6], 'h', 3, 1.5) as tf.Tensor2D;
    const gamma = random([6], 'gamma', 0.5, 1) as tf.Tensor1D;
    const beta = random([6], 'beta') as tf.Tensor1D;
    const w = random([37, 6], 'w') as tf.Tensor2D; // loss = sum(w y): every dy differs
    const got: tf.Tensor1D[] = [];
    const y = batchNormTrain(h, gamma, beta, EPS, (m, v) => got.push(m, v));
    assert.ok(maxAbsDiff(y, reference(h, gamma, beta)) < 1e-5, 'values');
    const { mean, variance } = tf.moments(h, 0);
    assert.ok(maxAbsDiff(got[0], mean) < 1e-5 && maxAbsDiff(got[1], variance) < 1e-4, 'moments');
    tf.dispose(got);
    const loss = (f: typeof reference) => (a: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(w, f(a as tf.Tensor2D, g as tf.Tensor1D, b as tf.Tensor1D)));
    const ours = tf.grads(
      loss((a, g, b) => batchNormTrain(a, g, b, EPS, (m, v) => tf.dispose([m, v]))),
    )([h, gamma, beta]);
    const theirs = tf.grads(loss(reference))([h, gamma, beta]);
    ['dh', 'dgamma', 'dbeta'].forEach((name, i) =>
      assert.ok(
        maxAbsDiff(ours[i], theirs[i]) < 1e-4,
        `${name}: ${maxAbsDiff(ours[i], theirs[i])}`,
      ),
    );
  });
  assert.equal(tf.memory().numTensors, before, 'no tensors left behind');
});

test('inference mode: the given statistics', () => {
  tf.tidy(() => {
    const h = random([5, 4], 'hi', 2) as tf.Tensor2D;
    const [gamma, beta, mean] = ['g', 'b', 'm'].map((p) => random([4], p) as tf.Tensor1D);
    const variance = tf.abs(random([4], 'v')) as tf.Tensor1D;
    const want = tf.add(
      tf.mul(tf.div(tf.sub(h, mean), tf.sqrt(tf.add(variance, EPS))), gamma),
      beta,
    );
    assert.ok(maxAbsDiff(batchNormInfer(h, gamma, beta, mean, variance, EPS), want) < 1e-5);
  });
});
