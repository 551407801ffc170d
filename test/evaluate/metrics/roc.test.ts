import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { auc, partialAuc, rocCurve, tprAtFpr } from '../../../src/evaluate/metrics/roc.ts';
import { metricMessages } from '../../../src/messages/index.ts';

interface Case {
  name: string;
  scores: number[];
  labels: number[];
  fpr: number[];
  tpr: number[];
  auc: number;
  pauc01: number;
  pauc03: number;
  mannWhitney: number;
}
const { cases } = JSON.parse(
  readFileSync(new URL('../../fixtures/metrics.json', import.meta.url), 'utf8'),
) as { cases: Case[] };
const close = (a: number, b: number, what: string): void =>
  assert.ok(Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

for (const c of cases) {
  test(`ROC, AUC and McClish pAUC equal scikit-learn (${c.name})`, () => {
    const roc = rocCurve(c.scores, c.labels);
    assert.equal(roc.fpr.length, c.fpr.length);
    c.fpr.forEach((v, k) => close(roc.fpr[k], v, `fpr ${k}`));
    c.tpr.forEach((v, k) => close(roc.tpr[k], v, `tpr ${k}`));
    close(auc(c.scores, c.labels), c.auc, 'auc');
    close(partialAuc(c.scores, c.labels).mcclish, c.pauc01, 'pauc 0.1');
    close(partialAuc(c.scores, c.labels, 0.3).mcclish, c.pauc03, 'pauc 0.3');
  });

  test(`AUC equals the Mann-Whitney statistic with ties counted half (${c.name})`, () => {
    close(auc(c.scores, c.labels), c.mannWhitney, 'auc vs U / (n1 n0)');
  });
}

test('hand-computed cases: perfect, inverted, all tied, raw partial AUC', () => {
  assert.equal(auc([3, 4, 1, 2], [1, 1, 0, 0]), 1);
  assert.equal(auc([1, 2, 3, 4], [1, 1, 0, 0]), 0);
  assert.equal(auc([5, 5, 5, 5], [1, 0, 1, 0]), 0.5);
  const p = partialAuc([5, 5, 5, 5], [1, 0, 1, 0], 0.1);
  assert.ok(
    Math.abs(p.raw - 0.005) < 1e-15 && Math.abs(p.mcclish - 0.5) < 1e-12,
    'chance diagonal: raw p^2/2, McClish 0.5',
  );
  const perfect = partialAuc([3, 4, 1, 2], [1, 1, 0, 0], 0.1);
  assert.ok(Math.abs(perfect.raw - 0.1) < 1e-15 && Math.abs(perfect.mcclish - 1) < 1e-12);
});

test('TPR at FPR = rho is the best reachable operating point', () => {
  // Descending: a(9) n(8) a(7) a(6) n(5) ...: FPR 0 reaches TPR 1/3; FPR 1/4 reaches 1.
  const s = [9, 8, 7, 6, 5, 4, 3];
  const l = [1, 0, 1, 1, 0, 0, 0];
  assert.equal(tprAtFpr(s, l, 0), 1 / 3);
  assert.equal(tprAtFpr(s, l, 0.2), 1 / 3);
  assert.equal(tprAtFpr(s, l, 0.25), 1);
});

test('all scores equal: the chance diagonal, a defined result for every metric', () => {
  const s = [5, 5, 5, 5];
  const l = [1, 0, 1, 0];
  const roc = rocCurve(s, l);
  assert.deepEqual(
    [Array.from(roc.fpr), Array.from(roc.tpr)],
    [
      [0, 1],
      [0, 1],
    ],
  );
  assert.equal(tprAtFpr(s, l, 0.05), 0, 'no threshold reaches FPR <= rho except flagging nothing');
  assert.equal(tprAtFpr(s, l, 1), 1);
});

test('infinite scores are ordinary extremes, not NaN', () => {
  assert.equal(auc([Infinity, 1, -Infinity], [1, 0, 0]), 1);
  assert.equal(auc([Infinity, Infinity], [1, 0]), 0.5);
});

test('degenerate input is a clear error, never NaN', () => {
  assert.throws(
    () => auc([1, 2, 3], [0, 0, 0]),
    new RangeError(metricMessages.oneClass('ROC', 0, 3)),
  );
  assert.throws(
    () => partialAuc([1, 2], [1, 1]),
    new RangeError(metricMessages.oneClass('ROC', 2, 0)),
  );
  assert.throws(
    () => tprAtFpr([1, 2], [0, 0]),
    new RangeError(metricMessages.oneClass('ROC', 0, 2)),
  );
  assert.throws(() => auc([1, NaN], [0, 1]), new RangeError(metricMessages.scoreNaN('ROC', 1)));
  assert.throws(() => auc([1, 2], [0, 2]), new RangeError(metricMessages.badLabel('ROC', 1, 2)));
  assert.throws(() => auc([1, 2], [0]), new RangeError(metricMessages.lengthMismatch('ROC', 2, 1)));
  assert.throws(() => auc([], []), new RangeError(metricMessages.noScores('ROC')));
  assert.throws(() => partialAuc([1, 2], [0, 1], 0), new RangeError(metricMessages.maxFpr(0)));
  assert.throws(() => partialAuc([1, 2], [0, 1], NaN), new RangeError(metricMessages.maxFpr(NaN)));
  assert.throws(() => tprAtFpr([1, 2], [0, 1], 1.5), new RangeError(metricMessages.tprRho(1.5)));
});
