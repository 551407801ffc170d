import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TopLevelSpec } from 'vega-lite';
import { renderSvg } from '../../src/report/render.ts';
import { aucPerSeedChart } from '../../src/report/seedChart.ts';
import { drawn, metricFixture } from './helpers.ts';

async function noWarnings(spec: TopLevelSpec, name: string): Promise<string> {
  const r = await renderSvg(spec, name);
  assert.deepEqual(r.warnings, [], `${name}: warnings`);
  assert.match(r.svg, /^<svg /);
  return r.svg;
}

const dataOf = (spec: TopLevelSpec): Record<string, unknown>[] =>
  (spec as unknown as { data: { values: Record<string, unknown>[] } }).data.values;

test('aucPerSeedChart: a panel per SNR, a point per seed and method, a tick at each mean', async () => {
  // 3 methods x 3 seeds x 2 SNRs; auc = 0.7 + 0.1 * method index + 0.01 * seed.
  const spec = aucPerSeedChart(metricFixture(['main'], [1, 2, 3]));
  const svg = await noWarnings(spec, 'auc-per-seed');
  const points = await drawn(spec, 'symbol');
  assert.equal(points.marks, 2, 'one point mark per SNR panel');
  assert.equal(points.items, 3 * 3 * 2, 'a point per (method, seed, SNR): the oracle rows only');
  const ticks = await drawn(spec, 'rect');
  assert.equal(ticks.items, 3 * 2, 'a mean tick per (method, SNR)');
  assert.ok(points.texts.includes('-10 dB') && points.texts.includes('5 dB'), 'panel headers');
  for (const label of ['AE', 'VAE', 'PROP']) assert.ok(points.texts.includes(label));
  assert.match(svg, /AUC per seed/);
  assert.equal((await drawn(spec, 'rule')).items, 2, 'one chance line per panel');
  const means = dataOf(spec).filter((v) => v.kind === 'mean');
  assert.deepEqual(
    means.filter((v) => v.snr === '5 dB').map((v) => [v.method, v.auc, v.seeds]),
    [
      ['AE', 0.72, 3],
      ['VAE', 0.82, 3],
      ['PROP', 0.92, 3],
    ],
  );
  const seeds = dataOf(spec).filter((v) => v.kind === 'seed' && v.method === 'PROP');
  assert.deepEqual(
    seeds.filter((v) => v.snr === '-10 dB').map((v) => [v.seed, v.auc]),
    [
      [1, 0.91],
      [2, 0.92],
      [3, 0.93],
    ],
  );
});

test('aucPerSeedChart: reference methods carry the not-in-paper mark; grids get a row per cell', async () => {
  const rows = metricFixture(['c00', 'c01'], [1, 2], [0]);
  rows.push({ ...rows[0], method: 'logmel-gmm', auc: 0.6 });
  const spec = aucPerSeedChart(rows, { cellLabels: { c00: 'c00: a=1', c01: 'c01: a=2' } });
  await noWarnings(spec, 'auc-per-seed-grid');
  const points = await drawn(spec, 'symbol');
  assert.equal(points.marks, 2, 'one panel per cell at the one SNR');
  assert.equal(points.items, 2 * 3 * 2 + 1);
  assert.ok(points.texts.includes('LOGMEL-GMM*'));
  assert.ok(
    points.texts.some((t) => t.includes('a=2')),
    points.texts.join('|'),
  );
  assert.equal((await drawn(spec, 'rect')).items, 2 * 3 + 1);
});
