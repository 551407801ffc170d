import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clipThreshold, windowScores } from '../../../src/evaluate/metrics/clipThreshold.ts';

test('window scores: every full window, hop apart, aggregated like a clip', () => {
  const a = [1, 5, 2, 0, 3, 9, 1];
  // clip 3 frames, hop 2: windows [1,5,2] [2,0,3] [3,9,1]; the 2-frame file has none.
  assert.deepEqual(windowScores([a, [7, 7]], 3, 2, 'max'), [5, 3, 9]);
  assert.deepEqual(windowScores([a], 3, 2, 'mean'), [8 / 3, 5 / 3, 13 / 3]);
  // hop 1: every offset, mean by a running sum equals the direct mean.
  const direct = [0, 1, 2, 3, 4].map((k) => (a[k] + a[k + 1] + a[k + 2]) / 3);
  windowScores([a], 3, 1, 'mean').forEach((v, k) => assert.ok(Math.abs(v - direct[k]) < 1e-12));
  assert.deepEqual(windowScores([a], 3, 1, 'max'), [5, 5, 3, 9, 9]);
});

test('clip threshold: floor(rho K)-th largest window score', () => {
  // 20 windows of one frame with scores 1..20; rho 0.1 -> the 2nd largest, 19: one window above.
  const files = [Array.from({ length: 20 }, (_, i) => i + 1)];
  assert.equal(clipThreshold(files, 1, 1, 'max', 0.1), 19);
  assert.throws(() => clipThreshold([[1, 2]], 1, 1, 'max', 0.1), /rho/);
});
