import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { SummaryRow } from '../../src/evaluate/rows.ts';
import { toMarkdown, type Block } from '../../src/report/reportFormat.ts';
import type { RunCell, RunData } from '../../src/report/runFiles.ts';
import { pText, seedBlocks } from '../../src/report/seedTable.ts';

const cell = (id: string): RunCell => ({
  id,
  assignments: {},
  methods: ['ae', 'prop', 'logmel-gmm'],
  seeds: 3,
  seed: 1,
  table1Rule: 'oracle',
  snrsDb: [-5, 0],
  paperComparable: true,
  rho: 0.05,
});

/** A summary row with AUC mean m, CI m +- 0.04, spread m - 0.06 .. m + 0.05, and the test. */
function row(c: string, method: string, snr: number, m: number, rule = 'oracle'): SummaryRow {
  const r: SummaryRow = { cell: c, method, snr_db: snr, rule, n: 3 } as SummaryRow;
  Object.assign(r, {
    auc_mean: m,
    auc_ci_low: m - 0.04,
    auc_ci_high: m + 0.04,
    auc_min: m - 0.06,
    auc_max: m + 0.05,
  });
  // PROP's rows have no test (empty in summary.csv, so absent once read).
  if (method !== 'prop') {
    Object.assign(r, {
      auc_diff_prop: 0.9 - m,
      auc_diff_prop_ci_low: 0.9 - m - 0.03,
      auc_diff_prop_ci_high: 0.9 - m + 0.02,
      auc_diff_prop_p: method === 'ae' ? 0.0009995 : 0.4,
    });
  }
  return r;
}

function run(cells: string[], summary: SummaryRow[] | null): RunData {
  return {
    resolved: { spec: 's', title: '', file: 'f', scale: null, plan: 'p', cells: cells.map(cell) },
    provenance: {} as RunData['provenance'],
    table1: [],
    metrics: [],
    summary,
    roc: [],
    logs: [],
  };
}

const tableOf = (blocks: Block[]) =>
  blocks.find((b) => b.kind === 'table') as Extract<Block, { kind: 'table' }>;

test('per SNR and method: mean AUC, CI, seed spread and the paired test against PROP', () => {
  // Given in another order and with a phi-rule row that must not show up.
  const summary = [
    row('main', 'logmel-gmm', 0, 0.7),
    row('main', 'prop', 0, 0.9),
    row('main', 'ae', 0, 0.8),
    row('main', 'ae', -5, 0.6),
    row('main', 'prop', -5, 0.9),
    row('main', 'ae', -5, 0.1, 'phi'),
  ];
  const blocks = seedBlocks(run(['main'], summary));
  const t = tableOf(blocks);
  assert.deepEqual(t.header, [
    'SNR (dB)',
    'method',
    'seeds',
    'AUC mean',
    'AUC 95% CI',
    'AUC seed spread',
    'Δ AUC (PROP - method)',
    'Δ 95% CI',
    'p',
  ]);
  assert.deepEqual(t.rows, [
    ['-5', 'AE', '3', '0.60', '[0.56, 0.64]', '0.54 - 0.65', '+0.30', '[+0.27, +0.32]', '0.001'],
    ['-5', 'PROP', '3', '0.90', '[0.86, 0.94]', '0.84 - 0.95', '–', '–', '–'],
    ['0', 'AE', '3', '0.80', '[0.76, 0.84]', '0.74 - 0.85', '+0.10', '[+0.07, +0.12]', '0.001'],
    ['0', 'PROP', '3', '0.90', '[0.86, 0.94]', '0.84 - 0.95', '–', '–', '–'],
    [
      '0',
      'LOGMEL-GMM*',
      '3',
      '0.70',
      '[0.66, 0.74]',
      '0.64 - 0.75',
      '+0.20',
      '[+0.17, +0.22]',
      '0.40',
    ],
  ]);
  const md = toMarkdown(blocks);
  assert.ok(md.includes('## AUC over seeds and the paired test against PROP'));
  assert.ok(md.includes('paired bootstrap over seeds and clips'));
  assert.ok(md.includes('* not in the paper: a reference method of this project.'));
});

test('grids get a cell column; one seed (no summary.csv) gives no section', () => {
  // Without PROP summary.csv has no test columns.
  const summary = [row('c00', 'ae', 0, 0.8), row('c01', 'ae', 0, 0.7)].map((r) => {
    for (const k of Object.keys(r)) if (k.startsWith('auc_diff_prop')) delete r[k];
    return r;
  });
  const t = tableOf(seedBlocks(run(['c00', 'c01'], summary)));
  assert.equal(t.header[0], 'cell');
  assert.deepEqual(
    t.rows.map((r) => r.slice(0, 3)),
    [
      ['c00', '0', 'AE'],
      ['c01', '0', 'AE'],
    ],
  );
  const md = toMarkdown(seedBlocks(run(['c00', 'c01'], summary)));
  assert.ok(md.includes('PROP is not in this run: no paired test.'));
  assert.ok(!md.includes('not in the paper'), 'no reference method, no mark note');
  assert.deepEqual(seedBlocks(run(['main'], null)), []);
});

test('pText: 3 decimals below 0.01, else 2; n/a when missing', () => {
  assert.equal(pText(0.0009995), '0.001');
  assert.equal(pText(0.0123), '0.01');
  assert.equal(pText(1), '1.00');
  assert.equal(pText(undefined), 'n/a');
  assert.equal(pText(NaN), 'n/a');
});
