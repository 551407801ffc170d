import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitStandardizer, standardize } from '../../src/features/standardize.ts';
import type { LogMel } from '../../src/features/logmel.ts';
import { featureMessages, outputTooSmall } from '../../src/messages/index.ts';

const mel = (rows: number[][]): LogMel => ({
  data: Float32Array.from(rows.flat()),
  nFrames: rows.length,
  nMels: rows[0].length,
});

test('mean and population std per band over every frame of every clip', () => {
  const s = fitStandardizer([
    mel([
      [1, 5],
      [3, 5],
    ]),
    mel([[5, 5]]),
  ]);
  assert.deepEqual(Array.from(s.mean), [3, 5]);
  assert.ok(Math.abs(s.std[0] - Math.sqrt(8 / 3)) < 1e-6);
  assert.equal(s.std[1], 1, 'a constant band (e.g. silence) keeps std 1');
  assert.equal(s.frames, 3);
});

test('standardised training frames have mean 0 and std 1 per band; in place works', () => {
  const clips = [
    mel([
      [1, -2],
      [2, 0],
      [4, 7],
    ]),
    mel([
      [0, 1],
      [9, 3],
    ]),
  ];
  const s = fitStandardizer(clips);
  const z = clips.map((c) => standardize(c, s, c.data));
  const all = z.flatMap((c) => Array.from(c.data));
  for (const b of [0, 1]) {
    const v = all.filter((_, i) => i % 2 === b);
    const m = v.reduce((a, x) => a + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((a, x) => a + (x - m) ** 2, 0) / v.length);
    assert.ok(Math.abs(m) < 1e-6 && Math.abs(sd - 1) < 1e-6);
  }
});

test('errors: no clips, no frames, mismatched bands, small output', () => {
  assert.throws(() => fitStandardizer([]), new RangeError(featureMessages.standardizeNoClips()));
  const noFrames: LogMel = { data: new Float32Array(0), nFrames: 0, nMels: 2 };
  assert.throws(
    () => fitStandardizer([noFrames]),
    new RangeError(featureMessages.standardizeNoFrames()),
  );
  assert.throws(
    () => fitStandardizer([mel([[1, 2]]), mel([[1, 2, 3]])]),
    new RangeError(featureMessages.standardizeClipBands(1, 3, 2)),
  );
  const s = fitStandardizer([mel([[1, 2]])]);
  assert.throws(
    () => standardize(mel([[1, 2, 3]]), s),
    new RangeError(featureMessages.standardizeBands(2, 3)),
  );
  assert.throws(
    () => standardize(mel([[1, 2]]), s, new Float32Array(1)),
    new RangeError(outputTooSmall('standardize', 1, 2)),
  );
});
