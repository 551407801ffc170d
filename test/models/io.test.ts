import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { backendName, initBackend, tf } from '../../src/engine/backend.ts';
import { modelMessages } from '../../src/messages/index.ts';
import { trainAutoencoder } from '../../src/models/autoencoder.ts';
import { DETECTOR_JSON, loadDetector, saveDetector } from '../../src/models/io.ts';
import { makeRng, gaussian } from '../../src/util/rng.ts';
import { smallSettings } from './helpers.ts';

await initBackend();
const root = await mkdtemp(join(tmpdir(), 'npasd-models-io-'));
after(() => rm(root, { recursive: true, force: true }));

// A trained VAE detector on 16 bands with context Pb = Pf = 1 (Q = 48), plus standardisation.
const rng = makeRng(11, 'io');
const mel = (n: number, shift: number) => {
  const data = new Float32Array(n * 16);
  for (let i = 0; i < data.length; i++) data[i] = shift + gaussian(rng);
  return { data, nFrames: n, nMels: 16 };
};
const { ContextIndex } = await import('../../src/features/context.ts');
const data = {
  normal: new ContextIndex([mel(300, 0.5)], { pb: 1, pf: 1 }),
  other: new ContextIndex([mel(300, 0)], { pb: 1, pf: 1 }),
};
const standardizer = {
  mean: Float32Array.from({ length: 16 }, (_, i) => i / 7),
  std: Float32Array.from({ length: 16 }, (_, i) => 1 + i / 3),
  frames: 600,
};
const { detector } = trainAutoencoder(true, data, smallSettings({ epochs: 1, hidden: [16] }), {
  seed: 5,
  standardizer,
});
const probe = mel(257, 0.3);

test('save/load round trip: same settings, GMM, phi and bit-identical frame scores', async () => {
  const dir = join(root, 'vae');
  await saveDetector(detector, dir);
  const before = tf.memory().numTensors;
  const loaded = await loadDetector(dir);
  assert.equal(loaded.kind, 'vae');
  assert.deepEqual(loaded.settings, detector.settings);
  assert.deepEqual(loaded.context, detector.context);
  assert.equal(loaded.phi, detector.phi);
  assert.deepEqual(loaded.gmm, detector.gmm);
  assert.deepEqual(loaded.standardizer, standardizer);
  const file = JSON.parse(await readFile(join(dir, DETECTOR_JSON), 'utf8'));
  assert.equal(file.backend.backend, backendName(), 'the backend is recorded as provenance');
  const a = detector.scoreFrames(probe);
  const b = loaded.scoreFrames(probe);
  assert.equal(a.length, 255);
  assert.deepEqual(b, a);
  loaded.dispose();
  assert.equal(tf.memory().numTensors, before);
  await assert.rejects(saveDetector(detector, dir), new Error(modelMessages.saveExists(dir)));
});

test('wrong version, wrong format, missing file and truncated weights are clear errors', async () => {
  const dir = join(root, 'edit');
  await saveDetector(detector, dir);
  const path = join(dir, DETECTOR_JSON);
  const orig = JSON.parse(await readFile(path, 'utf8'));
  await writeFile(path, JSON.stringify({ ...orig, version: 2 }));
  await assert.rejects(
    loadDetector(dir),
    new Error(`${path}: detector format version 2 is not supported (this build reads version 1)`),
  );
  await writeFile(path, JSON.stringify({ ...orig, format: 'tfjs-layers' }));
  await assert.rejects(loadDetector(dir), new Error(modelMessages.badFormat(path, 'tfjs-layers')));
  await writeFile(path, JSON.stringify(orig));
  await writeFile(join(dir, 'weights.bin'), new Uint8Array(12));
  await assert.rejects(
    loadDetector(dir),
    /weights\.bin: holds 12 bytes, the detector's layers need/,
  );
  await assert.rejects(
    loadDetector(join(root, 'none')),
    /detector\.json: cannot read the detector/,
  );
});

test('NaN or Inf in weights.bin is refused, naming the file and the value', async () => {
  const dir = join(root, 'nonfinite');
  await saveDetector(detector, dir);
  const bin = join(dir, 'weights.bin');
  const good = await readFile(bin);
  const tensors = tf.memory().numTensors;
  for (const [at, bad] of [
    [0, Number.NaN],
    [7, Number.POSITIVE_INFINITY],
    [good.length / 4 - 1, Number.NEGATIVE_INFINITY],
  ] as const) {
    const f = new Float32Array(good.length / 4);
    new Uint8Array(f.buffer).set(good);
    f[at] = bad;
    await writeFile(bin, new Uint8Array(f.buffer));
    await assert.rejects(loadDetector(dir), (e: Error) => {
      assert.match(e.message, new RegExp(`^${bin.replace(/[.\\/]/g, '\\$&')}: `));
      assert.ok(e.message.includes(String(bad)), e.message);
      return true;
    });
  }
  assert.equal(tf.memory().numTensors, tensors, 'no tensors left by a refused load');
  await writeFile(bin, good);
  (await loadDetector(dir)).dispose();
});

after(() => detector.dispose());

test('scoreSignal: raw audio -> log-mel -> standardise -> frame scores, the same after save/load', async () => {
  const { LogMelExtractor, resolveLogMelOptions } = await import('../../src/features/logmel.ts');
  const { standardize } = await import('../../src/features/standardize.ts');
  const frontend = resolveLogMelOptions({ nMels: 16 });
  const { detector: det } = trainAutoencoder(
    false,
    data,
    smallSettings({ epochs: 1, hidden: [16] }),
    {
      seed: 6,
      standardizer,
      frontend,
    },
  );
  const signal = new Float32Array(8000);
  for (let i = 0; i < signal.length; i++) signal[i] = 0.1 * gaussian(rng);
  const ex = await LogMelExtractor.create(frontend);
  const expected = det.scoreFrames(standardize(ex.extract(signal), standardizer));
  ex.dispose();
  const scores = await det.scoreSignal(signal, 16000);
  assert.equal(scores.length, 1 + Math.floor((8000 - 512) / 256) - 2);
  assert.deepEqual(scores, expected);
  const dir = join(root, 'ae-frontend');
  await saveDetector(det, dir);
  const loaded = await loadDetector(dir);
  assert.deepEqual(loaded.frontend, frontend);
  assert.deepEqual(await loaded.scoreSignal(signal, 16000), scores);
  await assert.rejects(
    loaded.scoreSignal(signal, 8000),
    new RangeError(modelMessages.signalRate(8000, 16000)),
  );
  await assert.rejects(
    detector.scoreSignal(signal, 16000),
    new Error(modelMessages.cannotScoreSignal('front-end settings')),
  );
  loaded.dispose();
  det.dispose();
});
