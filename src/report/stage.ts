/**
 * `npasd report <run-dir>` and the runner's report stage: reads a finished run's files
 * (runFiles.ts, and Fig. 4's data that the score stage wrote, fig4.ts; nothing is retrained or
 * rescored, and no TensorFlow.js is loaded), builds the charts (charts.ts, training.ts),
 * renders each to charts/<name>.vl.json, .svg and .png (render.ts) and writes report.md and
 * report.html (report.ts). Charts written:
 *   fig3-roc            Fig. 3, ROC curves per SNR (a row per cell for grids)
 *   fig4-detection      Fig. 4, PROP's detection view of one anomalous test clip (fig4.ts)
 *   metrics-vs-snr      F1 and AUC vs SNR (one cell, more than one SNR)
 *   metrics-vs-<path>   F1 and AUC vs each grid path (a row per SNR; other paths dashed)
 *   auc-per-seed        AUC of each seed per method and SNR, mean marked (seeds > 1; seedChart.ts)
 *   training-curves     losses per epoch; PROP's J, batch TPR/FPR and sampler acceptance (when
 *                       some unit trains in epochs: logmel-gmm has none)
 */
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { MetricRow, SummaryRow } from '../evaluate/rows.ts';
import { metricVsChart, rocChart, trainingCurves } from './charts.ts';
import { planFig4 } from './fig4.ts';
import { removeStaleCharts, writeChart } from './render.ts';
import { writeReport, type ChartRef } from './report.ts';
import { readRun, type RunData } from './runFiles.ts';
import { aucPerSeedChart } from './seedChart.ts';
import { assignmentText } from './style.ts';

/** A chart to write: its report entry and its spec. */
interface PlannedChart extends ChartRef {
  spec: TopLevelSpec;
}

/** "train.featureDim" -> "train-featuredim": a setting path as part of a file name. */
const slug = (path: string): string =>
  path
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** The metrics/summary column of a grid path (a path named like a core column is "spec.<path>"). */
const columnOf = (rows: readonly object[], path: string): string =>
  rows.length > 0 && path in rows[0] && !['cell', 'method', 'seed', 'rule'].includes(path)
    ? path
    : `spec.${path}`;

/** Log x scale for positive numeric sweeps spanning a factor of 8 or more (D, rho). */
function xScaleOf(rows: readonly (MetricRow | SummaryRow)[], column: string): 'linear' | 'log' {
  const xs = rows.map((r) => r[column]);
  if (!xs.every((x) => typeof x === 'number' && x > 0)) return 'linear';
  const v = xs as number[];
  return Math.max(...v) / Math.min(...v) >= 8 ? 'log' : 'linear';
}

/** The charts of a run, in report order (pure). */
function planCharts(run: RunData): PlannedChart[] {
  const { cells } = run.resolved;
  const grid = cells.length > 1 || Object.keys(cells[0].assignments).length > 0;
  const cellLabels = Object.fromEntries(
    cells.map((c) => {
      const a = assignmentText(c.assignments);
      return [c.id, a ? `${c.id}: ${a}` : c.id];
    }),
  );
  const rule = cells[0].table1Rule;
  const rows: readonly (MetricRow | SummaryRow)[] = run.summary ?? run.metrics;
  const snrs = new Set(run.metrics.map((r) => r.snr_db));
  const charts: PlannedChart[] = [
    {
      name: 'fig3-roc',
      title: 'Fig. 3: ROC curves',
      caption:
        'ROC curves of AE, VAE and PROP per SNR, AUC in each legend' +
        (grid ? '; one row per cell.' : '.'),
      spec: rocChart(run.roc, run.metrics, {
        cellLabels,
        rho: Object.fromEntries(cells.map((c) => [c.id, c.rho])),
      }),
    },
  ];
  if (!grid && snrs.size > 1) {
    charts.push({
      name: 'metrics-vs-snr',
      title: 'F1 and AUC vs SNR',
      caption: `F1 (rule ${rule}) and AUC of each method against the SNR of the test clips.`,
      spec: metricVsChart(rows, { x: 'snr_db', metrics: ['f1', 'auc'], rule }),
    });
  }
  if (grid) {
    const paths = [...new Set(cells.flatMap((c) => Object.keys(c.assignments)))];
    for (const p of paths) {
      const x = columnOf(rows, p);
      const series = paths.filter((q) => q !== p).map((q) => columnOf(rows, q));
      charts.push({
        name: `metrics-vs-${slug(p)}`,
        title: `F1 and AUC vs ${p}`,
        caption:
          `F1 (rule ${rule}) and AUC of each method against ${p}, one row per SNR` +
          (series.length > 0 ? `; line style: ${series.join(', ')}.` : '.'),
        spec: metricVsChart(rows, {
          x,
          metrics: ['f1', 'auc'],
          rule,
          row: 'snr_db',
          series,
          xScale: xScaleOf(rows, x),
        }),
      });
    }
  }
  if (new Set(run.metrics.map((r) => r.seed)).size > 1) {
    charts.push({
      name: 'auc-per-seed',
      title: 'AUC per seed',
      caption:
        'AUC of each seed (points) and the mean over seeds (tick) per method, one panel per SNR' +
        (grid ? ' and a row per cell' : '') +
        '; * = not in the paper.',
      spec: aucPerSeedChart(run.metrics, { rule, cellLabels }),
    });
  }
  if (!run.logs.some((l) => l.epochs.length > 0)) return charts;
  charts.push({
    name: 'training-curves',
    title: 'Training curves',
    caption:
      'Per-epoch means of the training objective, reconstruction error and KL (log scale), and ' +
      "for PROP J, the NP step's batch TPR and FPR at phi_rho and the sampler's acceptance rate.",
    spec: trainingCurves(run.logs, { cellLabels }),
  });
  return charts;
}

export interface FiguresResult {
  /** Every chart file written: charts/<name>.vl.json, .svg and .png per chart. */
  charts: string[];
  /** report.html (self-contained); report.md sits beside it. */
  report: string;
  /** report.md. */
  markdown: string;
  /** Warnings of vega-lite and vega (none expected), prefixed with the chart name. */
  warnings: string[];
}

/**
 * Regenerates the charts and the report of a finished run directory from its files. Throws
 * (messages.ts figureMessages) when `runDir` is not a finished run, naming the missing file.
 */
export async function writeFigures(runDir: string): Promise<FiguresResult> {
  const run = readRun(runDir);
  const planned = planCharts(run);
  const warnings: string[] = [];
  // Fig. 4 reads the score stage's fig4.json: after Fig. 3, when the run has PROP.
  const fig4 = planFig4(runDir, run);
  if (fig4 && 'missing' in fig4) warnings.push(fig4.missing);
  else if (fig4) planned.splice(1, 0, fig4);
  const dir = join(runDir, 'charts');
  const files: string[] = [];
  const svgs = new Map<string, string>();
  for (const c of planned) {
    const w = await writeChart(dir, c.name, c.spec);
    files.push(...w.files);
    warnings.push(...w.warnings);
    svgs.set(c.name, w.svg);
  }
  removeStaleCharts(
    dir,
    planned.map((c) => c.name),
  );
  const refs = planned.map(({ name, title, caption }) => ({ name, title, caption }));
  const report = writeReport(runDir, run, refs, (n) => svgs.get(n));
  return { charts: files, report: report.html, markdown: report.markdown, warnings };
}
