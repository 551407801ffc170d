import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAudio } from '../../src/audio/read.ts';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { LogMelExtractor } from '../../src/features/logmel.ts';
import { cachedLogMel, featureKey, type CacheStats } from '../../src/features/cache.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';

const dir = mkdtempSync(join(tmpdir(), 'npasd-fcache-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('computed once, then read back bit-identical; keyed by content and options, not name', async () => {
  const x = new Float32Array(16000);
  fillGaussian(makeRng(1, 'fc'), x);
  for (let i = 0; i < x.length; i++) x[i] *= 0.1;
  const wav = join(dir, 'a.wav');
  const { sha256 } = writeWav(wav, x, 16000);
  const cache = join(dir, 'cache');
  const ex = await LogMelExtractor.create();
  const stats: CacheStats = { hits: 0, misses: 0 };
  const first = await cachedLogMel({ path: wav, sha256 }, ex, cache, stats);
  const again = await cachedLogMel({ path: wav, sha256 }, ex, cache, stats);
  assert.deepEqual(stats, { hits: 1, misses: 1 });
  assert.equal(first.nFrames, 1 + Math.floor((16000 - 512) / 256));
  assert.deepEqual(again.data, first.data);
  assert.deepEqual(again.data, ex.extract((await readAudio(wav)).samples).data);

  // The same content under another name is a hit; other options are another key.
  const copy = join(dir, 'renamed.wav');
  writeWav(copy, x, 16000);
  await cachedLogMel({ path: copy, sha256 }, ex, cache, stats);
  assert.equal(stats.hits, 2);
  const ex40 = await LogMelExtractor.create({ nMels: 40 });
  assert.notEqual(featureKey({ path: wav, sha256 }, ex40), featureKey({ path: wav, sha256 }, ex));
  const m40 = await cachedLogMel({ path: wav, sha256 }, ex40, cache, stats);
  assert.equal(m40.nMels, 40);
  assert.equal(stats.misses, 2);

  // A damaged entry (not whole frames) is recomputed, not trusted.
  const key = featureKey({ path: wav, sha256 }, ex);
  writeFileSync(join(cache, key.slice(0, 2), `${key}.f32`), new Uint8Array(10));
  const repaired = await cachedLogMel({ path: wav, sha256 }, ex, cache, stats);
  assert.equal(stats.misses, 3);
  assert.deepEqual(repaired.data, first.data);
  assert.ok(
    readdirSync(join(cache, key.slice(0, 2))).every((f) => f.endsWith('.f32')),
    'no temp files left',
  );
  ex.dispose();
  ex40.dispose();
});
