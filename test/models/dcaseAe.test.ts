import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { ContextIndex } from '../../src/features/context.ts';
import { resolveDcaseFrontend } from '../../src/features/dcaseFrontend.ts';
import { ReconstructionDetector } from '../../src/models/dcaseAe/detector.ts';
import {
  createDcaseAe,
  DCASE_AE_RECIPE,
  dcaseAeVariables,
  dcaseAeWidths,
  disposeDcaseAe,
} from '../../src/models/dcaseAe/network.ts';
import { trainDcaseAe } from '../../src/models/dcaseAe/train.ts';
import { loadFrameDetector, saveDetector } from '../../src/models/io.ts';
import { getModel } from '../../src/models/registry.ts';
import { gaussian, makeRng } from '../../src/util/rng.ts';
import { smallSettings } from './helpers.ts';

await initBackend();
const root = await mkdtemp(join(tmpdir(), 'npasd-dcase-ae-'));
after(() => rm(root, { recursive: true, force: true }));

test('network: 640 -> 128 x 4 -> 8 -> 128 x 4 -> 640, batch norm after every layer but the output', () => {
  // The recipe's keras_model.py: Dense(128) x 4, Dense(8), Dense(128) x 4, Dense(640), each but
  // the last followed by BatchNormalization and ReLU.
  assert.deepEqual(dcaseAeWidths(640), [640, 128, 128, 128, 128, 8, 128, 128, 128, 128, 640]);
  const before = tf.memory().numTensors;
  const ae = createDcaseAe(640, makeRng(1, 'shape'));
  assert.equal(ae.dense.length, 10);
  assert.deepEqual(
    ae.dense.map((d) => d.w.shape),
    [
      [640, 128],
      [128, 128],
      [128, 128],
      [128, 128],
      [128, 8],
      [8, 128],
      [128, 128],
      [128, 128],
      [128, 128],
      [128, 640],
    ],
  );
  assert.deepEqual(
    ae.dense.map((d) => d.b.shape[0]),
    [128, 128, 128, 128, 8, 128, 128, 128, 128, 640],
  );
  assert.equal(ae.bn.length, 9, 'no batch norm after the linear output layer');
  assert.deepEqual(
    ae.bn.map((b) => b.gamma.shape[0]),
    [128, 128, 128, 128, 8, 128, 128, 128, 128],
  );
  // Keras defaults: gamma 1, beta 0, moving mean 0 and variance 1; the moving statistics are
  // not trained; glorot-uniform weights within sqrt(6 / (fan_in + fan_out)).
  for (const b of ae.bn) {
    assert.ok((b.gamma.dataSync() as Float32Array).every((v) => v === 1));
    assert.ok((b.beta.dataSync() as Float32Array).every((v) => v === 0));
    assert.ok((b.movingMean.dataSync() as Float32Array).every((v) => v === 0));
    assert.ok((b.movingVar.dataSync() as Float32Array).every((v) => v === 1));
    assert.equal(b.movingMean.trainable, false);
    assert.equal(b.movingVar.trainable, false);
  }
  const w0 = ae.dense[0].w.dataSync() as Float32Array;
  const limit = Math.sqrt(6 / (640 + 128));
  assert.ok(w0.every((v) => Math.abs(v) <= limit));
  assert.ok(Math.max(...w0.map(Math.abs)) > 0.9 * limit, 'weights fill the glorot range');
  // 10 dense (w, b) and 9 batch norms (gamma, beta, mean, variance).
  assert.equal(dcaseAeVariables(ae).length, 10 * 2 + 9 * 4);
  const params = dcaseAeVariables(ae)
    .filter((v) => v.trainable)
    .reduce((s, v) => s + v.size, 0);
  // Dense layers 265,864 weights and biases, plus gamma and beta 2 x 1,032; with the moving
  // statistics (2 x 1,032, not trained) 269,992 in all.
  assert.equal(params, 267_928);
  assert.equal(
    dcaseAeVariables(ae).reduce((s, v) => s + v.size, 0),
    269_992,
  );
  disposeDcaseAe(ae);
  assert.equal(tf.memory().numTensors, before);
});

// Tiny data: 4 bands x 5 frames (Q = 20), D of 240 frames with a low-rank structure.
const rng = makeRng(21, 'dcase-ae-data');
function mel(n: number, shift: number) {
  const data = new Float32Array(n * 4);
  for (let i = 0; i < n; i++) {
    const s = gaussian(rng);
    for (let j = 0; j < 4; j++) data[i * 4 + j] = shift + s * (j + 1) + 0.1 * gaussian(rng);
  }
  return { data, nFrames: n, nMels: 4 };
}
const ctx = { pb: DCASE_AE_RECIPE.pb, pf: DCASE_AE_RECIPE.pf };
const identity = { mean: new Float32Array(4), std: new Float32Array(4).fill(1), frames: 600 };
const frontend = resolveDcaseFrontend({ sampleRate: 16000, nMels: 4 });
const data = { normal: new ContextIndex([mel(240, -3)], ctx), other: new ContextIndex([], ctx) };

test('training: finite losses that decrease, validation loss logged, no tensor growth', () => {
  const before = tf.memory().numTensors;
  const settings = smallSettings({ epochs: 12, stepsPerEpoch: 2, inferenceBatch: 128 });
  const { detector, log } = trainDcaseAe(data, settings, {
    seed: 3,
    standardizer: identity,
    frontend,
  });
  assert.ok(detector instanceof ReconstructionDetector);
  assert.equal(detector.aggregation, 'mean');
  assert.equal(log.length, 12);
  for (const l of log) {
    assert.equal(l.model, 'dcase-ae');
    assert.equal(l.steps, 2);
    assert.ok(Number.isFinite(l.loss) && l.loss > 0, `epoch ${l.epoch} loss ${l.loss}`);
    assert.ok(Number.isFinite(l.valLoss as number), `epoch ${l.epoch} valLoss ${l.valLoss}`);
    assert.equal(l.recon, l.loss * 20, 'recon is the squared error summed over Q = 20 dims');
  }
  // Adam at lr 1e-3 on data around -3: the MSE must fall well below the first epoch's.
  assert.ok(log[11].loss < 0.5 * log[0].loss, `loss ${log[0].loss} -> ${log[11].loss}`);
  assert.ok(log[11].loss < log[5].loss, 'still falling in the second half');
  assert.ok(Number.isFinite(detector.phi));
  // Only the detector's variables are left: 10 dense layers (w, b) and 9 batch norms.
  assert.equal(tf.memory().numTensors - before, 10 * 2 + 9 * 4);
  detector.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test("the epoch budget is capped at the recipe's 100 epochs", () => {
  const s = smallSettings({ epochs: 101, stepsPerEpoch: 1, inferenceBatch: 128 });
  const small = { normal: new ContextIndex([mel(40, -3)], ctx), other: data.other };
  const { detector, log } = trainDcaseAe(small, s, { seed: 3, standardizer: identity, frontend });
  assert.equal(log.length, DCASE_AE_RECIPE.epochs);
  detector.dispose();
});

test('the same seed gives the same detector; save/load gives bit-identical frame scores', async () => {
  const before = tf.memory().numTensors;
  const s = smallSettings({ epochs: 2, stepsPerEpoch: 3, inferenceBatch: 64 });
  const model = getModel('dcase-ae');
  const a = model.train(data, s, { seed: 9, standardizer: identity, frontend });
  const b = model.train(data, s, { seed: 9, standardizer: identity, frontend });
  const probe = mel(133, -2.5);
  const sa = a.detector.scoreFrames(probe);
  assert.equal(sa.length, 133 - 4, 'one score per frame with a full 5-frame window');
  assert.deepEqual(b.detector.scoreFrames(probe), sa);
  assert.equal(a.detector.phi, b.detector.phi);
  const dir = join(root, 'saved');
  await saveDetector(a.detector, dir);
  const loaded = await loadFrameDetector(dir);
  assert.equal(loaded.kind, 'dcase-ae');
  assert.equal(loaded.phi, a.detector.phi);
  assert.deepEqual(loaded.scoreFrames(probe), sa);
  // Scores of shifted frames are larger: the error measures distance from D.
  const far = a.detector.scoreFrames(mel(133, 5));
  assert.ok(far.reduce((x, y) => x + y) > sa.reduce((x, y) => x + y));
  for (const d of [a.detector, b.detector, loaded]) d.dispose();
  assert.equal(tf.memory().numTensors, before);
});
