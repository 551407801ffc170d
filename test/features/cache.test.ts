import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAudio } from '../../src/audio/read.ts';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { LogMelExtractor } from '../../src/features/logmel.ts';
import {
  cachedLogMel,
  entryBytes,
  featureKey,
  readEntry,
  type CacheStats,
} from '../../src/features/cache.ts';
import { featureMessages } from '../../src/messages/index.ts';
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
  const repaired = await cachedLogMel({ path: wav, sha256 }, ex, cache, stats, () => {});
  assert.equal(stats.misses, 3);
  assert.deepEqual(repaired.data, first.data);
  assert.ok(
    readdirSync(join(cache, key.slice(0, 2))).every((f) => f.endsWith('.f32')),
    'no temp files left',
  );
  ex.dispose();
  ex40.dispose();
});

test('a damaged entry (emptied, cut by a frame, a flipped byte, no trailer) is rebuilt and reported', async () => {
  const x = new Float32Array(16000);
  fillGaussian(makeRng(2, 'fc'), x);
  const wav = join(dir, 'b.wav');
  const { sha256 } = writeWav(wav, x, 16000);
  const cache = join(dir, 'cache-b');
  const ex = await LogMelExtractor.create();
  const good = await cachedLogMel({ path: wav, sha256 }, ex, cache);
  const key = featureKey({ path: wav, sha256 }, ex);
  const entry = join(cache, key.slice(0, 2), `${key}.f32`);
  const whole = readFileSync(entry);
  const rowBytes = 4 * ex.options.nMels;
  const flipped = Uint8Array.from(whole);
  flipped[100] ^= 1;
  const damaged: [string, Uint8Array, string][] = [
    ['emptied', new Uint8Array(0), featureMessages.cacheShort(0)],
    [
      'cut by one frame',
      Uint8Array.from(whole.subarray(rowBytes)),
      featureMessages.cacheSize(whole.length - 24 - rowBytes, whole.length - 24),
    ],
    ['a flipped bit', flipped, featureMessages.cacheChecksum()],
    [
      'raw matrix without trailer',
      whole.subarray(0, whole.length - 24),
      featureMessages.cacheNoTrailer(),
    ],
  ];
  for (const [what, bytes, reason] of damaged) {
    writeFileSync(entry, bytes);
    const stats: CacheStats = { hits: 0, misses: 0 };
    const lines: string[] = [];
    const got = await cachedLogMel({ path: wav, sha256 }, ex, cache, stats, (l) => lines.push(l));
    assert.deepEqual(got.data, good.data, what);
    assert.deepEqual(stats, { hits: 0, misses: 1, rebuilt: 1 }, what);
    assert.deepEqual(lines, [featureMessages.cacheRebuilt(entry, wav, reason)], what);
    assert.deepEqual(readFileSync(entry), whole, `${what}: the entry is rewritten whole`);
  }
  ex.dispose();
});

test('entryBytes/readEntry: the matrix back exactly, with a 24-byte trailer', () => {
  const data = new Float32Array(64 * 625 * 10); // 100 s of 64-band log-mel at 62.5 frames/s
  fillGaussian(makeRng(3, 'fc'), data);
  const bytes = entryBytes(data);
  assert.equal(bytes.length, data.byteLength + 24);
  const back = readEntry(bytes, 64);
  assert.ok(back instanceof Float32Array);
  assert.deepEqual(back, data);
});
