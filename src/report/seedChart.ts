/**
 * AUC per seed per method (pure, from metrics.csv rows): one panel per SNR (and a row of panels
 * per cell for grids), a point per seed beside each method and a tick at the mean over seeds, so
 * the seed spread can be read against the gaps between methods; a dashed line at chance (0.5).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { MetricRow } from '../evaluate/rows.ts';
import {
  CELL_HEADER,
  CONFIG,
  METHOD_COLORS,
  SCHEMA,
  methodLabel,
  orderMethods,
  round,
} from './style.ts';

export interface SeedChartOptions {
  /** Rows of this rule are used (AUC does not depend on the rule; each unit has one per rule). */
  rule?: string;
  /** Cell id -> row label; more than one cell gives a row of panels per cell. */
  cellLabels?: Record<string, string>;
}

/** The chart: points per seed (`kind` "seed"), ticks at the means (`kind` "mean"). */
export function aucPerSeedChart(
  metrics: readonly MetricRow[],
  opts: SeedChartOptions = {},
): TopLevelSpec {
  const rule = opts.rule ?? 'oracle';
  const rows = metrics.filter((r) => r.rule === rule);
  const methods = orderMethods(rows.map((r) => r.method));
  const cells = [...new Set(rows.map((r) => r.cell))];
  const snrs = [...new Set(rows.map((r) => r.snr_db))].sort((a, b) => a - b);
  const cellLabel = (c: string): string => opts.cellLabels?.[c] ?? c;
  const snrLabel = (s: number): string => `${s} dB`;
  const values: Record<string, unknown>[] = [];
  const sums = new Map<string, { base: Record<string, unknown>; sum: number; n: number }>();
  for (const r of rows) {
    const base = {
      cell: cellLabel(r.cell),
      snr: snrLabel(r.snr_db),
      method: methodLabel(r.method),
    };
    values.push({ ...base, kind: 'seed', seed: r.seed, auc: round(r.auc, 6) });
    const key = JSON.stringify(base);
    const s = sums.get(key) ?? { base, sum: 0, n: 0 };
    s.sum += r.auc;
    s.n += 1;
    sums.set(key, s);
  }
  for (const s of sums.values())
    values.push({ ...s.base, kind: 'mean', seeds: s.n, auc: round(s.sum / s.n, 6) });
  const seeds = new Set(rows.map((r) => r.seed)).size;
  const labels = methods.map(methodLabel);
  const x = {
    field: 'method',
    type: 'nominal' as const,
    sort: labels,
    title: null,
    axis: { labelAngle: -30 },
  };
  const color = {
    field: 'method',
    type: 'nominal' as const,
    sort: labels,
    scale: {
      domain: labels,
      range: methods.map((_, i) => METHOD_COLORS[i % METHOD_COLORS.length]),
    },
    legend: null,
  };
  const y = { field: 'auc', type: 'quantitative' as const, title: 'AUC', scale: { zero: false } };
  const layer = [
    {
      // Chance (AUC 0.5): one rule per panel, from a one-row aggregate of the panel's means.
      transform: [{ filter: "datum.kind === 'mean'" }, { aggregate: [{ op: 'count', as: 'n' }] }],
      mark: { type: 'rule', strokeDash: [4, 4], color: '#999' },
      encoding: { y: { datum: 0.5 } },
    },
    {
      transform: [{ filter: "datum.kind === 'seed'" }],
      mark: { type: 'point', filled: true, size: 40, opacity: 0.8 },
      encoding: {
        x,
        xOffset: { field: 'seed', type: 'nominal' },
        y,
        color,
        tooltip: [{ field: 'method' }, { field: 'seed' }, { field: 'auc', format: '.3f' }],
      },
    },
    {
      transform: [{ filter: "datum.kind === 'mean'" }],
      mark: { type: 'tick', thickness: 2, bandSize: 24 },
      encoding: {
        x,
        y,
        color: { ...color },
        tooltip: [{ field: 'method' }, { field: 'auc', format: '.3f' }],
      },
    },
  ];
  const column = { field: 'snr', type: 'ordinal' as const, sort: snrs.map(snrLabel), title: 'SNR' };
  return {
    $schema: SCHEMA,
    title: {
      text: 'AUC per seed',
      subtitle: `${seeds} seed(s): a point per seed, the tick at the mean over seeds; dashed: chance`,
    },
    config: CONFIG,
    data: { values },
    facet:
      cells.length > 1
        ? {
            column,
            row: {
              field: 'cell',
              type: 'ordinal',
              sort: cells.map(cellLabel),
              title: null,
              header: CELL_HEADER,
            },
          }
        : { column },
    spec: { width: Math.max(120, 36 * methods.length), height: 180, layer },
    resolve: { scale: { y: 'shared' } },
  } as TopLevelSpec;
}
