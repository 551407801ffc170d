/**
 * Chart builders: each spec compiles with vega-lite and renders with vega without a warning, and
 * draws the expected number of series for a small fixed input; the same rows give the same spec.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TopLevelSpec } from 'vega-lite';
import { metricVsChart, rocChart, thinCurve } from '../../src/report/charts.ts';
import { renderSvg } from '../../src/report/render.ts';
import { trainingCurves } from '../../src/report/training.ts';
import type { UnitLog } from '../../src/report/runFiles.ts';
import { METHODS, drawn, epochLog, metricFixture, rocFixture, summaryFixture } from './helpers.ts';

async function noWarnings(spec: TopLevelSpec, name: string): Promise<string> {
  const r = await renderSvg(spec, name);
  assert.deepEqual(r.warnings, [], `${name}: warnings`);
  assert.match(r.svg, /^<svg /);
  return r.svg;
}

const dataOf = (spec: TopLevelSpec): Record<string, unknown>[] =>
  (spec as unknown as { data: { values: Record<string, unknown>[] } }).data.values;

test('rocChart: a panel per SNR with 3 ROC curves and the chance line, AUC in the legend', async () => {
  const spec = rocChart(rocFixture(), metricFixture());
  await noWarnings(spec, 'roc');
  const lines = await drawn(spec, 'line');
  assert.equal(lines.marks, 2 * (3 + 1), '2 SNR panels x (3 methods + chance)');
  // Seed 1 is drawn; AUC = 0.7 + 0.1 * method index + 0.01 * seed.
  for (const label of ['AE (AUC 0.71)', 'VAE (AUC 0.81)', 'PROP (AUC 0.91)']) {
    assert.ok(lines.texts.includes(label), `legend label ${label} in ${lines.texts.join('|')}`);
  }
  assert.ok(lines.texts.includes('-10 dB') && lines.texts.includes('5 dB'));
  assert.match(JSON.stringify(spec), /seed 1 of seeds 1, 2/);
  assert.equal(JSON.stringify(rocChart(rocFixture(), metricFixture())), JSON.stringify(spec));
  // Another seed on request.
  const s2 = rocChart(rocFixture(), metricFixture(), { seed: 2 });
  assert.ok(dataOf(s2).some((v) => v.label === 'PROP (AUC 0.92)'));
});

test('rocChart: a dotted rule at FPR = rho in every panel, labelled, when rho is given', async () => {
  const plain = rocChart(rocFixture(), metricFixture());
  assert.equal(dataOf(plain).filter((v) => v.kind === 'rho').length, 0);
  const spec = rocChart(rocFixture(), metricFixture(), { rho: { main: 0.05 } });
  await noWarnings(spec, 'roc-rho');
  const marks = dataOf(spec).filter((v) => v.kind === 'rho');
  assert.deepEqual(
    marks.map((v) => [v.snr, v.fpr, v.text]),
    [
      [-10, 0.05, 'ρ = 0.05'],
      [5, 0.05, 'ρ = 0.05'],
    ],
  );
  const rules = await drawn(spec, 'rule');
  assert.equal(rules.marks, 2, 'one rule per SNR panel');
  assert.match(JSON.stringify(spec), /dotted: FPR = ρ/);
});

test('rocChart: grids get a row of panels per cell, labelled with the assignments', async () => {
  const cells = ['c00', 'c01'];
  const spec = rocChart(rocFixture(cells, [1]), metricFixture(cells, [1]), {
    cellLabels: { c00: 'c00: train.featureDim=4', c01: 'c01: train.featureDim=8' },
  });
  await noWarnings(spec, 'roc-grid');
  const lines = await drawn(spec, 'line');
  assert.equal(lines.marks, 2 * 2 * 4, '2 cells x 2 SNRs x (3 + chance)');
  assert.ok(lines.texts.some((t) => t.includes('train.featureDim=8')));
});

test('thinCurve drops the middle points of straight vertical and horizontal runs only', () => {
  const pts: [number, number][] = [
    [0, 0],
    [0, 0.25],
    [0, 0.5],
    [0.25, 0.5],
    [0.5, 0.5],
    [0.75, 0.75],
    [1, 1],
  ];
  assert.deepEqual(thinCurve(pts), [
    [0, 0],
    [0, 0.5],
    [0.5, 0.5],
    [0.75, 0.75],
    [1, 1],
  ]);
  assert.deepEqual(thinCurve([[0, 0]]), [[0, 0]]);
});

test('metricVsChart from metrics rows: a line per method in each metric panel, no error bars', async () => {
  const snrs = [-10, -5, 0, 5];
  const spec = metricVsChart(metricFixture(['main'], [1], snrs), {
    x: 'snr_db',
    metrics: ['f1', 'auc'],
  });
  await noWarnings(spec, 'vs');
  assert.equal((await drawn(spec, 'line')).marks, 2 * 3, '2 metric panels x 3 methods');
  assert.equal((await drawn(spec, 'symbol')).items, 2 * 3 * snrs.length, 'a point per value');
  assert.equal((await drawn(spec, 'rule')).items, 0);
  const prop5 = dataOf(spec).find((v) => v.method === 'PROP' && v.metric === 'F1' && v.x === 5);
  assert.equal(prop5?.value, 0.85);
  // Several seeds without a summary: the mean (auc 0.71 and 0.72 for AE).
  const two = metricVsChart(metricFixture(), { x: 'snr_db', metrics: ['auc'] });
  assert.equal(dataOf(two).find((v) => v.method === 'AE')?.value, 0.715);
});

test('metricVsChart from summary rows: error bars of the 95% CI', async () => {
  const snrs = [-10, -5, 0, 5];
  const spec = metricVsChart(summaryFixture(snrs), { x: 'snr_db', metrics: ['f1', 'auc'] });
  await noWarnings(spec, 'vs-ci');
  assert.equal((await drawn(spec, 'line')).marks, 2 * 3);
  assert.equal((await drawn(spec, 'rule')).items, 2 * 3 * snrs.length, 'an error bar per point');
  const ae = dataOf(spec).find((v) => v.method === 'AE' && v.metric === 'F1');
  assert.deepEqual([ae?.lo, ae?.value, ae?.hi], [0.55, 0.6, 0.65]);
});

test('metricVsChart for a grid: a row of panels per SNR, dashed series per other path', async () => {
  const rows = [4, 8].flatMap((d) =>
    [0.05, 0.1].flatMap((rho) =>
      metricFixture([`d${d}r${rho}`], [1]).map((r) => ({
        ...r,
        'train.featureDim': d,
        'prop.rho': rho,
      })),
    ),
  );
  const spec = metricVsChart(rows, {
    x: 'train.featureDim',
    metrics: ['f1', 'auc'],
    row: 'snr_db',
    series: ['prop.rho'],
    xScale: 'log',
  });
  await noWarnings(spec, 'vs-grid');
  assert.equal((await drawn(spec, 'line')).marks, 2 * 2 * 3 * 2, 'SNRs x metrics x methods x rho');
});

const units = (cells: string[]): UnitLog[] =>
  cells.flatMap((cell) =>
    METHODS.map((method) => ({
      cell,
      method,
      seed: 1,
      epochs: [1, 2, 3].map((e) => epochLog(method, e)),
    })),
  );

test('trainingCurves: losses per method, and PROP J / batch TPR / FPR / acceptance', async () => {
  const spec = trainingCurves(units(['main']));
  await noWarnings(spec, 'training');
  // AE: reconstruction + objective; VAE and PROP: + KL; then PROP's 4 diagnostics.
  assert.equal((await drawn(spec, 'line')).marks, 2 + 3 + 3 + 4);
  // The objective has a row of panels of its own: the reconstruction cannot hide under it.
  const rows = (spec as { vconcat: { data: { values: { quantity: string }[] } }[] }).vconcat;
  const quantities = rows.map((r) => [...new Set(r.data.values.map((v) => v.quantity))].sort());
  assert.deepEqual(quantities.slice(0, 2), [['objective'], ['KL', 'reconstruction']]);
  assert.equal((await drawn(spec, 'symbol')).items, (2 + 3 + 3 + 4) * 3, 'a point per epoch');
  assert.doesNotMatch(JSON.stringify(spec), /seconds/, 'wall-clock times are left out');
  const noProp = trainingCurves(units(['main']).filter((u) => u.method !== 'prop'));
  await noWarnings(noProp, 'training-no-prop');
  assert.equal((await drawn(noProp, 'line')).marks, 2 + 3);
});

test('trainingCurves for a grid: a row per cell', async () => {
  const spec = trainingCurves(units(['c00', 'c01']), { cellLabels: { c00: 'c00: x=1' } });
  await noWarnings(spec, 'training-grid');
  assert.equal((await drawn(spec, 'line')).marks, 2 * (2 + 3 + 3 + 4));
});
