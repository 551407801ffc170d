import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ClipLabel, UnitScores } from '../../src/experiment/rows.ts';
import {
  metricRows,
  rocRows,
  scoreRows,
  summaryRows,
  table1Rows,
} from '../../src/experiment/tables.ts';
import { toCsv } from '../../src/experiment/outputs.ts';
import { runMessages as R } from '../../src/messages.ts';

// Two SNR sets of 2 anomalous + 2 normal clips; every value below is worked out by hand.
const labels: ClipLabel[] = [0, 5].flatMap((snr) => [
  { clipId: `snr${snr}/a0`, label: 1 as const, snrDb: snr, category: 'sudden' },
  { clipId: `snr${snr}/a1`, label: 1 as const, snrDb: snr, category: 'sustained' },
  { clipId: `snr${snr}/n0`, label: 0 as const, snrDb: snr, category: '' },
  { clipId: `snr${snr}/n1`, label: 0 as const, snrDb: snr, category: '' },
]);
const unit = (seed: number, scores: number[]): UnitScores => ({
  cell: 'main',
  method: 'prop',
  seed,
  phi: 1.7,
  rho: 0.5,
  scores,
  settings: { 'train.featureDim': 32 },
});
const u1 = unit(1, [3, 1.5, 1, 2, 4, 5, 1, 2]);
const u2 = unit(2, [3, 2.5, 1, 2, 4, 5, 1, 2]);
const opts = { rules: ['oracle', 'phi'] as const, paucMaxFpr: 0.5 };
const close = (a: unknown, b: number) => assert.ok(Math.abs(Number(a) - b) < 1e-12, `${a} vs ${b}`);

test('metric rows: P/R/F1 at both rules, AUC, pAUC, TPR at rho, settings columns', () => {
  const rows = metricRows(labels, [u1], { ...opts, rules: [...opts.rules] });
  assert.equal(rows.length, 4);
  const [o0, p0, o5, p5] = rows;
  // 0 dB: scores a 3, 1.5; n 1, 2. Oracle flags > 1 (P 2/3, R 1, F1 0.8; mean 0.822 is the best
  // of the cuts); phi 1.7 flags 3 and 2 (P 1/2, R 1/2, F1 1/2). AUC = 3 of 4 pairs = 0.75.
  assert.deepEqual([o0.rule, o0.snr_db, o0.threshold], ['oracle', 0, 1]);
  close(o0.precision, 2 / 3);
  close(o0.recall, 1);
  close(o0.f1, 0.8);
  assert.deepEqual([p0.threshold, p0.precision, p0.recall, p0.f1], [1.7, 0.5, 0.5, 0.5]);
  close(o0.auc, 0.75);
  close(p0.auc, 0.75);
  // ROC 0 dB: (0,0) (0,.5) (.5,.5) (.5,1) (1,1). Up to FPR 0.5: area 0.25 raw; McClish
  // 0.5 (1 + (0.25 - 0.125) / (0.5 - 0.125)) = 2/3. TPR at FPR <= 0.5: 1.
  close(o0.pauc, 0.25);
  close(o0.pauc_mcclish, 2 / 3);
  close(o0.tpr_at_rho, 1);
  assert.equal(o0['train.featureDim'], 32);
  // 5 dB: separable. Oracle flags > 2: all 1; phi 1.7 flags 4, 5, 2: P 2/3, R 1, F1 0.8.
  assert.deepEqual([o5.threshold, o5.precision, o5.recall, o5.f1, o5.auc], [2, 1, 1, 1, 1]);
  close(p5.precision, 2 / 3);
  close(p5.f1, 0.8);
});

test('table1 rows: the paper layout; std columns with several seeds; summary with CIs', () => {
  const metrics = metricRows(labels, [u1, u2], { ...opts, rules: [...opts.rules] });
  const [row] = table1Rows(metrics, 'oracle');
  assert.deepEqual(Object.keys(row).slice(0, 9), [
    'cell',
    'method',
    'seeds',
    '0dB_precision',
    '0dB_precision_std',
    '0dB_recall',
    '0dB_recall_std',
    '0dB_f1',
    '0dB_f1_std',
  ]);
  // 0 dB F1: seed 1 0.8, seed 2 1 (flags > 2: both anomalies) -> mean 0.9, std sqrt(0.02).
  close(row['0dB_f1'], 0.9);
  close(row['0dB_f1_std'], Math.sqrt(0.02));
  assert.equal(row.seeds, 2);
  const one = table1Rows(metricRows(labels, [u1], { ...opts, rules: ['oracle'] }), 'oracle')[0];
  assert.ok(!('0dB_f1_std' in one), 'no std columns with one seed');
  const sum = summaryRows(metrics, ['oracle']).find((r) => r.snr_db === 0) ?? {};
  close(sum.f1_mean, 0.9);
  const half = (12.706204736 * Math.sqrt(0.02)) / Math.sqrt(2);
  assert.ok(Math.abs(Number(sum.f1_ci_low) - (0.9 - half)) < 1e-9);
});

test('ROC and score rows; CSV header and quoting; bad input names the unit', () => {
  const roc = rocRows(labels, [u1]).filter((r) => r.snr_db === 0);
  assert.deepEqual(
    roc.map((r) => [r.fpr, r.tpr, r.threshold]),
    [
      [0, 0, 'inf'],
      [0, 0.5, 3],
      [0.5, 0.5, 2],
      [0.5, 1, 1.5],
      [1, 1, 1],
    ],
  );
  const scores = scoreRows(labels, [u1]);
  assert.equal(scores.length, 8);
  assert.deepEqual(scores[0], {
    clip_id: 'snr0/a0',
    label: 'anomaly',
    snr_db: 0,
    category: 'sudden',
    cell: 'main',
    method: 'prop',
    seed: 1,
    score: 3,
  });
  assert.equal(
    toCsv([
      { a: 'x,y', b: 1.5, c: true },
      { a: 'q"', b: -2 },
    ]),
    'a,b,c\n"x,y",1.5,true\n"q""",-2,\n',
  );
  assert.throws(() => metricRows(labels, [unit(3, [1, 2])], { ...opts, rules: ['oracle'] }), {
    message: R.unitFailed('main/prop/seed-3', '2 scores for 8 clips'),
  });
});
