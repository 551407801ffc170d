/**
 * Table I as text for the terminal: ours (means over seeds) and the paper's printed values
 * (METHOD.md section 9; the text copy lost 0 dB precision and recall, shown as "-").
 */
import type { Row } from './tables.ts';

/** The paper's Table I: [precision, recall, F1] per method and SNR (null = not in our copy). */
export const PAPER_TABLE1: Record<
  string,
  Record<number, [number | null, number | null, number]>
> = {
  ae: {
    [-10]: [0.62, 0.98, 0.76],
    [-5]: [0.94, 0.76, 0.84],
    0: [null, null, 0.91],
    5: [0.98, 0.91, 0.94],
  },
  vae: {
    [-10]: [0.51, 0.94, 0.67],
    [-5]: [0.52, 1.0, 0.68],
    0: [null, null, 0.75],
    5: [0.86, 0.84, 0.85],
  },
  prop: {
    [-10]: [0.76, 0.91, 0.82],
    [-5]: [0.84, 0.96, 0.9],
    0: [null, null, 0.93],
    5: [0.92, 1.0, 0.96],
  },
};

const f2 = (v: number | null | undefined): string =>
  v === null || v === undefined || Number.isNaN(v) ? '  - ' : v.toFixed(2);
const triple = (p: number | null, r: number | null, f: number | null): string =>
  `${f2(p)} / ${f2(r)} / ${f2(f)}`;

/** Ours, then the paper's for the SNRs it reports, as aligned text. */
export function formatTable1(rows: readonly Row[], snrs: readonly number[], rule: string): string {
  const cells = new Set(rows.map((r) => r.cell)).size > 1;
  const seeds = Math.max(...rows.map((r) => Number(r.seeds)));
  const label = (r: Row): string =>
    (cells ? `${r.cell} ${r.method}` : String(r.method)).toUpperCase();
  const width = Math.max(6, ...rows.map((r) => label(r).length));
  const head = (name: string): string =>
    [name.padEnd(width), ...snrs.map((s) => `${s} dB`.padEnd(20))].join('  ').trimEnd();
  const lines = [
    `Table I: precision / recall / F1 at the ${rule} threshold` +
      (seeds > 1 ? ` (means of ${seeds} seeds; std and 95% CI in table1.csv and summary.csv)` : ''),
    head('ours'),
  ];
  for (const r of rows) {
    const get = (s: number, m: string): number => Number(r[`${s}dB_${m}`]);
    lines.push(
      [
        label(r).padEnd(width),
        ...snrs.map((s) => triple(get(s, 'precision'), get(s, 'recall'), get(s, 'f1')).padEnd(20)),
      ]
        .join('  ')
        .trimEnd(),
    );
  }
  const paperSnrs = snrs.filter((s) => s in PAPER_TABLE1.ae);
  if (paperSnrs.length > 0) {
    lines.push(
      '',
      ['paper'.padEnd(width), ...paperSnrs.map((s) => `${s} dB`.padEnd(20))].join('  ').trimEnd(),
    );
    for (const m of ['ae', 'vae', 'prop']) {
      lines.push(
        [
          m.toUpperCase().padEnd(width),
          ...paperSnrs.map((s) => triple(...PAPER_TABLE1[m][s]).padEnd(20)),
        ]
          .join('  ')
          .trimEnd(),
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
