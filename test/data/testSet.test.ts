import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusScales } from '../../src/data/synthetic/config.ts';
import { planCorpus } from '../../src/data/synthetic/plan.ts';
import { writeCorpus } from '../../src/data/synthetic/write.ts';
import { writeTestSet, type TestLabel } from '../../src/data/testSet.ts';
import { readAudio } from '../../src/audio/read.ts';
import { snrDb } from '../../src/audio/mix.ts';

const config = {
  ...corpusScales.smoke,
  normalTrainSec: 8,
  normalTestSec: 12,
  otherSec: 2,
  fileSec: 6,
};
const testSet = { clipSec: 3, snrsDb: [-10, -5, 0, 5], normalClips: null };
const root = mkdtempSync(join(tmpdir(), 'npasd-testset-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

test('test set: 45 anomalous + 45 normal clips per SNR, from held-out audio only, at the asked SNR', async () => {
  const corpus = join(root, 'corpus');
  const manifest = await writeCorpus(planCorpus(config, 4), corpus);
  const out = join(corpus, 'test');
  const labels = await writeTestSet(manifest, corpus, testSet, out);
  assert.equal(labels.length, 4 * 90);
  for (const snr of testSet.snrsDb) {
    const set = labels.filter((l) => l.snr_db === snr);
    assert.equal(set.filter((l) => l.label === 'anomaly').length, 45);
    assert.equal(set.filter((l) => l.label === 'normal').length, 45);
  }
  assert.deepEqual(JSON.parse(readFileSync(join(out, 'labels.json'), 'utf8')), labels);
  assert.equal(
    readFileSync(join(out, 'labels.csv'), 'utf8').trim().split('\n').length,
    1 + labels.length,
  );

  // Never overlapping training audio, checked by stream sample ranges, not by file names.
  const train = manifest.files
    .filter((f) => f.role === 'normal' && f.split === 'train')
    .map((f) => [f.streamStart as number, (f.streamStart as number) + f.samples]);
  const clipSamples = testSet.clipSec * manifest.sampleRate;
  for (const l of labels) {
    const [s, e] = [l.background_stream_start, l.background_stream_start + clipSamples];
    for (const [ts, te] of train) assert.ok(e <= ts || s >= te, `${l.clip_id} overlaps training`);
  }

  // Re-read a few written clips and measure their SNR against the background file.
  const bgCache = new Map<string, Float32Array>();
  const check = async (l: TestLabel): Promise<void> => {
    const clip = (await readAudio(join(out, l.path))).samples;
    if (!bgCache.has(l.background_path)) {
      bgCache.set(l.background_path, (await readAudio(join(corpus, l.background_path))).samples);
    }
    const bg = (bgCache.get(l.background_path) as Float32Array).subarray(l.background_start);
    const rate = manifest.sampleRate;
    const from = Math.round((l.offset_sec as number) * rate);
    const n = Math.round((l.anomaly_sec as number) * rate);
    let pa = 0;
    let pn = 0;
    for (let i = from; i < from + n; i++) {
      pa += (clip[i] - bg[i]) ** 2;
      pn += bg[i] ** 2;
    }
    assert.ok(Math.abs(snrDb(pa, pn) - l.snr_db) < 0.01, `${l.clip_id}: ${snrDb(pa, pn)} dB`);
  };
  for (const l of labels.filter((x) => x.label === 'anomaly').filter((_, i) => i % 9 === 0)) {
    await check(l);
  }
});
