/**
 * A metric against a swept value (pure): F1, AUC, ... of each method against the SNR or a grid
 * setting, from metrics.csv rows (one seed) or summary.csv rows (mean and 95% CI over seeds).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { MetricRow, SummaryRow } from '../evaluate/rows.ts';
import { CONFIG, METHOD_COLORS, SCHEMA, methodLabel, orderMethods, round } from './style.ts';

/** Metrics metricVsChart can draw (columns of metrics.csv; `<m>_mean` etc. in summary.csv). */
type ChartMetric = 'f1' | 'precision' | 'recall' | 'auc' | 'pauc_mcclish' | 'tpr_at_rho';

const METRIC_TITLE: Record<ChartMetric, string> = {
  f1: 'F1',
  precision: 'precision',
  recall: 'recall',
  auc: 'AUC',
  pauc_mcclish: 'pAUC (McClish)',
  tpr_at_rho: 'TPR at FPR = rho',
};

export interface MetricVsOptions {
  /** The column on the x axis: 'snr_db' or a setting column ('train.featureDim'). */
  x: string;
  metrics: readonly ChartMetric[];
  /** Threshold rule of the P/R/F1 values (AUC etc. do not depend on it); default 'oracle'. */
  rule?: string;
  /** A column whose values get one row of panels each (e.g. 'snr_db' for a grid). */
  row?: string;
  /** Columns that, besides the method, tell lines apart (dashed lines, e.g. the other grid path). */
  series?: readonly string[];
  /** x scale; default linear. */
  xScale?: 'linear' | 'log';
  /** Title; default "<metrics> vs <x>". */
  title?: string;
}

const isSummary = (r: MetricRow | SummaryRow): r is SummaryRow => 'n' in r && !('f1' in r);
const text = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));
const axisTitle = (c: string): string => (c === 'snr_db' ? 'SNR (dB)' : c);

/**
 * Each metric against a swept value, one line per method (and per `series` combination), one
 * panel per metric (and a row of panels per `row` value). From summary rows (summary.csv, seeds >
 * 1): the mean over seeds with its 95% CI as an error bar. From metrics rows: the value, or the
 * mean when several seeds share a point (no error bar: pass summary rows for those).
 */
export function metricVsChart(
  rows: readonly (MetricRow | SummaryRow)[],
  opts: MetricVsOptions,
): TopLevelSpec {
  const rule = opts.rule ?? 'oracle';
  const chosen = rows.filter((r) => r.rule === rule);
  const methods = orderMethods(chosen.map((r) => r.method));
  const numericX = chosen.every((r) => typeof r[opts.x] === 'number');
  const series = opts.series ?? [];
  type Point = { sum: number; n: number; lo?: number; hi?: number; base: Record<string, unknown> };
  const points = new Map<string, Point>();
  for (const r of chosen) {
    const seriesText = series.map((c) => `${c}=${text(r[c])}`).join(', ');
    const row = opts.row === undefined ? '' : r[opts.row];
    for (const m of opts.metrics) {
      const base = {
        metric: METRIC_TITLE[m],
        method: methodLabel(r.method),
        rank: methods.indexOf(r.method),
        series: seriesText,
        row: opts.row === 'snr_db' ? `${String(row)} dB` : text(row),
        x: numericX ? r[opts.x] : text(r[opts.x]),
      };
      const key = JSON.stringify(base);
      const p: Point = points.get(key) ?? { sum: 0, n: 0, base };
      if (isSummary(r)) {
        p.sum += Number(r[`${m}_mean`]);
        p.lo = Number(r[`${m}_ci_low`]);
        p.hi = Number(r[`${m}_ci_high`]);
      } else {
        p.sum += Number(r[m]);
      }
      p.n += 1;
      points.set(key, p);
    }
  }
  const values = [...points.values()].map((p) => {
    const v: Record<string, unknown> = { ...p.base, value: round(p.sum / p.n, 6) };
    if (p.n === 1 && Number.isFinite(p.lo) && Number.isFinite(p.hi)) {
      Object.assign(v, { lo: round(p.lo as number, 6), hi: round(p.hi as number, 6) });
    }
    return v;
  });
  const withCi = values.some((v) => 'lo' in v);
  const xs = [...new Set(values.map((v) => v.x))].sort((a, b) => Number(a) - Number(b));

  const x = {
    field: 'x',
    type: numericX ? ('quantitative' as const) : ('ordinal' as const),
    title: axisTitle(opts.x),
    ...(numericX
      ? {
          scale:
            opts.xScale === 'log'
              ? { type: 'log', nice: false }
              : { type: 'linear', zero: false, nice: false },
          // Ticks at the swept values themselves (SNRs, D, rho), when they are few enough.
          ...(xs.length <= 13 ? { axis: { values: xs } } : {}),
        }
      : {}),
  };
  const color = {
    field: 'method',
    type: 'nominal' as const,
    sort: methods.map(methodLabel),
    scale: {
      domain: methods.map(methodLabel),
      range: methods.map((_, i) => METHOD_COLORS[i % METHOD_COLORS.length]),
    },
    title: 'method',
  };
  const detail = series.length > 0 ? { strokeDash: { field: 'series', type: 'nominal' } } : {};
  const layer: unknown[] = [
    {
      mark: { type: 'line', point: true, strokeWidth: 1.5 },
      encoding: {
        x,
        y: { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: null },
        color,
        ...detail,
        ...(series.length > 0 ? { shape: { field: 'series', type: 'nominal', title: null } } : {}),
      },
    },
  ];
  if (withCi) {
    layer.push({
      transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
      // Bars beyond [0, 1] (few seeds: t(0.975, 1) = 12.7) are clipped at the panel's edge.
      mark: { type: 'errorbar', ticks: true, clip: true },
      encoding: {
        x,
        y: { field: 'lo', type: 'quantitative', title: null },
        y2: { field: 'hi' },
        color,
        ...(series.length > 0 ? { detail: { field: 'series', type: 'nominal' } } : {}),
      },
    });
  }
  const metricFacet = {
    field: 'metric',
    type: 'nominal' as const,
    sort: opts.metrics.map((m) => METRIC_TITLE[m]),
    title: null,
  };
  const title =
    opts.title ??
    `${opts.metrics.map((m) => METRIC_TITLE[m]).join(' and ')} vs ${axisTitle(opts.x)}`;
  const note = withCi ? 'mean over seeds, bars: 95% CI of the mean' : 'one seed';
  return {
    $schema: SCHEMA,
    title: { text: title, subtitle: `threshold rule for P/R/F1: ${rule}; ${note}` },
    config: CONFIG,
    data: { values },
    facet:
      opts.row === undefined
        ? { column: metricFacet }
        : {
            column: metricFacet,
            row: { field: 'row', type: 'ordinal', title: axisTitle(opts.row), sort: null },
          },
    spec: { width: 220, height: 160, layer },
  } as TopLevelSpec;
}
