import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { modelMessages } from '../../src/messages/index.ts';
import {
  createDecoder,
  createEncoder,
  decoderLayers,
  disposeLayers,
  encode,
  encoderLayers,
} from '../../src/models/network.ts';
import { DEFAULT_SETTINGS, resolveSettings, SETTING_KEYS } from '../../src/models/settings.ts';
import { makeRng } from '../../src/util/rng.ts';

await initBackend();

test('defaults are the paper values (METHOD.md section 3)', () => {
  const s = resolveSettings();
  assert.deepEqual(s.hidden, [512, 512, 512]);
  assert.equal(s.featureDim, 32);
  assert.equal(s.inputDropout, 0.2);
  assert.equal(s.hiddenDropout, 0.5);
  assert.equal(s.l2, 1e-5);
  assert.equal(s.learningRate, 1e-3);
  assert.equal(s.batchSize, 100);
  assert.equal(s.epochs, 500);
  assert.equal(s.components, 16);
  assert.equal(s.rho, 0.05);
  assert.equal(s.sigmoidSlope, 1);
  assert.equal(s.stepsPerEpoch, 0);
  assert.equal(s.epochBasis, 'natural', "the default epoch is each method's natural one");
  s.hidden.push(1);
  assert.deepEqual(DEFAULT_SETTINGS.hidden, [512, 512, 512], 'defaults are not aliased');
});

test('overrides apply; unknown keys and bad values are exact errors', () => {
  assert.deepEqual(resolveSettings({ hidden: [256, 256], featureDim: 8 }).hidden, [256, 256]);
  assert.throws(
    () => resolveSettings({ hiden: [1] } as never),
    new RangeError(modelMessages.unknownSetting('hiden', SETTING_KEYS)),
  );
  assert.throws(
    () => resolveSettings({ inputDropout: 1 }),
    new RangeError('model settings: inputDropout must be a number in [0, 1), got 1'),
  );
  assert.throws(
    () => resolveSettings({ epochs: '3' as never }),
    new RangeError('model settings: epochs must be an integer in [1, 1000000], got "3"'),
  );
  assert.equal(resolveSettings({ epochBasis: 'normal' }).epochBasis, 'normal');
  assert.throws(
    () => resolveSettings({ epochBasis: 'equal' as never }),
    new RangeError('model settings: epochBasis must be one of natural, normal, got "equal"'),
  );
  assert.throws(
    () => resolveSettings({ hidden: [] }),
    new RangeError(
      'model settings: hidden must be a non-empty array of integers in [1, 16384] (at most 32), got []',
    ),
  );
});

test('networks: shapes, He-normal scale, seeded init, no dropout at inference', () => {
  const s = resolveSettings({ hidden: [256, 128], featureDim: 8 });
  const a = createEncoder(64, s, makeRng(1, 'init'), true);
  const b = createEncoder(64, s, makeRng(1, 'init'), true);
  const g = createDecoder(64, s, makeRng(1, 'init'));
  assert.deepEqual(a.hidden[0].w.shape, [64, 256]);
  assert.deepEqual(a.mean.w.shape, [128, 8]);
  assert.deepEqual(a.logVar?.w.shape, [128, 8]);
  assert.deepEqual(
    g.hidden.map((l) => l.w.shape),
    [
      [8, 128],
      [128, 256],
    ],
  );
  assert.deepEqual(g.out.w.shape, [256, 64]);
  assert.deepEqual(a.hidden[1].w.dataSync(), b.hidden[1].w.dataSync(), 'same seed, same weights');
  const w = a.hidden[0].w.dataSync();
  let ss = 0;
  for (const v of w) ss += v * v;
  const std = Math.sqrt(ss / w.length);
  assert.ok(Math.abs(std - Math.sqrt(2 / 64)) < 0.01 * Math.sqrt(2 / 64) * 5, `std ${std}`);
  const x = tf.randomNormal([5, 64], 0, 1, 'float32', 3) as tf.Tensor2D;
  const run = (seeds?: () => number): Float32Array => {
    const t = tf.tidy(() => encode(a, x, s, seeds).mean);
    const v = t.dataSync() as Float32Array;
    t.dispose();
    return v;
  };
  const f1 = run();
  const f2 = run();
  assert.deepEqual(f1, f2);
  const fd = run(makeRng(2, 'drop'));
  assert.notDeepEqual(fd, f1, 'training mode applies dropout');
  disposeLayers([...encoderLayers(a), ...encoderLayers(b), ...decoderLayers(g)]);
  x.dispose();
  assert.equal(tf.memory().numTensors, 0, 'nothing leaks');
});
