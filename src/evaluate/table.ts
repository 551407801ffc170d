/**
 * Table I as plain text for the terminal (pure): one line per (cell,) method, per SNR
 * "P / R / F1" with 2 decimals, and with more than one seed the half-width of the 95% CI of the
 * mean F1 ("± 0.03"). Optionally each of our lines is followed by the paper's values for that
 * method (METHOD.md section 9). SNR columns that do not fit in 100 characters are split into
 * blocks one below the other, each with its own header (with CIs, the paper's 4 SNRs as 2 + 2).
 */
import type { ModelName } from '../models/detector.ts';
import { evalMessages } from '../messages/index.ts';
import type { Table1Row } from './rows.ts';
import { ciHalfWidth } from './metrics/stats.ts';
import { TRIVIAL_MARK, trivialKey, trivialMark, type TrivialCount } from './trivial.ts';

/** Precision, recall and F1 as printed in the paper; null = lost in our text copy. */
export interface PaperPrf {
  precision: number | null;
  recall: number | null;
  f1: number;
}

/** The SNRs of the paper's Table I, dB. */
export const PAPER_SNRS: readonly number[] = [-10, -5, 0, 5];

const prf = (precision: number | null, recall: number | null, f1: number): PaperPrf => ({
  precision,
  recall,
  f1,
});

/** The methods of the paper's Table I. */
export type PaperMethod = Extract<ModelName, 'ae' | 'vae' | 'prop'>;

/**
 * The paper's Table I (METHOD.md section 9) by method and SNR (dB); the reference methods
 * (logmel-gmm, dcase-ae) are not in the paper.
 */
export const PAPER_TABLE1: Readonly<Record<PaperMethod, Readonly<Record<number, PaperPrf>>>> = {
  ae: {
    [-10]: prf(0.62, 0.98, 0.76),
    [-5]: prf(0.94, 0.76, 0.84),
    0: prf(null, null, 0.91),
    5: prf(0.98, 0.91, 0.94),
  },
  vae: {
    [-10]: prf(0.51, 0.94, 0.67),
    [-5]: prf(0.52, 1.0, 0.68),
    0: prf(null, null, 0.75),
    5: prf(0.86, 0.84, 0.85),
  },
  prop: {
    [-10]: prf(0.76, 0.91, 0.82),
    [-5]: prf(0.84, 0.96, 0.9),
    0: prf(null, null, 0.93),
    5: prf(0.92, 1.0, 0.96),
  },
};

/** Line width the table keeps to, characters. */
const WIDTH = 100;
const GAP = '  ';
const PAPER_LABEL = '  paper';

/** The SNRs (dB) of Table I rows, from their "<snr>dB_f1" columns, in column order. */
export function table1Snrs(rows: readonly Table1Row[]): number[] {
  const snrs = rows.flatMap((r) =>
    Object.keys(r).flatMap((k) => {
      const m = /^(.+)dB_f1$/.exec(k);
      return m ? [Number(m[1])] : [];
    }),
  );
  return [...new Set(snrs)];
}

/** Marks a method that is not in the paper (a reference method) in Table I prints. */
export const NOT_IN_PAPER_MARK = '*';

/** Whether the paper reports `method` (AE, VAE, PROP). */
export const inPaper = (method: string): method is PaperMethod =>
  Object.hasOwn(PAPER_TABLE1, method);

const num = (v: unknown): string =>
  typeof v === 'number' && Number.isFinite(v) ? v.toFixed(2) : v === null ? ' n/a' : '  - ';
const triple = (p: unknown, r: unknown, f: unknown): string => `${num(p)} / ${num(r)} / ${num(f)}`;

/**
 * Table I rows (evaluate.ts table1Rows) as text, ending in a newline. The CI half-width of a row
 * with `seeds` > 1 is t(0.975, seeds - 1) * f1_std / sqrt(seeds), the same number as
 * (f1_ci_high - f1_ci_low) / 2 in summary.csv when every seed has every SNR (as the runner
 * guarantees). With `paper`, a "paper" line follows each of our lines whose method is in
 * PAPER_TABLE1, under the SNRs the paper reports ("n/a": lost in our copy). `trivial`
 * (trivial.ts trivialEntries) marks the entries whose threshold flags every clip, with a note.
 */
export function formatTable1(
  rows: readonly Table1Row[],
  paper = false,
  trivial: ReadonlyMap<string, TrivialCount> = new Map(),
): string {
  const snrs = table1Snrs(rows);
  const seedsOf = (r: Table1Row): number => (typeof r.seeds === 'number' ? r.seeds : 1);
  const withCi = rows.some((r) => seedsOf(r) > 1);
  const manyCells = new Set(rows.map((r) => r.cell)).size > 1;
  const mark = (r: Table1Row): string => (inPaper(r.method) ? '' : ` ${NOT_IN_PAPER_MARK}`);
  const label = (r: Table1Row): string =>
    (manyCells ? `${r.cell} ${r.method.toUpperCase()}` : r.method.toUpperCase()) + mark(r);
  const first = manyCells ? 'cell method' : 'method';
  const labelWidth = Math.max(first.length, ...rows.map((r) => label(r).length)) + 1;
  const marked = rows.some((r) =>
    snrs.some((snr) => trivial.has(trivialKey(r.cell, r.method, snr))),
  );
  const markWidth = marked
    ? Math.max(...[...trivial.values()].map((c) => trivialMark(c).length), 0)
    : 0;
  const colWidth = (withCi ? 25 : 18) + markWidth;

  const ours = (r: Table1Row, snr: number): string => {
    const at = (m: string): unknown => r[`${snr}dB_${m}`];
    const std = at('f1_std');
    const ci =
      seedsOf(r) > 1 && typeof std === 'number'
        ? ` ± ${ciHalfWidth(std, seedsOf(r)).toFixed(2)}`
        : '';
    return (
      triple(at('precision'), at('recall'), at('f1')) +
      ci +
      trivialMark(trivial.get(trivialKey(r.cell, r.method, snr)))
    );
  };
  const theirs = (method: ModelName, snr: number): string => {
    const p = inPaper(method) ? PAPER_TABLE1[method][snr] : undefined;
    return p ? triple(p.precision, p.recall, p.f1) : '';
  };
  const line = (head: string, cells: string[]): string =>
    [head.padEnd(labelWidth), ...cells.map((c) => c.padEnd(colWidth))].join(GAP).trimEnd();

  const seedCounts = [...new Set(rows.map(seedsOf))];
  const lines = [
    withCi
      ? `precision / recall / F1 per SNR: means over ${seedCounts.length === 1 ? `${seedCounts[0]} ` : ''}` +
        'seeds, ± half-width of the 95% CI of F1'
      : 'precision / recall / F1 per SNR',
  ];
  if (paper) lines.push('paper: Koizumi et al. (EUSIPCO 2017), Table I; n/a = lost in our copy');
  if (rows.some((r) => !inPaper(r.method))) lines.push(evalMessages.notInPaperNote());
  if (marked) lines.push(evalMessages.trivialNote(TRIVIAL_MARK));
  // As many SNR columns per block as fit in WIDTH, spread evenly over the blocks (4 as 2 + 2).
  const fit = Math.max(1, Math.floor((WIDTH - labelWidth) / (colWidth + GAP.length)));
  const perBlock = Math.ceil(snrs.length / Math.ceil(snrs.length / fit));
  for (let b = 0; b < snrs.length; b += perBlock) {
    const block = snrs.slice(b, b + perBlock);
    lines.push(
      '',
      line(
        first,
        block.map((s) => `${s} dB`),
      ),
    );
    for (const r of rows) {
      lines.push(
        line(
          label(r),
          block.map((s) => ours(r, s)),
        ),
      );
      if (paper && r.method in PAPER_TABLE1) {
        lines.push(
          line(
            PAPER_LABEL,
            block.map((s) => theirs(r.method, s)),
          ),
        );
      }
    }
  }
  return `${lines.join('\n')}\n`;
}
