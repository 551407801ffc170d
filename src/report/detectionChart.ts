/**
 * Fig. 4's chart builder (pure): a DetectionView (detection.ts) in, a Vega-Lite spec out, the
 * same view giving the same spec. Four panels stacked on one time axis (seconds): (a) the
 * waveform as a min/max band, (b) the log-mel spectrogram and (c) the features F(x) as
 * heatmaps, (d) the frame scores with the threshold (dashed rule) and the true anomaly interval
 * shaded.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { DetectionView, Heatmap } from './detection.ts';
import { CONFIG, METHOD_COLORS, SCHEMA, round } from './style.ts';

/** Panel width, px (the waveform is drawn in up to 1000 columns: about one per pixel at 2x). */
const WIDTH = 720;
/** Anomaly shading and threshold colour (PROP's red). */
const ANOMALY = METHOD_COLORS[2];

export interface DetectionChartOptions {
  /** Title; default "Fig. 4: detection view". */
  title?: string;
  /** Subtitle, e.g. the clip, the SNR and the detector. */
  subtitle?: string;
}

/** Rows of a heatmap for rect marks: column edges t0/t1 (s), row r .. r + 1, value v. */
function heatRows(h: Heatmap, digits: number): Record<string, number>[] {
  const out: Record<string, number>[] = [];
  h.t0.forEach((t0, j) => {
    for (let r = 0; r < h.rows; r++) {
      const v = round(h.values[j * h.rows + r], digits);
      out.push({ t0: round(t0), t1: round(h.t1[j]), r, r1: r + 1, v });
    }
  });
  return out;
}

/**
 * Each row standardised over the columns shown ((v - mean) / std; a constant row becomes 0), so
 * panel (c) shows how each feature changes over time rather than the dimensions' fixed offsets,
 * which otherwise fill the colour scale (Fig. 4 (c) of the paper shows changes over time).
 */
export function standardizeRows(h: Heatmap): Heatmap {
  const n = h.t0.length;
  const values = new Float32Array(h.values.length);
  for (let r = 0; r < h.rows; r++) {
    let sum = 0;
    let sq = 0;
    for (let j = 0; j < n; j++) sum += h.values[j * h.rows + r];
    const mean = sum / Math.max(1, n);
    for (let j = 0; j < n; j++) sq += (h.values[j * h.rows + r] - mean) ** 2;
    const std = Math.sqrt(sq / Math.max(1, n));
    for (let j = 0; j < n; j++) {
      values[j * h.rows + r] = std > 1e-12 ? (h.values[j * h.rows + r] - mean) / std : 0;
    }
  }
  return { ...h, values };
}

/** The shared time axis: same domain on every panel, tick labels everywhere, title at the bottom. */
const timeX = (field: string, domain: number[], title: string | null) => ({
  field,
  type: 'quantitative' as const,
  scale: { domain, nice: false, zero: false },
  axis: { title, grid: false },
});

/** `440 Hz`, `1.2 kHz`. */
export const hzLabel = (hz: number): string =>
  hz < 1000 ? `${Math.round(hz)} Hz` : `${(hz / 1000).toFixed(1)} kHz`;

/**
 * A y axis of band rows labelled with their centre frequencies: about five ticks at band
 * centres (row + 0.5), each labelled in Hz or kHz. Rows stay evenly spaced (the mel scale).
 */
export function hzAxis(centersHz: readonly number[], title: string) {
  const n = centersHz.length;
  const rows = [
    ...new Set(
      Array.from({ length: Math.min(5, n) }, (_, i) =>
        Math.round((i * (n - 1)) / Math.max(1, Math.min(5, n) - 1)),
      ),
    ),
  ];
  const values = rows.map((r) => r + 0.5);
  const labelExpr = rows.reduceRight(
    (rest, r) => `datum.value === ${r + 0.5} ? '${hzLabel(centersHz[r])}' : ${rest}`,
    "''",
  );
  return { title, grid: false, values, labelExpr };
}

function heatPanel(
  h: Heatmap,
  domain: number[],
  yTitle: string,
  legend: string,
  scheme: string,
  centersHz?: readonly number[],
) {
  const axis =
    centersHz && centersHz.length === h.rows
      ? hzAxis(centersHz, yTitle.replace('mel band', 'frequency (mel-spaced)'))
      : { title: yTitle, grid: false, tickMinStep: 1 };
  return {
    width: WIDTH,
    height: Math.min(160, Math.max(60, h.rows * 12)),
    data: { values: heatRows(h, 3) },
    mark: { type: 'rect' as const },
    encoding: {
      x: timeX('t0', domain, null),
      x2: { field: 't1' },
      y: {
        field: 'r',
        type: 'quantitative' as const,
        scale: { domain: [0, h.rows], nice: false, zero: true },
        axis,
      },
      y2: { field: 'r1' },
      color: {
        field: 'v',
        type: 'quantitative' as const,
        scale: { scheme },
        legend: { title: legend, orient: 'right' as const, gradientLength: 60 },
      },
    },
  };
}

/** Fig. 4 as a Vega-Lite spec (vconcat of the four panels, x scale shared). */
export function detectionChart(
  view: DetectionView,
  opts: DetectionChartOptions = {},
): TopLevelSpec {
  const domain = [0, round(view.durationSec)];
  const wave = {
    width: WIDTH,
    height: 80,
    data: {
      values: view.waveform.map((c) => ({
        t: round((c.t0 + c.t1) / 2),
        lo: round(c.min, 5),
        hi: round(c.max, 5),
      })),
    },
    mark: { type: 'area' as const, color: '#1f77b4', opacity: 0.9 },
    encoding: {
      x: timeX('t', domain, null),
      y: { field: 'lo', type: 'quantitative' as const, axis: { title: '(a) amplitude' } },
      y2: { field: 'hi' },
    },
  };
  const thresholdText = `${view.thresholdLabel} = ${view.threshold.toFixed(2)} nats`;
  const layers: object[] = [];
  if (view.anomaly) {
    layers.push({
      data: { values: [{ start: round(view.anomaly.start), end: round(view.anomaly.end) }] },
      mark: { type: 'rect' as const, color: ANOMALY, opacity: 0.15 },
      encoding: { x: timeX('start', domain, 'time (s)'), x2: { field: 'end' } },
    });
  }
  layers.push(
    {
      data: {
        values: view.scores.time.map((t, i) => ({
          t: round(t),
          score: round(view.scores.value[i]),
        })),
      },
      mark: { type: 'line' as const, color: '#333333', strokeWidth: 1.2 },
      encoding: {
        x: timeX('t', domain, 'time (s)'),
        y: {
          field: 'score',
          type: 'quantitative' as const,
          scale: { zero: false },
          axis: { title: '(d) score L (nats)' },
        },
      },
    },
    {
      data: { values: [{ y: round(view.threshold), label: thresholdText }] },
      mark: { type: 'rule' as const, color: ANOMALY, strokeDash: [5, 4], strokeWidth: 1.5 },
      encoding: { y: { field: 'y', type: 'quantitative' as const } },
    },
    {
      data: { values: [{ y: round(view.threshold), label: thresholdText }] },
      mark: { type: 'text' as const, color: ANOMALY, align: 'left' as const, dx: 4, dy: -7 },
      encoding: {
        x: { value: 0 },
        y: { field: 'y', type: 'quantitative' as const },
        text: { field: 'label' },
      },
    },
  );
  const shaded = view.anomaly ? '; shaded: the true anomaly' : '';
  return {
    $schema: SCHEMA,
    title: {
      text: opts.title ?? 'Fig. 4: detection view',
      subtitle: [
        ...(opts.subtitle ? [opts.subtitle] : []),
        '(a) waveform (min/max per column), (b) log-mel, (c) features F(x) (each dimension',
        `standardised over the recording), (d) frame scores; dashed: ${view.thresholdLabel}${shaded}`,
      ],
    },
    config: CONFIG,
    vconcat: [
      wave,
      heatPanel(view.spectrogram, domain, '(b) mel band', 'log-mel', 'viridis', view.melCentersHz),
      heatPanel(standardizeRows(view.features), domain, '(c) feature dim', 'F(x), z', 'blueorange'),
      { width: WIDTH, height: 130, layer: layers },
    ],
    resolve: { scale: { x: 'shared', color: 'independent' }, legend: { color: 'independent' } },
  } as TopLevelSpec;
}
