/**
 * Report builders (pure): Table I beside the paper's with F1 differences and CIs, the spec and
 * provenance summary, Markdown and self-contained HTML.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Provenance } from '../../src/experiment/provenance.ts';
import type { Table1Row } from '../../src/evaluate/rows.ts';
import {
  ciBlocks,
  reportBlocks,
  signed,
  table1Blocks,
  type ChartRef,
} from '../../src/report/report.ts';
import { escapeHtml, toHtml, toMarkdown, type Block } from '../../src/report/reportFormat.ts';
import type { RunCell, RunData } from '../../src/report/runFiles.ts';
import { summaryFixture } from './helpers.ts';
import { trivialKey } from '../../src/evaluate/trivial.ts';
import { evalMessages } from '../../src/messages/index.ts';

const cell = (id = 'main', assignments = {}, paperComparable = true): RunCell => ({
  id,
  assignments,
  methods: ['ae', 'vae', 'prop'],
  seeds: 1,
  seed: 1,
  table1Rule: 'oracle',
  snrsDb: [-10, 0, 2.5],
  paperComparable,
  rho: 0.05,
});

/** Table I rows: precision 0.5, recall 1, F1 0.6 / 0.7 / 0.8 for AE / VAE / PROP at every SNR. */
function table1(cellId = 'main'): Table1Row[] {
  return (['ae', 'vae', 'prop'] as const).map((method, m) => {
    const row: Table1Row = { cell: cellId, method };
    for (const snr of [-10, 0, 2.5]) {
      Object.assign(row, {
        [`${snr}dB_precision`]: 0.5,
        [`${snr}dB_recall`]: 1,
        [`${snr}dB_f1`]: 0.6 + 0.1 * m,
      });
    }
    return row;
  });
}

const tableOf = (blocks: Block[]) =>
  blocks.find((b) => b.kind === 'table') as Extract<Block, { kind: 'table' }>;

test('table1Blocks: ours / paper per method and SNR, F1 ours - paper, n/a and not-in-paper', () => {
  const blocks = table1Blocks(cell(), table1(), null);
  const t = tableOf(blocks);
  assert.deepEqual(t.rows[0], ['AE', '-10', '0.50 / 0.62', '1.00 / 0.98', '0.60 / 0.76', '-0.16']);
  // 0 dB: the paper's precision and recall are lost in our copy; its F1 is there.
  assert.deepEqual(t.rows[1], ['AE', '0', '0.50 / n/a', '1.00 / n/a', '0.60 / 0.91', '-0.31']);
  // 2.5 dB is not in the paper.
  assert.deepEqual(t.rows[2], ['AE', '2.5', '0.50 / –', '1.00 / –', '0.60 / –', '–']);
  assert.deepEqual(t.rows[6], [
    'PROP',
    '-10',
    '0.50 / 0.76',
    '1.00 / 0.91',
    '0.80 / 0.82',
    '-0.02',
  ]);
  assert.equal(t.rows.length, 9);
  const order = blocks.find((b) => b.kind === 'paragraph');
  assert.deepEqual(order, {
    kind: 'paragraph',
    text: 'PROP has the highest F1 (ties count) at 2 of the 2 SNRs the paper reports; in the paper at 2 of 2.',
  });
});

test('table1Blocks with seeds > 1: F1 carries the half-width of its 95% CI', () => {
  const summary = summaryFixture([-10, 0, 2.5]); // CI = mean +- 0.05
  const t = tableOf(table1Blocks(cell(), table1(), summary));
  assert.equal(t.rows[0][4], '0.60 ± 0.05 / 0.76');
});

test('table1Blocks on data other than the paper protocol (Fig. 4): ours only, no paper lines', () => {
  const summary = summaryFixture([-10, 0, 2.5]);
  const blocks = table1Blocks(cell('main', {}, false), table1(), summary);
  assert.equal(blocks.length, 1);
  const t = tableOf(blocks);
  assert.deepEqual(t.header, ['method', 'SNR (dB)', 'precision', 'recall', 'F1']);
  assert.deepEqual(t.rows[0], ['AE', '-10', '0.50', '1.00', '0.60 ± 0.05']);
  assert.deepEqual(t.rows[8], ['PROP', '2.5', '0.50', '1.00', '0.80 ± 0.05']);
});

test('table1Blocks: flag-everything entries (threshold -inf) are marked, with the note', () => {
  // AE at -10 dB flags every clip in both seeds, VAE at 0 dB in 1 of 2 (trivial.ts).
  const trivial = new Map([
    [trivialKey('main', 'ae', -10), { trivial: 2, seeds: 2 }],
    [trivialKey('main', 'vae', 0), { trivial: 1, seeds: 2 }],
  ]);
  const blocks = table1Blocks(cell(), table1(), null, trivial);
  const t = tableOf(blocks);
  assert.deepEqual(t.rows[0], [
    'AE',
    '-10',
    '0.50 / 0.62',
    '1.00 / 0.98',
    '0.60 † / 0.76',
    '† flags every clip',
  ]);
  assert.deepEqual(t.rows[4].slice(4), ['0.70 †1/2 / 0.75', '-0.05 †1/2']);
  assert.deepEqual(t.rows[6].slice(4), ['0.80 / 0.82', '-0.02'], 'PROP unmarked');
  const notes = blocks.filter((b) => b.kind === 'paragraph').map((b) => b.text);
  assert.equal(notes[0], evalMessages.trivialNote('†'));
  // Without any, no note; ours-only tables mark too.
  assert.ok(!table1Blocks(cell(), table1(), null).some((b) => 'text' in b && b.text.includes('†')));
  const ours = table1Blocks(cell('main', {}, false), table1(), null, trivial);
  assert.deepEqual(tableOf(ours).rows[0], ['AE', '-10', '0.50', '1.00', '0.60 †']);
  assert.deepEqual(ours[1], { kind: 'paragraph', text: evalMessages.trivialNote('†') });
  // reportBlocks finds them in metrics.csv's thresholds at the Table I rule.
  const r = run([cell()]);
  r.metrics = [
    { cell: 'main', method: 'ae', snr_db: -10, seed: 1, rule: 'oracle', threshold: -Infinity },
    { cell: 'main', method: 'ae', snr_db: 0, seed: 1, rule: 'phi', threshold: -Infinity },
  ] as unknown as RunData['metrics'];
  const md = toMarkdown(reportBlocks(r, []));
  assert.ok(
    md.includes('| AE | -10 | 0.50 / 0.62 | 1.00 / 0.98 | 0.60 † / 0.76 | † flags every clip |'),
  );
  assert.ok(md.includes('| AE | 0 | 0.50 / n/a | 1.00 / n/a | 0.60 / 0.91 | -0.31 |'));
});

test('signed: a sign on every difference', () => {
  assert.deepEqual([signed(0.05), signed(-0.1), signed(0)], ['+0.05', '-0.10', '+0.00']);
});

const provenance = {
  spec: 'table1',
  file: 'experiments/table1.json',
  scale: 'smoke',
  sets: [],
  runId: 'r',
  git: { commit: '0123456789abcdef0123', dirty: true },
  node: 'v20.1.0',
  platform: 'linux-x64',
  backend: { backend: 'wasm', source: 'auto', tfjs: '4.22.0' },
  seeds: [1, 2],
  corpora: [{ seed: 1, planHash: 'p', manifestSha256: 'feedfacefeedface00', dir: 'd' }],
  attempts: [
    {
      started: '2026-01-01T00:00:00.000Z',
      finished: '2026-01-01T00:01:00.000Z',
      command: ['reproduce', 'table1'],
      git: { commit: '0123456789abcdef0123', dirty: true },
      jobs: 1,
      unitsRun: 3,
      unitsReused: 0,
    },
  ],
} as unknown as Provenance;

function run(cells: RunCell[], summary = false): RunData {
  return {
    resolved: {
      spec: 'table1',
      title: 'T',
      file: 'experiments/table1.json',
      scale: 'smoke',
      plan: 'abc',
      cells,
    },
    provenance,
    table1: cells.flatMap((c) => table1(c.id)),
    metrics: [],
    summary: summary ? summaryFixture([-10, 0, 2.5]) : null,
    roc: [],
    logs: [],
  };
}

const charts: ChartRef[] = [
  { name: 'fig3-roc', title: 'Fig. 3: ROC curves', caption: 'ROC <curves>' },
];

test('reportBlocks: spec, provenance, Table I per cell, charts, CIs', () => {
  const md = toMarkdown(reportBlocks(run([cell()], true), charts));
  for (const s of [
    '# Run report: table1 (smoke)',
    'seeds per cell: 1 (1, 2)',
    'git commit `0123456789ab` (with uncommitted changes)',
    'Node v20.1.0, linux-x64; TensorFlow.js backend wasm (auto), TensorFlow.js 4.22.0',
    'started 2026-01-01T00:00:00.000Z, finished 2026-01-01T00:01:00.000Z (1 attempt(s))',
    'manifest sha256 `feedfacefeedface`',
    '| PROP | -10 | 0.50 / 0.76 | 1.00 / 0.91 | 0.80 ± 0.05 / 0.82 | -0.02 |',
    '![ROC <curves>](charts/fig3-roc.png)',
    '## AUC over seeds and the paired test against PROP',
    '## 95% confidence intervals over seeds',
    '| AE | -10 | 2 | 0.60 [0.55, 0.65] | 0.70 [0.65, 0.75] | n/a [n/a, n/a] |',
  ]) {
    assert.ok(md.includes(s), `missing: ${s}`);
  }
  const grid = toMarkdown(
    reportBlocks(
      run([cell('c00', { 'train.featureDim': 4 }), cell('c01', { 'train.featureDim': 8 })]),
      [],
    ),
  );
  assert.ok(grid.includes('### Cell c01: train.featureDim=8'));
  assert.ok(grid.includes('| c01 | train.featureDim=8 |'));
  assert.equal(ciBlocks(run([cell()])).length, 0, 'no CI section for one seed');
});

test('toHtml: one self-contained page, text escaped, SVGs inlined', () => {
  const blocks = reportBlocks(run([cell()]), charts);
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="2" height="2"></svg>';
  const html = toHtml(blocks, 'report <x>', (n) => (n === 'fig3-roc' ? svg : undefined));
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.ok(html.includes('<title>report &lt;x&gt;</title>'));
  assert.ok(html.includes(`<figure>\n${svg}\n<figcaption>ROC &lt;curves&gt;</figcaption>`));
  assert.ok(html.includes('<td>0.50 / 0.76</td>'));
  assert.ok(html.includes('<code>table1</code>'));
  assert.doesNotMatch(
    html,
    /<script|<link|\ssrc=|href="http|url\(/,
    'nothing loaded from elsewhere',
  );
  assert.equal(escapeHtml(`a<b>&"'`), 'a&lt;b&gt;&amp;&quot;&#39;');
});

test('toMarkdown: pipes in table cells are escaped', () => {
  const md = toMarkdown([{ kind: 'table', header: ['a|b'], rows: [['c|d']] }]);
  assert.equal(md, '| a\\|b |\n| --- |\n| c\\|d |\n');
});
