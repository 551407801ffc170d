/**
 * The report's table of AUC over seeds (pure, from summary.csv): per cell, SNR and method the
 * mean AUC, its 95% CI (Student's t over seeds), the seed spread (min - max) and the paired
 * bootstrap test of PROP against the method (METHOD.md section 12: the mean AUC difference
 * PROP - method, its 95% CI and two-sided p). Methods not in the paper carry the Table I mark.
 * Also the table of 95% CIs of F1, AUC and pAUC.
 */
import { PAIRED_REFERENCE } from '../evaluate/paired.ts';
import type { SummaryRow } from '../evaluate/rows.ts';
import { NOT_IN_PAPER_MARK, inPaper } from '../evaluate/table.ts';
import type { Block } from './reportFormat.ts';
import type { RunData } from './runFiles.ts';
import { fixed2, methodLabel, orderMethods, signed } from './style.ts';

/** Shown where a row has no paired test (PROP itself, or a run without PROP). */
const NO_TEST = '–';

/** "0.004", "0.03", "0.50": a p-value with 3 decimals below 0.01, else 2; "n/a" if not finite. */
export function pText(p: unknown): string {
  if (typeof p !== 'number' || !Number.isFinite(p)) return 'n/a';
  return p < 0.01 ? p.toFixed(3) : p.toFixed(2);
}

const num = (v: unknown): number => (typeof v === 'number' ? v : NaN);

/** One row's cells after the method: mean, CI, spread, and the paired test's three. */
function seedCells(s: SummaryRow): string[] {
  const diff = num(s.auc_diff_prop);
  const test = Number.isFinite(diff)
    ? [
        signed(diff),
        `[${signed(num(s.auc_diff_prop_ci_low))}, ${signed(num(s.auc_diff_prop_ci_high))}]`,
        pText(s.auc_diff_prop_p),
      ]
    : [NO_TEST, NO_TEST, NO_TEST];
  return [
    fixed2(s.auc_mean),
    `[${fixed2(s.auc_ci_low)}, ${fixed2(s.auc_ci_high)}]`,
    `${fixed2(s.auc_min)} - ${fixed2(s.auc_max)}`,
    ...test,
  ];
}

/**
 * The section "AUC over seeds and the paired test against PROP": none for a run without
 * summary.csv (one seed). Rows by cell, then SNR ascending, then method in report order; the
 * rule is the Table I rule's (AUC does not depend on the rule).
 */
export function seedBlocks(run: RunData): Block[] {
  if (!run.summary) return [];
  const rule = run.resolved.cells[0].table1Rule;
  const many = run.resolved.cells.length > 1;
  const rows: string[][] = [];
  let hasTest = false;
  for (const cell of run.resolved.cells) {
    const at = run.summary.filter((s) => s.cell === cell.id && s.rule === rule);
    const snrs = [...new Set(at.map((s) => s.snr_db))].sort((a, b) => a - b);
    for (const snr of snrs) {
      const bySnr = at.filter((s) => s.snr_db === snr);
      for (const m of orderMethods(bySnr.map((s) => s.method))) {
        const s = bySnr.find((r) => r.method === m) as SummaryRow;
        if (typeof s.auc_diff_prop === 'number') hasTest = true;
        rows.push([
          ...(many ? [cell.id] : []),
          String(snr),
          methodLabel(m),
          String(s.n),
          ...seedCells(s),
        ]);
      }
    }
  }
  const methods = new Set(run.summary.map((s) => s.method));
  const notes = [
    'Per SNR and method, from `summary.csv`: the mean AUC over seeds, its 95% CI ' +
      "(Student's t over seeds) and the seed spread (smallest - largest AUC of a seed).",
    hasTest
      ? `Δ AUC = AUC of PROP - AUC of the method (mean over seeds), its 95% CI and the two-sided ` +
        'p of the paired bootstrap over seeds and clips (docs/METHOD.md, Seeds and the paired ' +
        'test; the smallest p it can give is 0.001). Δ > 0: PROP ranks the clips better.'
      : methods.has(PAIRED_REFERENCE)
        ? 'PROP ran alone: no paired test.'
        : 'PROP is not in this run: no paired test.',
    ...([...methods].some((m) => !inPaper(m))
      ? [`${NOT_IN_PAPER_MARK} not in the paper: a reference method of this project.`]
      : []),
  ];
  return [
    { kind: 'heading', level: 2, text: 'AUC over seeds and the paired test against PROP' },
    { kind: 'paragraph', text: notes.join(' ') },
    {
      kind: 'table',
      header: [
        ...(many ? ['cell'] : []),
        'SNR (dB)',
        'method',
        'seeds',
        'AUC mean',
        'AUC 95% CI',
        'AUC seed spread',
        'Δ AUC (PROP - method)',
        'Δ 95% CI',
        'p',
      ],
      rows,
    },
  ];
}

/** The 95% CI table of summary.csv (Table I rule): F1 and AUC per cell, method and SNR. */
export function ciBlocks(run: RunData): Block[] {
  if (!run.summary) return [];
  const rule = run.resolved.cells[0].table1Rule;
  const ci = (s: SummaryRow, m: string): string =>
    `${fixed2(s[`${m}_mean`])} [${fixed2(s[`${m}_ci_low`])}, ${fixed2(s[`${m}_ci_high`])}]`;
  const many = run.resolved.cells.length > 1;
  const rows = run.summary
    .filter((s) => s.rule === rule)
    .map((s) => [
      ...(many ? [s.cell] : []),
      methodLabel(s.method),
      String(s.snr_db),
      String(s.n),
      ci(s, 'f1'),
      ci(s, 'auc'),
      ci(s, 'pauc_mcclish'),
    ]);
  return [
    { kind: 'heading', level: 2, text: '95% confidence intervals over seeds' },
    {
      kind: 'paragraph',
      text:
        `Mean [95% CI of the mean] over seeds (Student's t), rule \`${rule}\` for F1, ` +
        'from `summary.csv` (which also holds precision, recall, TPR at rho and the other rules).',
    },
    {
      kind: 'table',
      header: [
        ...(many ? ['cell'] : []),
        'method',
        'SNR (dB)',
        'seeds',
        'F1',
        'AUC',
        'pAUC (McClish)',
      ],
      rows,
    },
  ];
}
