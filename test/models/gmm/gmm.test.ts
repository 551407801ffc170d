import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { initBackend, tf } from '../../../src/engine/backend.ts';
import { fitGmm } from '../../../src/models/gmm/em.ts';
import { kmeansPlusPlus } from '../../../src/models/gmm/kmeanspp.ts';
import { validateGmm, type Gmm } from '../../../src/models/gmm/model.ts';
import { anomalyScores, logLikelihood } from '../../../src/models/gmm/score.ts';
import { gmmTensors, negLogLikelihood, scoreSamples } from '../../../src/models/gmm/score-tf.ts';
import { gmmMessages, notRowsOfD, outputTooSmall } from '../../../src/messages/index.ts';
import { fillGaussian, makeRng } from '../../../src/util/rng.ts';

const fx = JSON.parse(readFileSync(new URL('../../fixtures/gmm.json', import.meta.url), 'utf8'));
const fixed: Gmm = {
  c: fx.fixed.c,
  d: fx.fixed.d,
  weights: Float64Array.from(fx.fixed.weights),
  means: Float64Array.from(fx.fixed.means),
  variances: Float64Array.from(fx.fixed.variances),
};
const points = Float64Array.from(fx.fixed.points as number[]);
const relClose = (a: number, b: number, tol: number): boolean =>
  Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

before(async () => {
  await initBackend();
});

test('float64 log-likelihood equals scikit-learn score_samples (fixed parameters)', () => {
  const ll = logLikelihood(fixed, points);
  fx.fixed.logLikelihood.forEach((ref: number, i: number) =>
    assert.ok(relClose(ll[i], ref, 1e-12), `point ${i}`),
  );
  const l = anomalyScores(fixed, points);
  assert.equal(l[0], -ll[0]);
});

test('TensorFlow.js scores (fast and differentiable) equal the float64 reference within 1e-4 relative; no leak', () => {
  const before = tf.memory().numTensors;
  const ref = anomalyScores(fixed, points);
  const fast = scoreSamples(fixed, Float32Array.from(points), { chunk: 7 });
  const g = gmmTensors(fixed);
  const diff = tf.tidy(() =>
    negLogLikelihood(tf.tensor2d(Float32Array.from(points), [points.length / 4, 4]), g).dataSync(),
  );
  g.dispose();
  for (let i = 0; i < ref.length; i++) {
    assert.ok(relClose(fast[i], ref[i], 1e-4), `fast ${i}: ${fast[i]} vs ${ref[i]}`);
    assert.ok(relClose(diff[i], ref[i], 1e-4), `differentiable ${i}: ${diff[i]} vs ${ref[i]}`);
  }
  assert.equal(tf.memory().numTensors, before);
});

test('the differentiable score has the analytic gradient dL/df = sum_c r_c (f - mu_c) / var_c', () => {
  const g = gmmTensors(fixed);
  const f = Float32Array.from(points.subarray(0, 8));
  const grad = tf.tidy(() =>
    tf
      .grad((x: tf.Tensor) => tf.sum(negLogLikelihood(x as tf.Tensor2D, g)))(tf.tensor2d(f, [2, 4]))
      .dataSync(),
  );
  g.dispose();
  for (let i = 0; i < 2; i++) {
    const lj = [0, 1, 2].map((c) => {
      let q = Math.log(fixed.weights[c]);
      for (let d = 0; d < 4; d++) {
        const v = fixed.variances[c * 4 + d];
        q -= 0.5 * (Math.log(2 * Math.PI * v) + (f[i * 4 + d] - fixed.means[c * 4 + d]) ** 2 / v);
      }
      return q;
    });
    const m = Math.max(...lj);
    const z = lj.reduce((a, q) => a + Math.exp(q - m), 0);
    for (let d = 0; d < 4; d++) {
      let ref = 0;
      for (let c = 0; c < 3; c++)
        ref +=
          ((Math.exp(lj[c] - m) / z) * (f[i * 4 + d] - fixed.means[c * 4 + d])) /
          fixed.variances[c * 4 + d];
      assert.ok(
        Math.abs(grad[i * 4 + d] - ref) < 1e-3 * Math.max(1, Math.abs(ref)),
        `grad ${i},${d}`,
      );
    }
  }
});

test('non-finite features are an error, not a NaN score', () => {
  const bad = Float32Array.from(points);
  bad[5] = NaN;
  assert.throws(() => scoreSamples(fixed, bad), new RangeError(gmmMessages.scoreNotFinite(1, NaN)));
  assert.throws(
    () => logLikelihood(fixed, bad),
    new RangeError(gmmMessages.nonFiniteFeature(1, NaN)),
  );
  bad[5] = Infinity;
  assert.throws(
    () => logLikelihood(fixed, bad),
    new RangeError(gmmMessages.nonFiniteFeature(1, Infinity)),
  );
});

test('scoring shape errors', () => {
  assert.throws(
    () => scoreSamples(fixed, new Float32Array(6)),
    new RangeError(notRowsOfD('gmm', 6, 4)),
  );
  assert.throws(
    () => logLikelihood(fixed, new Float32Array(6)),
    new RangeError(notRowsOfD('gmm', 6, 4)),
  );
  assert.throws(
    () => scoreSamples(fixed, new Float32Array(8), { out: new Float64Array(1) }),
    new RangeError(outputTooSmall('gmm', 1, 2)),
  );
});

test('an invalid mixture is rejected with the first problem named', () => {
  const bad = (patch: Partial<Gmm>): Gmm => ({ ...fixed, ...patch });
  const w = Float64Array.from(fixed.weights);
  assert.throws(() => validateGmm(bad({ c: 0 })), new RangeError(gmmMessages.shape(0, 4)));
  assert.throws(() => validateGmm(bad({ c: 2 })), new RangeError(gmmMessages.weightCount(3, 2)));
  assert.throws(
    () => validateGmm(bad({ means: new Float64Array(11) })),
    new RangeError(gmmMessages.paramCount(12)),
  );
  w[1] = -0.1;
  assert.throws(
    () => validateGmm(bad({ weights: w })),
    new RangeError(gmmMessages.negativeWeight(1, -0.1)),
  );
  assert.throws(
    () => validateGmm(bad({ weights: Float64Array.from([0.5, 0.5, 0.5]) })),
    new RangeError(gmmMessages.weightSum(1.5)),
  );
  const v = Float64Array.from(fixed.variances);
  v[7] = 0;
  assert.throws(
    () => validateGmm(bad({ variances: v })),
    new RangeError(gmmMessages.badVariance(7, 0)),
  );
  const m = Float64Array.from(fixed.means);
  m[2] = NaN;
  assert.throws(() => validateGmm(bad({ means: m })), new RangeError(gmmMessages.badMean(2, NaN)));
});

test("EM reaches scikit-learn's optimum on a well-separated mixture and recovers its parameters", () => {
  const before = tf.memory().numTensors;
  const data = Float32Array.from(fx.fit.data as number[]);
  const r = fitGmm(data, 2, { components: 3, rng: makeRng(1, 'em-test'), tol: 1e-7, maxIter: 500 });
  assert.ok(r.converged);
  const order = [0, 1, 2].sort((a, b) => r.gmm.means[a * 2] - r.gmm.means[b * 2]);
  order.forEach((c, k) => {
    assert.ok(Math.abs(r.gmm.weights[c] - fx.fit.weights[k]) < 1e-3, `weight ${k}`);
    for (let d = 0; d < 2; d++) {
      assert.ok(
        Math.abs(r.gmm.means[c * 2 + d] - fx.fit.means[k * 2 + d]) < 1e-3,
        `mean ${k},${d}`,
      );
      assert.ok(
        relClose(r.gmm.variances[c * 2 + d], fx.fit.variances[k * 2 + d], 1e-3),
        `variance ${k},${d}`,
      );
    }
  });
  const mean = logLikelihood(r.gmm, data).reduce((a, v) => a + v, 0) / (data.length / 2);
  assert.ok(
    Math.abs(mean - fx.fit.meanLogLikelihood) < 1e-4,
    `${mean} vs ${fx.fit.meanLogLikelihood}`,
  );
  // The generating parameters (means -6,0 / 0,5 / 6,-1; weights .5/.3/.2) are recovered too.
  assert.ok(
    Math.abs(r.gmm.means[order[1] * 2 + 1] - 5) < 0.2 &&
      Math.abs(r.gmm.weights[order[0]] - 0.5) < 0.01,
  );
  assert.equal(tf.memory().numTensors, before);
});

test('EM never lowers the log-likelihood (up to float32 noise); warm start resumes at the optimum', () => {
  const n = 3000;
  const d = 3;
  const x = new Float32Array(n * d);
  fillGaussian(makeRng(2, 'em-mono'), x);
  for (let i = 0; i < n; i++) x[i * d] += 4 * (i % 4) + (i % 3);
  const r = fitGmm(x, d, { components: 5, rng: makeRng(2, 'em-init'), tol: 0, maxIter: 40 });
  assert.equal(r.iterations, 40);
  for (let k = 1; k < r.logLikelihood.length; k++) {
    assert.ok(
      r.logLikelihood[k] >= r.logLikelihood[k - 1] - 1e-5,
      `iteration ${k}: ${r.logLikelihood[k - 1]} -> ${r.logLikelihood[k]}`,
    );
  }
  const warm = fitGmm(x, d, { init: r.gmm, tol: 1e-3 });
  assert.ok(warm.iterations <= 3 && warm.converged);
  assert.ok(warm.logLikelihood[0] >= r.logLikelihood[r.logLikelihood.length - 1] - 1e-5);
});

test('seeded: the same rng stream gives the same mixture', () => {
  const x = Float32Array.from(fx.fit.data as number[]);
  const a = fitGmm(x, 2, { components: 3, rng: makeRng(7, 'em'), maxIter: 5 });
  const b = fitGmm(x, 2, { components: 3, rng: makeRng(7, 'em'), maxIter: 5 });
  assert.deepEqual(Array.from(a.gmm.means), Array.from(b.gmm.means));
});

test('variance floor: a component on identical points gets variance regCovar, not 0', () => {
  // 1-D: 50 points exactly at 0 and 50 spread around 10; C = 2 separates them.
  const x = new Float32Array(100);
  for (let i = 50; i < 100; i++) x[i] = 10 + ((i % 5) - 2);
  for (const regCovar of [1e-6, 1e-2]) {
    const r = fitGmm(x, 1, { components: 2, rng: makeRng(3, 'em-floor'), regCovar });
    const c = r.gmm.means[0] < r.gmm.means[1] ? 0 : 1;
    assert.ok(Math.abs(r.gmm.means[c]) < 1e-6, `mean ${r.gmm.means[c]}`);
    const v = r.gmm.variances[c];
    assert.ok(v >= regCovar && v < regCovar + 1e-6, `variance ${v} with regCovar ${regCovar}`);
    assert.ok(Math.abs(r.gmm.variances[1 - c] - 2 - regCovar) < 1e-4, 'the other: var 2 + reg');
  }
});

test('EM input errors are explicit', () => {
  const rng = makeRng(1, 'x');
  assert.throws(
    () => fitGmm(new Float32Array(4), 2, { components: 3, rng }),
    new RangeError(gmmMessages.tooFewSamples(2, 3)),
  );
  assert.throws(
    () => fitGmm(new Float32Array(0), 2, { components: 1, rng }),
    new RangeError(gmmMessages.tooFewSamples(0, 1)),
  );
  assert.throws(
    () => fitGmm(new Float32Array(5), 2, { rng }),
    new RangeError(notRowsOfD('gmm', 5, 2)),
  );
  assert.throws(
    () => fitGmm(new Float32Array([1, NaN, 2, 3]), 2, { components: 1, rng }),
    new RangeError(gmmMessages.nonFiniteFeature(0, NaN)),
  );
  assert.throws(
    () => fitGmm(new Float32Array(8), 2, { components: 2 }),
    new RangeError(gmmMessages.needRng()),
  );
  assert.throws(
    () => fitGmm(new Float32Array(9), 3, { init: fixed }),
    new RangeError(gmmMessages.warmStartDim(4, 3)),
  );
  const x = new Float32Array(8);
  assert.throws(
    () => fitGmm(x, 2, { components: 0, rng }),
    new RangeError(gmmMessages.components(0)),
  );
  assert.throws(
    () => fitGmm(x, 2, { components: 1.5, rng }),
    new RangeError(gmmMessages.components(1.5)),
  );
  assert.throws(() => fitGmm(x, 2, { regCovar: 0, rng }), new RangeError(gmmMessages.regCovar(0)));
  assert.throws(() => fitGmm(x, 2, { maxIter: 0, rng }), new RangeError(gmmMessages.maxIter(0)));
  assert.throws(() => fitGmm(x, 2, { tol: -1, rng }), new RangeError(gmmMessages.tol(-1)));
  assert.throws(() => fitGmm(x, 2, { tol: NaN, rng }), new RangeError(gmmMessages.tol(NaN)));
});

test('k-means++ input errors', () => {
  const rng = makeRng(1, 'x');
  assert.throws(
    () => kmeansPlusPlus(new Float32Array(5), 2, 1, rng),
    new RangeError(notRowsOfD('kmeans++', 5, 2)),
  );
  assert.throws(
    () => kmeansPlusPlus(new Float32Array(4), 2, 3, rng),
    new RangeError(gmmMessages.kmeansCentres(3, 2)),
  );
});
