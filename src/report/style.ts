/**
 * What every chart shares: the order, names and colours of the methods, the fonts and the
 * Vega-Lite config. One colour per method in every chart of a run.
 */
import type { Config } from 'vega-lite';
import { inPaper, NOT_IN_PAPER_MARK } from '../evaluate/table.ts';

/** The Vega-Lite schema the specs are written against (a URL only: nothing is fetched). */
export const SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';

/** Methods in the paper's order; others follow alphabetically. */
const METHOD_ORDER: readonly string[] = ['ae', 'vae', 'prop'];

/** One colour per method (AE blue, VAE orange, PROP red), then a few for other methods. */
export const METHOD_COLORS: readonly string[] = [
  '#1f77b4',
  '#ff7f0e',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
];

/** Methods present in `methods`, in METHOD_ORDER then alphabetical order. */
export function orderMethods(methods: Iterable<string>): string[] {
  const rank = (m: string): number => {
    const i = METHOD_ORDER.indexOf(m);
    return i < 0 ? METHOD_ORDER.length : i;
  };
  return [...new Set(methods)].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** "prop" -> "PROP"; a method not in the paper gets the Table I print's mark ("LOGMEL-GMM*"). */
export const methodLabel = (method: string): string =>
  method.toUpperCase() + (inPaper(method) ? '' : NOT_IN_PAPER_MARK);

/**
 * Fonts, first found wins: named families first so that the PNG renderer (resvg, which maps the
 * generic "sans-serif" to a serif face on machines without Arial) and browsers pick a sans face.
 */
const FONT = 'Helvetica, Arial, DejaVu Sans, Liberation Sans, sans-serif';

/** The config of every chart: fonts, white background, no frame around single views. */
export const CONFIG: Config = {
  font: FONT,
  background: 'white',
  title: { anchor: 'start', fontSize: 14 },
  axis: { labelFontSize: 11, titleFontSize: 12 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  legend: { labelFontSize: 11, titleFontSize: 11 },
};

/**
 * Header of a row of panels per cell, for labels like "c00: prop.rho=0.05, train.featureDim=8":
 * horizontal, one line per part, so long grid assignments do not overrun the panel's height.
 */
export const CELL_HEADER = {
  labelAngle: 0,
  labelAlign: 'right',
  labelExpr: "split(replace(datum.value, ': ', ', '), ', ')",
  labelLimit: 0,
} as const;

/** x rounded to `digits` decimals: drawing coordinates (0.0001 of a panel is far below a pixel). */
export const round = (x: number, digits = 4): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** A number with 2 decimals, or "n/a" when it is not finite. */
export const fixed2 = (x: unknown): string =>
  typeof x === 'number' && Number.isFinite(x) ? x.toFixed(2) : 'n/a';

/** "+0.05" / "-0.10": a signed difference with 2 decimals. */
export const signed = (x: number): string => `${x >= 0 ? '+' : '-'}${Math.abs(x).toFixed(2)}`;

/** "train.featureDim=32, prop.rho=0.05": a cell's grid assignments, "" without a grid. */
export function assignmentText(assignments: Record<string, unknown>): string {
  return Object.entries(assignments)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(', ');
}
