import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { trainAutoencoder } from '../../src/models/autoencoder.ts';
import type { TrainData } from '../../src/models/data.ts';
import { makeRng } from '../../src/util/rng.ts';
import { linearGaussian, mixing, smallSettings, toySet } from './helpers.ts';

await initBackend();

function toyData(): TrainData {
  const rng = makeRng(7, 'toy');
  const a = mixing(rng, 64, 6);
  const normal = toySet(
    600,
    64,
    linearGaussian(rng, a, 6, [2, 0, 0, 0, 0, 0], [1, 0.2, 0.2, 0.2, 0.2, 0.2], 0.1),
  );
  const other = toySet(
    1200,
    64,
    linearGaussian(rng, a, 6, [0, 0, 0, 0, 0, 0], [1, 1, 1, 1, 1, 1], 0.1),
  );
  return { normal, other };
}

for (const variational of [false, true]) {
  const name = variational ? 'VAE' : 'AE';
  test(`${name}: loss falls, no tensor leaks across epochs, detector scores frames`, () => {
    const data = toyData();
    const before = tf.memory().numTensors;
    const counts: number[] = [];
    const { detector, log } = trainAutoencoder(variational, data, smallSettings({ epochs: 4 }), {
      seed: 3,
      onEpoch: () => counts.push(tf.memory().numTensors),
    });
    assert.equal(log.length, 4);
    assert.ok(log[3].loss < 0.6 * log[0].loss, `loss ${log.map((l) => l.loss.toFixed(2))}`);
    assert.ok(log[3].recon < log[0].recon);
    assert.equal(log[0].kl !== undefined, variational);
    assert.ok(log.every((l) => l.seconds > 0 && l.steps === 36));
    assert.equal(counts[1], counts[0], 'numTensors after epoch 2 equals after epoch 1');
    const scores = detector.scoreFrames({
      data: new Float32Array(64 * 10),
      nFrames: 10,
      nMels: 64,
    });
    assert.equal(scores.length, 10);
    assert.ok(scores.every(Number.isFinite));
    assert.ok(Number.isFinite(detector.phi));
    detector.dispose();
    assert.equal(tf.memory().numTensors, before, 'everything freed');
  });
}

test('epochBasis: AE and VAE take one pass over D and O per epoch by default, over D with "normal"', () => {
  // D 600, O 1200, K 50: natural 1800 / 50 = 36 steps (the loss test above pins it for the
  // default settings too); normal 600 / 50 = 12.
  const data = toyData();
  for (const variational of [false, true]) {
    for (const [epochBasis, steps] of [
      ['natural', 36],
      ['normal', 12],
    ] as const) {
      const s = smallSettings({ epochs: 2, epochBasis });
      const { detector, log } = trainAutoencoder(variational, data, s, { seed: 3 });
      detector.dispose();
      assert.deepEqual(
        log.map((l) => l.steps),
        [steps, steps],
        `${variational ? 'VAE' : 'AE'} ${epochBasis}`,
      );
    }
  }
});

test('non-finite loss stops training with an error naming epoch and step', () => {
  const nan = () => toySet(200, 64, (row) => row.fill(NaN));
  const before = tf.memory().numTensors;
  assert.throws(
    () => trainAutoencoder(false, { normal: nan(), other: nan() }, smallSettings(), { seed: 1 }),
    new RangeError(
      'ae: loss is NaN at epoch 1, step 1; training stopped ' +
        '(lower learningRate or check the input for NaN/Inf)',
    ),
  );
  assert.equal(tf.memory().numTensors, before, 'nothing leaks on the error path');
});
