import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import type { Gmm } from '../../src/models/gmm/model.ts';
import { anomalyScores } from '../../src/models/gmm/score.ts';
import { gmmTensors } from '../../src/models/gmm/score-tf.ts';
import { modelMessages } from '../../src/messages/index.ts';
import type { TrainData } from '../../src/models/data.ts';
import { createEncoder, disposeLayers, encoderLayers } from '../../src/models/network.ts';
import { featuresOf, fitNormalModel } from '../../src/models/normal.ts';
import { npObjective, npStep } from '../../src/models/np.ts';
import { trainProp } from '../../src/models/prop.ts';
import { sampleAnomalousFeatures } from '../../src/models/sampler.ts';
import { gaussian, makeRng } from '../../src/util/rng.ts';
import { linearGaussian, mixing, smallSettings, toySet } from './helpers.ts';

await initBackend();

/** One standard-normal component in D dims: L(f) = D/2 ln(2 pi) + |f|^2 / 2. */
const unitGmm = (d: number): Gmm => ({
  c: 1,
  d,
  weights: Float64Array.of(1),
  means: new Float64Array(d),
  variances: new Float64Array(d).fill(1),
});

test('sampler: only features with L(f) > phi_rho, at the closed-form acceptance rate', () => {
  // D = 2: |f|^2 ~ chi2(2), P(|f|^2 > t) = exp(-t / 2). phi chosen for acceptance 0.3.
  const g = gmmTensors(unitGmm(2));
  const phi = Math.log(2 * Math.PI) - Math.log(0.3);
  const r = sampleAnomalousFeatures(g, phi, 2000, makeRng(1, 'sampler'), 100000);
  g.dispose();
  assert.equal(r.accepted, 2000);
  assert.equal(r.features.length, 4000);
  assert.equal(r.acceptance, 2000 / r.drawn);
  assert.ok(Math.abs(r.acceptance - 0.3) < 0.02, `acceptance ${r.acceptance}`);
  const l = anomalyScores(unitGmm(2), r.features);
  assert.ok(
    l.every((v) => v > phi - 1e-5),
    'every kept f has L(f) > phi',
  );
});

test('sampler: a normal model covering the prior fails clearly within the cap', () => {
  const g = gmmTensors(unitGmm(3));
  const before = tf.memory().numTensors;
  assert.throws(
    () => sampleAnomalousFeatures(g, 1e9, 10, makeRng(2, 'sampler'), 5000),
    new RangeError(modelMessages.samplerExhausted(0, 10, 5000, 1e9)),
  );
  assert.equal(tf.memory().numTensors, before);
  g.dispose();
});

test('J is sigmoid(s (L - phi)) (eq. 11 with the sign of eq. 5): high-L anomalies give J near 1', () => {
  // Unit GMM in D = 2: L(f) = ln(2 pi) + |f|^2 / 2. f_a = (3, 0): L - phi = 3.5; f_d = 0: -1.
  const g = gmmTensors(unitGmm(2));
  const phi = Math.log(2 * Math.PI) + 1;
  const sig = (u: number) => 1 / (1 + Math.exp(-u));
  for (const slope of [1, 0.5]) {
    const j = tf.tidy(() =>
      npObjective(tf.tensor2d([[3, 0]]), tf.tensor2d([[0, 0]]), g, phi, slope).j.dataSync(),
    );
    const want = sig(slope * 3.5) - sig(slope * -1);
    assert.ok(Math.abs(j[0] - want) < 1e-5, `slope ${slope}: J ${j[0]}, expected ${want}`);
  }
  g.dispose();
});

test('one NP step raises J on a fixed batch, through F only', () => {
  const s = smallSettings({ hidden: [32], featureDim: 4, components: 2, learningRate: 1e-2 });
  const rng = makeRng(3, 'np');
  const enc = createEncoder(64, s, rng, true);
  const xd = new Float32Array(200 * 64);
  const xa = new Float32Array(200 * 64);
  for (let i = 0; i < xd.length; i++) {
    xd[i] = 0.5 + 0.3 * gaussian(rng);
    xa[i] = gaussian(rng);
  }
  const nm = fitNormalModel(featuresOf(enc, s, xd), s, rng);
  const g = gmmTensors(nm.gmm);
  const ta = tf.tensor2d(xa, [200, 64]);
  const td = tf.tensor2d(xd, [200, 64]);
  const logVarBefore = enc.logVar?.w.dataSync().slice();
  const opt = tf.train.adam(s.learningRate);
  const first = npStep(opt, enc, ta, td, g, nm.phi, s, rng);
  const counts = tf.memory().numTensors;
  const second = npStep(opt, enc, ta, td, g, nm.phi, s, rng);
  assert.equal(tf.memory().numTensors, counts, 'a step leaves no tensors behind');
  assert.ok(second.j > first.j, `J ${first.j} -> ${second.j}`);
  assert.ok(first.fpr <= 0.06, `batch FPR at phi_rho ${first.fpr}`);
  assert.deepEqual(enc.logVar?.w.dataSync(), logVarBefore, 'the variance head is not trained');
  assert.deepEqual(ta.dataSync(), xa, 'x_a is a constant');
  opt.dispose();
  g.dispose();
  tf.dispose([ta, td]);
  disposeLayers(encoderLayers(enc));
});

function toyData(): TrainData {
  const rng = makeRng(9, 'toy');
  const a = mixing(rng, 64, 6);
  const c = [1.5, 0, 0, 0, 0, 0];
  const normal = toySet(400, 64, linearGaussian(rng, a, 6, c, [1, 0.2, 0.2, 0.2, 0.2, 0.2], 0.1));
  const other = toySet(
    800,
    64,
    linearGaussian(rng, a, 6, [0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1], 0.1),
  );
  return { normal, other };
}

test('PROP trains: per-epoch log, refits, no tensor leaks across epochs', () => {
  const before = tf.memory().numTensors;
  const counts: number[] = [];
  const { detector, log } = trainProp(
    toyData(),
    smallSettings({ epochs: 3, refitEvery: 4, refitSubset: 300 }),
    { seed: 4, onEpoch: () => counts.push(tf.memory().numTensors) },
  );
  assert.equal(counts[1], counts[0], 'numTensors after epoch 2 equals after epoch 1');
  assert.equal(log.length, 3);
  for (const l of log) {
    assert.equal(l.model, 'prop');
    assert.equal(l.steps, 8);
    assert.equal(l.refits, 2);
    for (const v of [l.loss, l.recon, l.kl, l.j, l.phi, l.seconds]) assert.ok(Number.isFinite(v));
    assert.ok((l.acceptance as number) > 0 && (l.acceptance as number) <= 1);
    assert.ok((l.batchTpr as number) >= 0 && (l.batchTpr as number) <= 1);
    assert.ok((l.batchFpr as number) >= 0 && (l.batchFpr as number) <= 1);
  }
  assert.ok(log[2].loss < log[0].loss, 'the VAE loss on O falls');
  assert.equal(detector.kind, 'prop');
  detector.dispose();
  assert.equal(tf.memory().numTensors, before, 'everything freed');
});

test('epochBasis: PROP takes one pass over D per epoch under either basis', () => {
  // D 400, K 50: 8 steps, whatever O's size (800 here).
  for (const epochBasis of ['natural', 'normal'] as const) {
    const s = smallSettings({ epochs: 1, refitEvery: 6, refitSubset: 300, epochBasis });
    const { detector, log } = trainProp(toyData(), s, { seed: 4 });
    detector.dispose();
    assert.equal(log[0].steps, 8, epochBasis);
  }
});

test('PROP: a sampler that cannot accept stops training with its error, freeing everything', () => {
  const before = tf.memory().numTensors;
  assert.throws(
    () => trainProp(toyData(), smallSettings({ samplerMaxDraws: 10 }), { seed: 1 }),
    /^RangeError: anomaly sampler: only \d+ of 50 draws from N\(0, I\) had L\(f\) > phi_rho = .* within the cap of 10 draws/,
  );
  assert.equal(tf.memory().numTensors, before);
});

test('PROP with vaeOnNormal: the VAE step draws from D and O (another run, same bytes twice)', () => {
  const s = smallSettings({ epochs: 2, refitEvery: 4, refitSubset: 300 });
  const run = (vaeOnNormal: boolean) => {
    const { detector, log } = trainProp(toyData(), { ...s, vaeOnNormal }, { seed: 4 });
    detector.dispose();
    return log.map((l) => [l.loss, l.recon ?? NaN, l.j ?? NaN]).flat();
  };
  const paper = run(false);
  const both = run(true);
  assert.deepEqual(run(true), both, 'deterministic');
  assert.notDeepEqual(both, paper, 'the VAE step sees other batches');
  // D here (centre c, scale 0.2 on five of six directions) has less variance than O: batches
  // that are 1/3 D reconstruct with a smaller error in the first epoch.
  assert.ok(both[1] < paper[1], `recon ${both[1]} vs ${paper[1]}`);
});
