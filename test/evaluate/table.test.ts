import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Table1Row } from '../../src/evaluate/rows.ts';
import { formatTable1, PAPER_SNRS, PAPER_TABLE1, table1Snrs } from '../../src/evaluate/table.ts';
import { trivialEntries, trivialKey, trivialMark } from '../../src/evaluate/trivial.ts';
import { evalMessages } from '../../src/messages/index.ts';

const one: Table1Row[] = [
  {
    ...{ cell: 'main', method: 'ae', '-5dB_precision': 0.5, '-5dB_recall': 1, '-5dB_f1': 2 / 3 },
    ...{ '0dB_precision': 0.75, '0dB_recall': 0.6, '0dB_f1': 2 / 3 },
  },
  {
    ...{ cell: 'main', method: 'prop', '-5dB_precision': 1, '-5dB_recall': 0.9, '-5dB_f1': 0.004 },
    ...{ '0dB_precision': 0.25, '0dB_recall': 0.875, '0dB_f1': 0.21 },
  },
];

test('one seed, one cell: P / R / F1 per SNR with 2 decimals', () => {
  assert.deepEqual(table1Snrs(one), [-5, 0]);
  assert.equal(
    formatTable1(one),
    [
      'precision / recall / F1 per SNR',
      '',
      'method   -5 dB               0 dB',
      'AE       0.50 / 1.00 / 0.67  0.75 / 0.60 / 0.67',
      'PROP     1.00 / 0.90 / 0.00  0.25 / 0.88 / 0.21',
      '',
    ].join('\n'),
  );
});

// Three seeds; the CI half-width of F1 is t(0.975, 2) std / sqrt(3) = 4.3027 * 0.1 / 1.7321 =
// 0.248 for AE and 0 for VAE. With CIs, four SNRs do not fit in 100 columns: two blocks of two.
const multi: Table1Row[] = (['ae', 'vae'] as const).map((method, i) => {
  const r: Table1Row = { cell: 'main', method, seeds: 3 };
  for (const snr of [-10, -5, 0, 5]) {
    Object.assign(r, {
      [`${snr}dB_precision`]: 0.5 + i / 10,
      [`${snr}dB_precision_std`]: 0.01,
      [`${snr}dB_recall`]: 0.9,
      [`${snr}dB_recall_std`]: 0.02,
      [`${snr}dB_f1`]: 0.6 + snr / 100,
      [`${snr}dB_f1_std`]: i === 0 ? 0.1 : 0,
    });
  }
  return r;
});

test('three seeds with the paper: ± CI half-width, paper lines interleaved, blocks of SNRs', () => {
  const text = formatTable1(multi, true);
  assert.equal(
    text,
    [
      'precision / recall / F1 per SNR: means over 3 seeds, ± half-width of the 95% CI of F1',
      'paper: Koizumi et al. (EUSIPCO 2017), Table I; n/a = lost in our copy',
      '',
      'method   -10 dB                     -5 dB',
      'AE       0.50 / 0.90 / 0.50 ± 0.25  0.50 / 0.90 / 0.55 ± 0.25',
      '  paper  0.62 / 0.98 / 0.76         0.94 / 0.76 / 0.84',
      'VAE      0.60 / 0.90 / 0.50 ± 0.00  0.60 / 0.90 / 0.55 ± 0.00',
      '  paper  0.51 / 0.94 / 0.67         0.52 / 1.00 / 0.68',
      '',
      'method   0 dB                       5 dB',
      'AE       0.50 / 0.90 / 0.60 ± 0.25  0.50 / 0.90 / 0.65 ± 0.25',
      '  paper   n/a /  n/a / 0.91         0.98 / 0.91 / 0.94',
      'VAE      0.60 / 0.90 / 0.60 ± 0.00  0.60 / 0.90 / 0.65 ± 0.00',
      '  paper   n/a /  n/a / 0.75         0.86 / 0.84 / 0.85',
      '',
    ].join('\n'),
  );
  for (const line of text.split('\n')) assert.ok(line.length <= 100, line);
});

test('several cells: the cell in the label; an SNR the paper lacks and a missing value', () => {
  const cells: Table1Row[] = [
    {
      ...{ cell: 'c00', method: 'prop', '5dB_precision': 1, '5dB_recall': 0.5, '5dB_f1': 2 / 3 },
      ...{ '7.5dB_precision': 0.25, '7.5dB_recall': 1, '7.5dB_f1': 0.4 },
    },
    { cell: 'c01', method: 'prop', '5dB_precision': 0.8, '5dB_recall': 0.4, '5dB_f1': 0.53 },
  ];
  assert.equal(
    formatTable1(cells, true),
    [
      'precision / recall / F1 per SNR',
      'paper: Koizumi et al. (EUSIPCO 2017), Table I; n/a = lost in our copy',
      '',
      'cell method   5 dB                7.5 dB',
      'c00 PROP      1.00 / 0.50 / 0.67  0.25 / 1.00 / 0.40',
      '  paper       0.92 / 1.00 / 0.96',
      'c01 PROP      0.80 / 0.40 / 0.53    -  /   -  /   -',
      '  paper       0.92 / 1.00 / 0.96',
      '',
    ].join('\n'),
  );
});

test('PAPER_TABLE1 is METHOD.md section 9 (0 dB precision and recall unknown)', () => {
  assert.deepEqual(PAPER_SNRS, [-10, -5, 0, 5]);
  const f1 = (['ae', 'vae', 'prop'] as const).map((m) =>
    PAPER_SNRS.map((s) => PAPER_TABLE1[m][s].f1),
  );
  assert.deepEqual(f1, [
    [0.76, 0.84, 0.91, 0.94],
    [0.67, 0.68, 0.75, 0.85],
    [0.82, 0.9, 0.93, 0.96],
  ]);
  assert.deepEqual(PAPER_TABLE1.vae[-5], { precision: 0.52, recall: 1, f1: 0.68 });
  for (const m of ['ae', 'vae', 'prop'] as const) {
    assert.deepEqual([PAPER_TABLE1[m][0].precision, PAPER_TABLE1[m][0].recall], [null, null]);
  }
});

test('trivial entries: counted per (cell, method, SNR) from the thresholds of the rule', () => {
  const row = (method: 'ae' | 'prop', snr_db: number, seed: number, threshold: number) => ({
    cell: 'main',
    method,
    snr_db,
    seed,
    rule: 'oracle' as const,
    threshold,
  });
  const metrics = [
    row('ae', -5, 1, -Infinity),
    row('ae', -5, 2, -Infinity),
    row('ae', 0, 1, -Infinity),
    row('ae', 0, 2, 3.5),
    row('prop', -5, 1, 2),
    row('prop', -5, 2, 1),
    // Another rule's -inf does not count for the oracle's table.
    { ...row('prop', 0, 1, -Infinity), rule: 'phi' as const },
  ];
  const t = trivialEntries(metrics, 'oracle');
  assert.deepEqual(
    [...t],
    [
      [trivialKey('main', 'ae', -5), { trivial: 2, seeds: 2 }],
      [trivialKey('main', 'ae', 0), { trivial: 1, seeds: 2 }],
    ],
  );
  assert.equal(trivialMark(t.get(trivialKey('main', 'ae', -5))), ' †');
  assert.equal(trivialMark(t.get(trivialKey('main', 'ae', 0))), ' †1/2');
  assert.equal(trivialMark(t.get(trivialKey('main', 'prop', -5))), '');
  assert.deepEqual([...trivialEntries(metrics, 'phi')].length, 1);
});

test('a flag-everything entry is marked, with a note; no note without one', () => {
  // AE at -5 dB flags every clip (P = p = 0.5, R = 1, F1 = 2p / (1 + p) = 0.67).
  const trivial = new Map([[trivialKey('main', 'ae', -5), { trivial: 1, seeds: 1 }]]);
  assert.equal(
    formatTable1(one, false, trivial),
    [
      'precision / recall / F1 per SNR',
      evalMessages.trivialNote('†'),
      '',
      'method   -5 dB                 0 dB',
      'AE       0.50 / 1.00 / 0.67 †  0.75 / 0.60 / 0.67',
      'PROP     1.00 / 0.90 / 0.00    0.25 / 0.88 / 0.21',
      '',
    ].join('\n'),
  );
  assert.match(
    evalMessages.trivialNote('†'),
    /^† the threshold is -inf: the trivial "flag everything"/,
  );
  assert.equal(formatTable1(one, false, new Map()), formatTable1(one));
  // A mark of another cell or SNR leaves this table unmarked.
  const elsewhere = new Map([[trivialKey('c01', 'ae', -5), { trivial: 1, seeds: 1 }]]);
  assert.equal(formatTable1(one, false, elsewhere), formatTable1(one));
});
