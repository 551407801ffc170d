/**
 * Chart builders (pure): result rows in, a Vega-Lite spec out; the same rows give the same spec
 * (JSON.stringify equal). Fig. 3 (ROC curves per SNR) is here; a metric against a swept value
 * (metricVs.ts) and the training curves (training.ts) are re-exported. Rendering is render.ts's.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { MetricRow, RocRow } from '../evaluate/rows.ts';
import {
  CELL_HEADER,
  CONFIG,
  METHOD_COLORS,
  SCHEMA,
  methodLabel,
  orderMethods,
  round,
} from './style.ts';

export { metricVsChart } from './metricVs.ts';
export { trainingCurves } from './training.ts';

/** Side of one ROC panel, px. */
const PANEL = 180;
/** ROC panels per line when there is one cell (the SNR sweep has 13 SNRs). */
const WRAP = 4;

export interface RocChartOptions {
  /** The seed to plot; default the smallest seed of each cell. */
  seed?: number;
  /** Row header of each cell (default the cell id); used when there is more than one cell. */
  cellLabels?: Record<string, string>;
  /** PROP's rho per cell id: a dotted rule at FPR = rho in each panel (none when absent). */
  rho?: Record<string, number>;
}

/** The AUC of (cell, method, seed, SNR) from metrics rows (any rule: auc is the same on all). */
function aucOf(metrics: readonly MetricRow[]): (r: RocRow) => number | undefined {
  const byKey = new Map<string, number>();
  for (const m of metrics) {
    const key = JSON.stringify([m.cell, m.method, m.seed, m.snr_db]);
    if (!byKey.has(key)) byKey.set(key, m.auc);
  }
  return (r) => byKey.get(JSON.stringify([r.cell, r.method, r.seed, r.snr_db]));
}

/**
 * The points of a polyline without those in the middle of a straight vertical or horizontal run
 * (the steps of an ROC curve): the drawn line is the same.
 */
export function thinCurve(points: readonly [number, number][]): [number, number][] {
  return points.filter((p, i) => {
    if (i === 0 || i === points.length - 1) return true;
    const [a, b] = [points[i - 1], points[i + 1]];
    const sameX = a[0] === p[0] && p[0] === b[0];
    const sameY = a[1] === p[1] && p[1] === b[1];
    return !(sameX || sameY);
  });
}

/**
 * Fig. 3: ROC curves (TPR against FPR) of the methods, one panel per SNR (and one row of panels
 * per cell when there are several), a dashed chance diagonal, and in each panel's legend the
 * method with its AUC ("PROP (AUC 0.94)"). With several seeds one seed is drawn (ROC curves of
 * different detectors are not pooled: their scores are on different scales); the subtitle says
 * which. Coordinates are rounded to 4 decimals for drawing and points inside straight
 * vertical or horizontal runs are dropped (thinCurve).
 */
export function rocChart(
  roc: readonly RocRow[],
  metrics: readonly MetricRow[],
  opts: RocChartOptions = {},
): TopLevelSpec {
  const cells = [...new Set(roc.map((r) => r.cell))].sort();
  const seedOf = new Map(
    cells.map((c) => {
      const seeds = roc.filter((r) => r.cell === c).map((r) => r.seed);
      return [c, opts.seed ?? Math.min(...seeds)] as const;
    }),
  );
  const allSeeds = [...new Set(roc.map((r) => r.seed))].sort((a, b) => a - b);
  const methods = orderMethods(roc.map((r) => r.method));
  const auc = aucOf(metrics);
  const many = cells.length > 1;
  const cellLabel = (c: string): string => opts.cellLabels?.[c] ?? c;

  // One curve per (cell, method, SNR) of the plotted seed, points in file order.
  const curves = new Map<string, RocRow[]>();
  for (const r of roc) {
    if (r.seed !== seedOf.get(r.cell)) continue;
    const key = JSON.stringify([r.cell, r.method, r.snr_db]);
    curves.set(key, [...(curves.get(key) ?? []), r]);
  }
  const values: Record<string, string | number>[] = [];
  const panels = new Set<string>();
  for (const points of curves.values()) {
    const r = points[0];
    const a = auc(r);
    const label = `${methodLabel(r.method)}${a === undefined ? '' : ` (AUC ${a.toFixed(2)})`}`;
    const cell = cellLabel(r.cell);
    const rank = methods.indexOf(r.method);
    thinCurve(points.map((p) => [round(p.fpr), round(p.tpr)])).forEach(([fpr, tpr], i) => {
      values.push({ kind: 'roc', cell, snr: r.snr_db, rank, label, i, fpr, tpr });
    });
    panels.add(JSON.stringify([cell, r.snr_db]));
  }
  for (const p of panels) {
    const [cell, snr] = JSON.parse(p) as [string, number];
    for (const x of [0, 1]) values.push({ kind: 'chance', cell, snr, fpr: x, tpr: x });
  }
  const rhoOf = new Map(cells.map((c) => [cellLabel(c), opts.rho?.[c]]));
  for (const p of panels) {
    const [cell, snr] = JSON.parse(p) as [string, number];
    const rho = rhoOf.get(cell);
    if (rho !== undefined)
      values.push({ kind: 'rho', cell, snr, fpr: round(rho), text: `ρ = ${rho}` });
  }
  const marked = [...rhoOf.values()].some((r) => r !== undefined);

  const axis = (title: string) => ({ title, tickCount: 5, grid: true });
  const snrFacet = {
    field: 'snr',
    type: 'ordinal' as const,
    sort: 'ascending' as const,
    title: null,
    header: { labelExpr: "datum.value + ' dB'" },
  };
  const spec = {
    width: PANEL,
    height: PANEL,
    layer: [
      {
        transform: [{ filter: "datum.kind === 'chance'" }],
        mark: { type: 'line' as const, color: '#999999', strokeDash: [4, 4], strokeWidth: 1 },
        encoding: {
          x: { field: 'fpr', type: 'quantitative' as const },
          y: { field: 'tpr', type: 'quantitative' as const },
        },
      },
      {
        transform: [{ filter: "datum.kind === 'rho'" }],
        mark: { type: 'rule' as const, color: '#444444', strokeDash: [1, 2], strokeWidth: 1 },
        encoding: { x: { field: 'fpr', type: 'quantitative' as const } },
      },
      {
        transform: [{ filter: "datum.kind === 'rho'" }],
        mark: { type: 'text' as const, align: 'left' as const, dx: 3, y: PANEL - 8, fontSize: 9 },
        encoding: { x: { field: 'fpr', type: 'quantitative' as const }, text: { field: 'text' } },
      },
      {
        transform: [{ filter: "datum.kind === 'roc'" }],
        mark: { type: 'line' as const, strokeWidth: 1.5 },
        encoding: {
          x: {
            field: 'fpr',
            type: 'quantitative' as const,
            scale: { domain: [0, 1] },
            axis: axis('FPR'),
          },
          y: {
            field: 'tpr',
            type: 'quantitative' as const,
            scale: { domain: [0, 1] },
            axis: axis('TPR'),
          },
          // Points in curve order (i); sorting by FPR alone would leave vertical steps' order open.
          order: { field: 'i', type: 'quantitative' as const },
          color: {
            field: 'label',
            type: 'nominal' as const,
            sort: { field: 'rank', op: 'min' as const },
            // Each panel's domain lists its methods in METHOD_ORDER, so colours follow methods.
            scale: { range: methods.map((m, i) => METHOD_COLORS[i % METHOD_COLORS.length]) },
            legend: { title: null, orient: 'top' as const, direction: 'vertical' as const },
          },
        },
      },
    ],
  };
  const seedNote =
    allSeeds.length > 1
      ? `seed ${[...new Set(seedOf.values())].join(', ')} of seeds ${allSeeds.join(', ')} (ROC curves of different seeds are not pooled)`
      : `seed ${allSeeds[0]}`;
  return {
    $schema: SCHEMA,
    title: {
      text: 'Fig. 3: ROC curves per SNR (dashed: chance)',
      subtitle: `${methods.map(methodLabel).join(', ')}; ${seedNote}; AUC in the legend${marked ? '; dotted: FPR = ρ, the operating point PROP is trained for' : ''}`,
    },
    config: CONFIG,
    data: { values },
    facet: many
      ? {
          row: {
            field: 'cell',
            type: 'nominal',
            title: null,
            sort: 'ascending',
            header: CELL_HEADER,
          },
          column: snrFacet,
        }
      : snrFacet,
    ...(many ? {} : { columns: WRAP }),
    spec,
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  } as TopLevelSpec;
}
