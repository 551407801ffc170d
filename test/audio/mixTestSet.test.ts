import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  planTestSet,
  renderTestClip,
  type AnomalySource,
  type BackgroundFile,
} from '../../src/audio/mixTestSet.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';
import { testSetTooShort } from '../../src/messages/index.ts';

const rate = 1000;
const backgrounds: BackgroundFile[] = [
  { path: 'normal/test/a.wav', samples: 5000, streamStart: 20000 },
  { path: 'normal/test/b.wav', samples: 3000, streamStart: 25000 },
];
const anomalies: AnomalySource[] = [
  { id: 'a1', category: 'sustained', path: 'anomaly/a1.wav', samples: 800 },
  { id: 'a2', category: 'sudden', path: 'anomaly/a2.wav', samples: 200 },
  { id: 'a3', category: 'time-varying', path: 'anomaly/a3.wav', samples: 4000 },
];
const config = { clipSec: 2, snrsDb: [-10, 0, 5], normalClips: null };

test('one anomalous clip per anomaly and as many normal clips, per SNR', () => {
  const clips = planTestSet(config, rate, backgrounds, anomalies, 1);
  assert.equal(clips.length, 3 * (3 + 3));
  for (const snr of config.snrsDb) {
    const set = clips.filter((c) => c.snrDb === snr);
    assert.deepEqual(
      set.filter((c) => c.label === 'anomaly').map((c) => c.anomaly?.id),
      ['a1', 'a2', 'a3'],
    );
    assert.equal(set.filter((c) => c.label === 'normal').length, 3);
  }
  assert.equal(new Set(clips.map((c) => c.id)).size, clips.length);
  const more = planTestSet({ ...config, normalClips: 7 }, rate, backgrounds, anomalies, 1);
  assert.equal(more.filter((c) => c.label === 'normal').length, 3 * 7);
});

test('clips lie inside their background file; anomalies inside the clip (long ones cropped)', () => {
  for (const seed of [1, 2, 3, 4]) {
    for (const c of planTestSet(config, rate, backgrounds, anomalies, seed)) {
      const bg = backgrounds.find((b) => b.path === c.background.path);
      assert.ok(bg);
      assert.equal(c.samples, 2000);
      assert.ok(c.background.start >= 0 && c.background.start + c.samples <= bg.samples);
      assert.equal(c.background.streamStart, bg.streamStart + c.background.start);
      if (c.anomaly) {
        assert.ok(c.anomaly.offset >= 0 && c.anomaly.offset + c.anomaly.samples <= c.samples);
        if (c.anomaly.id === 'a3') assert.equal(c.anomaly.samples, 2000);
      }
    }
  }
});

test('the same backgrounds and offsets serve every SNR; the seed changes them', () => {
  const clips = planTestSet(config, rate, backgrounds, anomalies, 1);
  const key = (c: (typeof clips)[number]) => JSON.stringify([c.background, c.anomaly]);
  const at = (snr: number) => clips.filter((c) => c.snrDb === snr).map(key);
  assert.deepEqual(at(-10), at(5));
  assert.deepEqual(planTestSet(config, rate, backgrounds, anomalies, 1), clips);
  assert.notDeepEqual(
    planTestSet(config, rate, backgrounds, anomalies, 2).map(key),
    clips.map(key),
  );
});

test('a background shorter than a clip is refused with the documented message', () => {
  assert.throws(() => planTestSet({ ...config, clipSec: 6 }, rate, backgrounds, anomalies, 1), {
    message: testSetTooShort(6, 5),
  });
});

test('rendered clips have the SNR of their set and untouched background elsewhere', () => {
  const audio = new Map<string, Float32Array>();
  for (const f of [...backgrounds, ...anomalies]) {
    const x = new Float32Array(f.samples);
    fillGaussian(makeRng(9, f.path), x);
    audio.set(f.path, x);
  }
  const load = (p: string) => audio.get(p) as Float32Array;
  for (const c of planTestSet(config, rate, backgrounds, anomalies, 5)) {
    const r = renderTestClip(c, load);
    const bg = load(c.background.path);
    assert.equal(r.samples.length, c.samples);
    if (!c.anomaly) {
      assert.deepEqual(r.samples, bg.slice(c.background.start, c.background.start + c.samples));
      assert.equal(r.gain, null);
      continue;
    }
    assert.ok(Math.abs((r.measuredSnrDb as number) - c.snrDb) < 0.01);
    const { offset, samples: n } = c.anomaly;
    for (let i = 0; i < c.samples; i++) {
      if (i >= offset && i < offset + n) continue;
      assert.equal(r.samples[i], bg[c.background.start + i], `sample ${i} outside the anomaly`);
    }
  }
});
