import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { clipScores } from '../../../src/score/clip.ts';
import { thresholdAtRho } from '../../../src/models/gmm/threshold.ts';
import { oracleThreshold, prfAt } from '../../../src/evaluate/metrics/prf.ts';
import { metricMessages } from '../../../src/messages/index.ts';

interface Case {
  name: string;
  scores: number[];
  labels: number[];
  phi: number;
  precision: number;
  recall: number;
  f1: number;
}
const { cases } = JSON.parse(
  readFileSync(new URL('../../fixtures/metrics.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

for (const c of cases) {
  test(`P, R, F1 at a threshold equal scikit-learn (${c.name})`, () => {
    const r = prfAt(c.scores, c.labels, c.phi);
    assert.ok(Math.abs(r.precision - c.precision) < 1e-12);
    assert.ok(Math.abs(r.recall - c.recall) < 1e-12);
    assert.ok(Math.abs(r.f1 - c.f1) < 1e-12);
  });

  test(`the Table I threshold maximises (P + R + F1) / 3 over every possible threshold (${c.name})`, () => {
    const best = oracleThreshold(c.scores, c.labels);
    const candidates = [...new Set(c.scores), -Infinity];
    for (const phi of candidates) {
      const r = prfAt(c.scores, c.labels, phi);
      assert.ok(
        (r.precision + r.recall + r.f1) / 3 <= best.objective + 1e-12,
        `phi ${phi} beats the oracle`,
      );
    }
    const again = prfAt(c.scores, c.labels, best.threshold);
    assert.equal(again.f1, best.f1);
  });
}

test('hand-computed P/R/F1 and conventions', () => {
  // scores > 0.5 flags items 0, 1, 3: TP 2 (0, 3), FP 1 (1); positives 3.
  const r = prfAt([0.9, 0.8, 0.1, 0.7, 0.2], [1, 0, 1, 1, 0], 0.5);
  assert.deepEqual([r.precision, r.recall, r.flagged], [2 / 3, 2 / 3, 3]);
  assert.ok(Math.abs(r.f1 - 2 / 3) < 1e-15);
  const none = prfAt([0.1, 0.2], [1, 0], 5);
  assert.deepEqual([none.precision, none.recall, none.f1], [0, 0, 0], 'nothing flagged: all zero');
  // All scores tied: the only useful cut flags everything (P = 0.5, R = 1).
  const tied = oracleThreshold([2, 2, 2, 2], [1, 0, 1, 0]);
  assert.deepEqual([tied.threshold, tied.precision, tied.recall], [-Infinity, 0.5, 1]);
  // Perfect separation: the oracle picks the largest threshold that flags all anomalies.
  const perfect = oracleThreshold([5, 6, 1, 2], [1, 1, 0, 0]);
  assert.deepEqual([perfect.threshold, perfect.f1], [2, 1]);
});

test('deployable rule: P/R/F1 at phi_rho set from normal training scores only', () => {
  const train = Array.from({ length: 100 }, (_, i) => i / 10); // 0 .. 9.9; phi_0.05 = 9.5
  const phi = thresholdAtRho(train, 0.05);
  assert.equal(phi, 9.5);
  // Test: anomalies 12, 9.6, 3 (two above phi); normals 9.7, 1, 2 (one above phi).
  const r = prfAt([12, 9.6, 3, 9.7, 1, 2], [1, 1, 1, 0, 0, 0], phi);
  assert.deepEqual([r.threshold, r.precision, r.recall, r.flagged], [9.5, 2 / 3, 2 / 3, 3]);
});

test('one class only: only anomalies is a result, no anomalies is a clear error', () => {
  const all = prfAt([1, 2, 3], [1, 1, 1], 1.5);
  assert.deepEqual([all.precision, all.recall, all.f1], [1, 2 / 3, 0.8]);
  const best = oracleThreshold([1, 2, 3], [1, 1, 1]);
  assert.deepEqual([best.threshold, best.precision, best.recall, best.f1], [-Infinity, 1, 1, 1]);
  assert.throws(
    () => prfAt([1, 2], [0, 0], 1),
    new RangeError(metricMessages.noAnomalies('precision/recall')),
  );
  assert.throws(
    () => oracleThreshold([1, 2], [0, 0]),
    new RangeError(metricMessages.noAnomalies('oracle threshold')),
  );
});

test('degenerate P/R/F1 input is a clear error', () => {
  assert.throws(
    () => prfAt([1, NaN], [0, 1], 1),
    new RangeError(metricMessages.scoreNaN('precision/recall', 1)),
  );
  assert.throws(
    () => oracleThreshold([NaN, 1], [0, 1]),
    new RangeError(metricMessages.scoreNaN('oracle threshold', 0)),
  );
  assert.throws(() => prfAt([1, 2], [0, 1], NaN), new RangeError(metricMessages.thresholdNaN()));
  assert.throws(
    () => prfAt([1, 2], [0, 1, 1], 0),
    new RangeError(metricMessages.lengthMismatch('precision/recall', 2, 3)),
  );
  assert.throws(
    () => oracleThreshold([], []),
    new RangeError(metricMessages.noScores('oracle threshold')),
  );
});

test('clip scores: max (default) and mean of consecutive frame runs; errors', () => {
  const frames = [1, 5, 2, 3, 3, 9];
  assert.deepEqual(Array.from(clipScores(frames, [3, 2, 1])), [5, 3, 9]);
  assert.deepEqual(Array.from(clipScores(frames, [3, 2, 1], 'mean')), [8 / 3, 3, 9]);
  assert.throws(
    () => clipScores(frames, [3, 0, 3]),
    new RangeError(metricMessages.clipLength(1, 0)),
  );
  assert.throws(
    () => clipScores(frames, [3, 2]),
    new RangeError(metricMessages.clipLengthsSum(5, 6)),
  );
  assert.throws(
    () => clipScores(frames, [3, 2, 2]),
    new RangeError(metricMessages.clipLengthsExceed(6)),
  );
  assert.throws(() => clipScores([1, NaN], [2]), new RangeError(metricMessages.clipFrameNaN(1, 0)));
});
