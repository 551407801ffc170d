import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { ContextIndex } from '../../src/features/context.ts';
import { resolveLogMelOptions } from '../../src/features/logmel.ts';
import { Detector } from '../../src/models/detector.ts';
import { loadDetector, saveDetector } from '../../src/models/io.ts';
import { logmelGmmContext, trainLogmelGmm } from '../../src/models/logmelGmm.ts';
import { getModel } from '../../src/models/registry.ts';
import { gaussian, makeRng } from '../../src/util/rng.ts';
import { smallSettings } from './helpers.ts';

await initBackend();
const root = await mkdtemp(join(tmpdir(), 'npasd-logmel-gmm-'));
after(() => rm(root, { recursive: true, force: true }));

// D: 400 frames of 6 bands from two clusters (at -1 and +1 in every band, std 0.3).
const rng = makeRng(31, 'logmel-gmm-data');
function mel(n: number, centres: readonly number[]) {
  const data = new Float32Array(n * 6);
  for (let i = 0; i < n; i++) {
    const c = centres[i % centres.length];
    for (let j = 0; j < 6; j++) data[i * 6 + j] = c + 0.3 * gaussian(rng);
  }
  return { data, nFrames: n, nMels: 6 };
}
const standardizer = { mean: new Float32Array(6), std: new Float32Array(6).fill(1), frames: 400 };
const frontend = resolveLogMelOptions({ nMels: 6 });
const single = { pb: 0, pf: 0 };
const data = {
  normal: new ContextIndex([mel(400, [-1, 1])], single),
  other: new ContextIndex([], single),
};

test('context: single frames by default, the run context with logmelContext', () => {
  assert.deepEqual(logmelGmmContext({ logmelContext: false }, { pb: 10, pf: 10 }), single);
  assert.deepEqual(logmelGmmContext({ logmelContext: true }, { pb: 10, pf: 10 }), {
    pb: 10,
    pf: 10,
  });
  const input = getModel('logmel-gmm').input?.(smallSettings(), {
    sampleRate: 16000,
    pb: 3,
    pf: 2,
  });
  assert.deepEqual(input, { context: single, standardise: true });
});

test('training: a GMM on the frames themselves, no network, no epochs, no tensor growth', () => {
  const before = tf.memory().numTensors;
  const s = smallSettings({ components: 2, emMaxIter: 50, inferenceBatch: 64 });
  const { detector, log } = trainLogmelGmm(data, s, { seed: 2, standardizer, frontend });
  assert.ok(detector instanceof Detector);
  assert.equal(detector.kind, 'logmel-gmm');
  assert.equal(detector.encoder, undefined);
  assert.deepEqual(log, []);
  const held = tf.memory().numTensors;
  assert.ok(held - before <= 4, `the detector holds only its GMM's tensors (${held - before})`);
  assert.equal(detector.gmm.c, 2);
  assert.equal(detector.gmm.d, 6, 'the GMM models the 6 bands directly');
  // The two components sit on the two clusters.
  const m = detector.gmm.means;
  const centre = (k: number) => m.slice(k * 6, (k + 1) * 6).reduce((a, b) => a + b) / 6;
  const cs = [centre(0), centre(1)].sort((a, b) => a - b);
  assert.ok(Math.abs(cs[0] + 1) < 0.1 && Math.abs(cs[1] - 1) < 0.1, `centres ${cs}`);
  // A frame between the clusters scores higher (more anomalous) than frames on them.
  const probe = mel(20, [-1, 1]);
  const between = mel(20, [0]);
  const mean = (a: Float64Array) => a.reduce((x, y) => x + y) / a.length;
  assert.ok(mean(detector.scoreFrames(between)) > mean(detector.scoreFrames(probe)) + 3);
  assert.ok(Number.isFinite(detector.phi));
  assert.equal(tf.memory().numTensors, held, 'scoring leaves no tensor');
  detector.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('the same seed gives the same GMM; save/load gives bit-identical frame scores', async () => {
  const before = tf.memory().numTensors;
  const s = smallSettings({ components: 3, emMaxIter: 20, inferenceBatch: 50 });
  const model = getModel('logmel-gmm');
  const a = model.train(data, s, { seed: 4, standardizer, frontend });
  const b = model.train(data, s, { seed: 4, standardizer, frontend });
  const probe = mel(77, [-1, 0.5, 2]);
  const sa = a.detector.scoreFrames(probe);
  assert.equal(sa.length, 77);
  assert.deepEqual(b.detector.scoreFrames(probe), sa);
  const dir = join(root, 'saved');
  await saveDetector(a.detector, dir);
  const loaded = await loadDetector(dir);
  assert.equal(loaded.kind, 'logmel-gmm');
  assert.equal(loaded.phi, a.detector.phi);
  assert.deepEqual(loaded.gmm, (a.detector as Detector).gmm);
  assert.deepEqual(loaded.scoreFrames(probe), sa);
  for (const d of [a.detector, b.detector, loaded]) d.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('with context the GMM models the stacked frames (Q = 6 x 3)', () => {
  const ctx = { pb: 1, pf: 1 };
  const withCtx = { normal: new ContextIndex([mel(300, [-1, 1])], ctx), other: data.other };
  const s = smallSettings({ components: 2, emMaxIter: 10, logmelContext: true });
  const { detector } = trainLogmelGmm(withCtx, s, { seed: 2, standardizer, frontend });
  assert.equal(detector.gmm.d, 18);
  assert.equal(detector.nMels, 6);
  assert.equal(
    detector.scoreFrames(mel(50, [1])).length,
    48,
    'edge frames without context dropped',
  );
  detector.dispose();
});
