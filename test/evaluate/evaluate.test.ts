import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  metricRows,
  rocRows,
  scoreRows,
  summaryRows,
  table1Rows,
} from '../../src/evaluate/evaluate.ts';
import type { ModelName } from '../../src/models/detector.ts';
import type { ClipLabel, MetricRow, UnitScores } from '../../src/evaluate/rows.ts';
import { evalMessages, metricMessages } from '../../src/messages/index.ts';

// Two SNR sets, 5 dB listed first (SNRs keep label order, not ascending), each of 3 anomalous and
// 3 normal clips interleaved a1 n1 a2 n2 a3 n3. Each unit's scores at an SNR follow one of three
// patterns (anomalous | normal scores), all worked out by hand:
//   P [9 8 7 | 1 2 3] separated. Oracle flags > 3: P R F1 1. phi 5 flags 9 8 7: 1 1 1.
//     AUC 1; ROC reaches TPR 1 at FPR 0, so pAUC to FPR 1/3 = 1/3 raw, McClish 1; TPR@1/3 = 1.
//   I [6 4 2 | 5 3 1] interleaved. Cuts (P, R, F1; mean): {6} 1 1/3 .5; {6 5} .5 1/3 .4;
//     {..4} 2/3 2/3 2/3; {..3} .5 2/3 4/7; {..2} .6 1 .75 (mean .783, the best); all .5 1 2/3.
//     Oracle flags > 1: .6 1 .75. phi 5 flags 6: 1 1/3 .5. ROC (0,0) (0,1/3) (1/3,1/3)
//     (1/3,2/3) (2/3,2/3) (2/3,1) (1,1): AUC 6/9, pAUC 1/9 raw, McClish 0.5 (1 + (18 A - 1) / 5)
//     = 0.6 (p = 1/3: p^2/2 = 1/18, p - p^2/2 = 5/18); TPR at FPR <= 1/3 = 2/3.
//   T [4 4 1 | 4 1 1] ties. Cuts {4 4 4} 2/3 2/3 2/3 (mean .667), all .5 1 2/3 (mean .722):
//     oracle flags everything, threshold -Infinity. phi 5 flags nothing: 0 0 0. ROC (0,0)
//     (1/3,2/3) (1,1): AUC 1/9 + 5/9 = 2/3, pAUC 1/9 raw, McClish 0.6, TPR@1/3 = 2/3.
type Pattern = 'P' | 'I' | 'T';
const PATTERNS: Record<Pattern, { a: number[]; n: number[] }> = {
  P: { a: [9, 8, 7], n: [1, 2, 3] },
  I: { a: [6, 4, 2], n: [5, 3, 1] },
  T: { a: [4, 4, 1], n: [4, 1, 1] },
};
// [threshold, precision, recall, f1] per rule, then [auc, pauc, pauc_mcclish, tpr_at_rho].
const EXPECTED: Record<Pattern, { oracle: number[]; phi: number[]; free: number[] }> = {
  P: { oracle: [3, 1, 1, 1], phi: [5, 1, 1, 1], free: [1, 1 / 3, 1, 1] },
  I: { oracle: [1, 0.6, 1, 0.75], phi: [5, 1, 1 / 3, 0.5], free: [2 / 3, 1 / 9, 0.6, 2 / 3] },
  T: { oracle: [-Infinity, 0.5, 1, 2 / 3], phi: [5, 0, 0, 0], free: [2 / 3, 1 / 9, 0.6, 2 / 3] },
};

const SNRS = [5, -5];
const CATEGORIES = ['sustained', 'time-varying', 'sudden'];
const labels: ClipLabel[] = SNRS.flatMap((snr) =>
  [0, 1, 2].flatMap((k) => [
    { clipId: `snr${snr}/a${k + 1}`, label: 1 as const, snrDb: snr, category: CATEGORIES[k] },
    { clipId: `snr${snr}/n${k + 1}`, label: 0 as const, snrDb: snr, category: '' },
  ]),
);
const settings = { seed: 1, 'train.featureDim': 32 };
const unit = (method: ModelName, seed: number, at5: Pattern, atMinus5: Pattern): UnitScores => ({
  cell: 'main',
  method,
  seed,
  phi: 5,
  rho: 1 / 3,
  scores: [at5, atMinus5].flatMap((p) =>
    [0, 1, 2].flatMap((k) => [PATTERNS[p].a[k], PATTERNS[p].n[k]]),
  ),
  settings,
});
const PLAN: [ModelName, number, Pattern, Pattern][] = [
  ['ae', 1, 'P', 'I'],
  ['ae', 2, 'I', 'I'],
  ['prop', 1, 'P', 'P'],
  ['prop', 2, 'P', 'T'],
];
const units = PLAN.map(([m, s, p5, pm5]) => unit(m, s, p5, pm5));
const opts = { rules: ['oracle', 'phi'] as const, paucMaxFpr: 1 / 3 };
const metrics = metricRows(labels, units, opts);

/** Same keys in the same order, strings equal, numbers within 1e-12. */
function sameRow(got: object, want: Record<string, unknown>, what: string): void {
  assert.deepEqual(Object.keys(got), Object.keys(want), `${what}: columns`);
  for (const [k, v] of Object.entries(want)) {
    const g = (got as Record<string, unknown>)[k];
    if (typeof v === 'number' && Number.isFinite(v)) {
      assert.ok(typeof g === 'number' && Math.abs(g - v) < 1e-12, `${what}.${k}: ${g} vs ${v}`);
    } else assert.equal(g, v, `${what}.${k}`);
  }
}

test('metric rows: units x SNRs (label order) x rules, every column', () => {
  const want = PLAN.flatMap(([method, seed, p5, pm5]) =>
    [
      [5, p5],
      [-5, pm5],
    ].flatMap(([snr, p]) =>
      (['oracle', 'phi'] as const).map((rule) => {
        const [threshold, precision, recall, f1] = EXPECTED[p as Pattern][rule];
        const [auc, pauc, mcclish, tpr] = EXPECTED[p as Pattern].free;
        return {
          ...{ cell: 'main', method, snr_db: snr, seed, rule, threshold, precision, recall, f1 },
          ...{ auc, pauc, pauc_mcclish: mcclish, tpr_at_rho: tpr },
          // The spec's own "seed" setting must not overwrite the unit's seed column.
          ...{ 'spec.seed': 1, 'train.featureDim': 32 },
        };
      }),
    ),
  );
  assert.equal(metrics.length, 16);
  metrics.forEach((r, i) => sameRow(r, want[i], `row ${i}`));
});

const s2 = Math.SQRT2;

test('Table I rows: means over seeds, std right after each value, seeds column', () => {
  const rows = table1Rows(metrics, { rule: 'oracle' });
  const cols = (snr: number) =>
    ['precision', 'recall', 'f1'].flatMap((m) => [`${snr}dB_${m}`, `${snr}dB_${m}_std`]);
  const values = (v: number[]) =>
    Object.fromEntries([...cols(5), ...cols(-5)].map((c, i) => [c, v[i]]));
  // ae: 5 dB P and I, -5 dB I and I. prop: 5 dB P and P, -5 dB P and T.
  sameRow(
    rows[0],
    {
      ...{ cell: 'main', method: 'ae', seeds: 2 },
      ...values([0.8, 0.4 / s2, 1, 0, 0.875, 0.25 / s2, 0.6, 0, 1, 0, 0.75, 0]),
    },
    'ae',
  );
  sameRow(
    rows[1],
    {
      ...{ cell: 'main', method: 'prop', seeds: 2 },
      ...values([1, 0, 1, 0, 1, 0, 0.75, 0.5 / s2, 1, 0, 5 / 6, 1 / 3 / s2]),
    },
    'prop',
  );
  assert.equal(rows.length, 2);
});

test('Table I rows with one seed: no std and no seeds column', () => {
  const rows = table1Rows(
    metrics.filter((r) => r.seed === 1),
    { rule: 'phi' },
  );
  sameRow(
    rows[0],
    {
      ...{ cell: 'main', method: 'ae', '5dB_precision': 1, '5dB_recall': 1, '5dB_f1': 1 },
      ...{ '-5dB_precision': 1, '-5dB_recall': 1 / 3, '-5dB_f1': 0.5 },
    },
    'ae',
  );
  assert.equal(rows.length, 2);
});

test('summary rows: per (cell, method, SNR, rule), mean, std and 95% CI of each metric', () => {
  const rows = summaryRows(metrics);
  assert.deepEqual(
    rows.map((r) => [r.method, r.snr_db, r.rule]),
    ['ae', 'prop'].flatMap((m) =>
      SNRS.flatMap((snr) => [
        [m, snr, 'oracle'],
        [m, snr, 'phi'],
      ]),
    ),
  );
  // ae, 5 dB, oracle: seeds P and I. t(0.975, 1) = 12.706204736174694 (mpmath).
  const stat = (a: number, b: number) => {
    const std = Math.abs(a - b) / s2;
    const half = (12.706204736174694 * std) / s2;
    const m = (a + b) / 2;
    return [m, std, m - half, m + half, Math.min(a, b), Math.max(a, b)];
  };
  const cols = ['f1', 'precision', 'recall', 'auc', 'pauc_mcclish', 'tpr_at_rho'];
  const stats = [
    stat(1, 0.75),
    stat(1, 0.6),
    stat(1, 1),
    stat(1, 2 / 3),
    stat(1, 0.6),
    stat(1, 2 / 3),
  ];
  const want: Record<string, unknown> = {
    cell: 'main',
    method: 'ae',
    snr_db: 5,
    rule: 'oracle',
    n: 2,
  };
  cols.forEach((c, i) =>
    ['mean', 'std', 'ci_low', 'ci_high', 'min', 'max'].forEach(
      (s, j) => (want[`${c}_${s}`] = stats[i][j]),
    ),
  );
  sameRow(rows[0], { ...want, 'spec.seed': 1, 'train.featureDim': 32 }, 'summary ae 5 dB');
  assert.deepEqual(
    summaryRows(metrics, { rules: ['phi'] }).map((r) => r.rule),
    ['phi', 'phi', 'phi', 'phi'],
  );
});

test('ROC rows: every point per unit and SNR, from (0, 0, "inf") to (1, 1)', () => {
  const rows = rocRows(labels, units);
  assert.equal(rows.length, 7 + 7 + (7 + 7) + (7 + 7) + (7 + 3));
  const curves = new Map<string, typeof rows>();
  for (const r of rows) {
    const k = `${r.method}/${r.seed}/${r.snr_db}`;
    curves.set(k, [...(curves.get(k) ?? []), r]);
  }
  assert.deepEqual(
    [...curves.keys()],
    ['ae/1/5', 'ae/1/-5', 'ae/2/5', 'ae/2/-5', 'prop/1/5', 'prop/1/-5', 'prop/2/5', 'prop/2/-5'],
  );
  for (const c of curves.values()) {
    assert.deepEqual([c[0].fpr, c[0].tpr, c[0].threshold], [0, 0, 'inf']);
    assert.deepEqual([c[c.length - 1].fpr, c[c.length - 1].tpr], [1, 1]);
  }
  const third = 1 / 3;
  const twoThirds = 2 / 3;
  assert.deepEqual(
    (curves.get('ae/1/-5') ?? []).map((r) => [r.fpr, r.tpr, r.threshold]),
    [
      [0, 0, 'inf'],
      [0, third, 6],
      [third, third, 5],
      [third, twoThirds, 4],
      [twoThirds, twoThirds, 3],
      [twoThirds, 1, 2],
      [1, 1, 1],
    ],
  );
  sameRow(
    rows[7],
    { cell: 'main', method: 'ae', seed: 1, snr_db: -5, fpr: 0, tpr: 0, threshold: 'inf' },
    'roc',
  );
  assert.deepEqual(
    (curves.get('prop/2/-5') ?? []).map((r) => [r.fpr, r.tpr, r.threshold]),
    [
      [0, 0, 'inf'],
      [third, twoThirds, 4],
      [1, 1, 1],
    ],
  );
});

test('score rows: units x clips, label as normal/anomaly', () => {
  const rows = scoreRows(labels, units);
  assert.equal(rows.length, 4 * 12);
  assert.deepEqual(rows[0], {
    ...{ clip_id: 'snr5/a1', label: 'anomaly', snr_db: 5, category: 'sustained' },
    ...{ cell: 'main', method: 'ae', seed: 1, score: 9 },
  });
  assert.deepEqual(rows[7], {
    ...{ clip_id: 'snr-5/n1', label: 'normal', snr_db: -5, category: '' },
    ...{ cell: 'main', method: 'ae', seed: 1, score: 5 },
  });
  assert.deepEqual([rows[12].method, rows[12].seed, rows[12].score], ['ae', 2, 6]);
});

test('bad input names the unit and the problem', () => {
  const name = evalMessages.unit('main', 'ae', 1);
  assert.equal(name, 'main/ae/seed-1');
  const short = { ...units[0], scores: units[0].scores.slice(1) };
  for (const f of [
    () => metricRows(labels, [short], opts),
    () => rocRows(labels, [short]),
    () => scoreRows(labels, [short]),
  ]) {
    assert.throws(f, { message: evalMessages.scoreCount(name, 11, 12) });
  }
  const nan = { ...units[0], scores: units[0].scores.map((s, i) => (i === 3 ? NaN : s)) };
  assert.throws(() => metricRows(labels, [nan], opts), {
    message: evalMessages.scoreNaN(name, 3, 'snr5/n2'),
  });
  assert.throws(() => scoreRows(labels, [nan]), {
    message: evalMessages.scoreNaN(name, 3, 'snr5/n2'),
  });
  // -5 dB without normal clips.
  const oneClass = labels.map((l) => (l.snrDb === -5 ? { ...l, label: 1 as const } : l));
  assert.throws(() => metricRows(oneClass, units, opts), {
    message: evalMessages.snrOneClass(name, -5, 6, 0),
  });
  assert.throws(() => rocRows(oneClass, units), {
    message: evalMessages.snrOneClass(name, -5, 6, 0),
  });
  assert.throws(() => metricRows([], units, opts), { message: evalMessages.noClips(name) });
  // A metric's own error, located.
  const noPhi = { ...units[0], phi: NaN };
  assert.throws(() => metricRows(labels, [noPhi], opts), {
    message: evalMessages.metricFailed(name, 5, metricMessages.thresholdNaN()),
  });
  // The same unit twice.
  const twice: MetricRow[] = metricRows(labels, [units[0], units[0]], opts);
  assert.throws(() => table1Rows(twice, { rule: 'oracle' }), {
    message: evalMessages.duplicateRow(name, 5, 'oracle'),
  });
  assert.throws(() => summaryRows(twice), {
    message: evalMessages.duplicateRow(name, 5, 'oracle'),
  });
});
