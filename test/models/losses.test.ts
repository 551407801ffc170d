/**
 * The VAE loss in closed form (METHOD.md section 3; paper eq. 19 + 20), as losses.ts computes it:
 * recon = mean over the batch of the squared error summed over the dims, and
 * KL = mean over the batch of -1/2 sum_d (1 + logVar - mean^2 - exp(logVar)), the divergence of
 * N(mean, diag exp(logVar)) from N(0, I). A 2 x 3 case worked by hand, then properties of KL.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { klTerm, reconTerm } from '../../src/models/losses.ts';
import { makeRng } from '../../src/util/rng.ts';

await initBackend();

const TOL = 1e-5;

function value(f: () => tf.Scalar): number {
  const before = tf.memory().numTensors;
  const v = tf.tidy(() => f().dataSync()[0]);
  assert.equal(tf.memory().numTensors, before, 'no tensor leaks');
  return v;
}

function near(actual: number, expected: number, what: string): void {
  assert.ok(
    Math.abs(actual - expected) <= TOL * Math.max(1, Math.abs(expected)),
    `${what}: ${actual} vs ${expected}`,
  );
}

test('recon (eq. 19): squared errors summed over the dims, averaged over the batch', () => {
  const x = [
    [1, 0, -1],
    [0.5, 2, 0],
  ];
  const xHat = [
    [0, 0, 1],
    [0.5, 1, -1],
  ];
  // Row 1: 1 + 0 + 4 = 5; row 2: 0 + 1 + 1 = 2; mean = 3.5.
  near(
    value(() => reconTerm(tf.tensor2d(xHat), tf.tensor2d(x))),
    3.5,
    'recon',
  );
  near(
    value(() => reconTerm(tf.tensor2d(x), tf.tensor2d(x))),
    0,
    'recon of a perfect reconstruction',
  );
});

test('KL (eq. 20): 1/2 sum_d (mu^2 + sigma^2 - 1 - ln sigma^2), averaged over the batch', () => {
  const mu = [
    [0, 1, -2],
    [0.5, 0, 0],
  ];
  const logVar = [
    [0, Math.log(2), -1],
    [0, 0, Math.log(0.5)],
  ];
  // Per element 1/2 (mu^2 + exp(lv) - 1 - lv):
  // row 1: 0, 1/2 (1 + 2 - 1 - ln 2), 1/2 (4 + e^-1 - 1 + 1)
  // row 2: 1/2 (0.25 + 1 - 1 - 0), 0, 1/2 (0 + 0.5 - 1 - ln 0.5)
  const row1 = 0 + 0.5 * (2 - Math.LN2) + 0.5 * (4 + Math.exp(-1));
  const row2 = 0.125 + 0 + 0.5 * (-0.5 + Math.LN2);
  const expected = (row1 + row2) / 2;
  near(expected, 1.4375 + 1 / (4 * Math.E), 'the hand sum itself');
  near(
    value(() => klTerm(tf.tensor2d(mu), tf.tensor2d(logVar))),
    expected,
    'KL',
  );
});

test('KL is 0 at mu = 0, logVar = 0 and positive anywhere else', () => {
  near(
    value(() => klTerm(tf.zeros([2, 3]), tf.zeros([2, 3]))),
    0,
    'KL of N(0, I) from itself',
  );
  const rng = makeRng(11, 'kl');
  for (let i = 0; i < 20; i++) {
    const mu = Array.from({ length: 6 }, () => (rng() - 0.5) * 4);
    const lv = Array.from({ length: 6 }, () => (rng() - 0.5) * 4);
    const kl = value(() => klTerm(tf.tensor2d(mu, [2, 3]), tf.tensor2d(lv, [2, 3])));
    assert.ok(kl > 0, `KL ${kl} at mu ${mu}, logVar ${lv}`);
  }
  // Only the mean off zero, then only the variance: each alone makes KL positive.
  const oneMean = value(() => klTerm(tf.tensor2d([[0, 0.1, 0]]), tf.zeros([1, 3])));
  near(oneMean, 0.5 * 0.01, 'KL with one mean at 0.1');
  const oneVar = value(() => klTerm(tf.zeros([1, 3]), tf.tensor2d([[0, 0, 0.1]])));
  near(oneVar, 0.5 * (Math.exp(0.1) - 1 - 0.1), 'KL with one logVar at 0.1');
  assert.ok(oneVar > 0);
});

test('recon gradient: 2 (xHat - x) / K by hand, and autodiff of the plain formula agrees', () => {
  const x = tf.tensor2d([
    [1, 0, -1],
    [0.5, 2, 0],
  ]);
  const xHat = tf.tensor2d([
    [0, 0, 1],
    [0.5, 1, -1],
  ]);
  const g = tf.grad((h: tf.Tensor) => reconTerm(h as tf.Tensor2D, x))(xHat);
  // 2 (xHat - x) / 2 = xHat - x.
  assert.deepEqual(Array.from(g.dataSync()), [-1, 0, 2, 0, -1, -1]);
  const plain = tf.grad((h: tf.Tensor) => tf.mean(tf.sum(tf.square(tf.sub(h, x)), 1)))(xHat);
  assert.deepEqual(Array.from(g.dataSync()), Array.from(plain.dataSync()));
  tf.dispose([x, xHat, g, plain]);
});
