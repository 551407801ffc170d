/**
 * The run's tables as rows (pure): metrics per (unit, SNR, threshold rule), the paper's Table I
 * layout, multi-seed summaries, ROC points and clip scores. Each SNR is evaluated on its own
 * clips: the anomalous clips mixed at that SNR and the normal clips of that SNR set.
 */
import { oracleThreshold, prfAt } from '../metrics/prf.ts';
import { auc, partialAuc, rocCurve, tprAtFpr } from '../metrics/roc.ts';
import { runMessages as R } from '../messages.ts';
import { summarize } from './stats.ts';
import type { ClipLabel, FlatSettings, ThresholdRule, UnitScores } from './rows.ts';

export type Row = Record<string, string | number | boolean>;

export interface MetricRow extends Row {
  cell: string;
  method: string;
  snr_db: number;
  seed: number;
  rule: ThresholdRule;
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  auc: number;
  pauc: number;
  pauc_mcclish: number;
  tpr_at_rho: number;
}

/** SNRs in order of first appearance. */
export const snrsOf = (labels: readonly ClipLabel[]): number[] => [
  ...new Set(labels.map((l) => l.snrDb)),
];

/** The clip indices of one SNR set. */
const indicesOf = (labels: readonly ClipLabel[], snr: number): number[] =>
  labels.flatMap((l, i) => (l.snrDb === snr ? [i] : []));

const unitName = (u: UnitScores): string => `${u.cell}/${u.method}/seed-${u.seed}`;

/** One row per (unit, SNR, rule): P/R/F1 at the rule's threshold, and the threshold-free metrics. */
export function metricRows(
  labels: readonly ClipLabel[],
  units: readonly UnitScores[],
  opts: { rules: readonly ThresholdRule[]; paucMaxFpr: number },
): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const u of units) {
    if (u.scores.length !== labels.length) {
      throw new RangeError(
        R.unitFailed(unitName(u), `${u.scores.length} scores for ${labels.length} clips`),
      );
    }
    for (const snr of snrsOf(labels)) {
      const idx = indicesOf(labels, snr);
      const s = idx.map((i) => u.scores[i]);
      const y = idx.map((i) => labels[i].label);
      const at = { auc: 0, pauc: 0, pauc_mcclish: 0, tpr_at_rho: 0 };
      try {
        const p = partialAuc(s, y, opts.paucMaxFpr);
        Object.assign(at, {
          auc: auc(s, y),
          pauc: p.raw,
          pauc_mcclish: p.mcclish,
          tpr_at_rho: tprAtFpr(s, y, u.rho),
        });
        for (const rule of opts.rules) {
          const prf = rule === 'oracle' ? oracleThreshold(s, y) : prfAt(s, y, u.phi);
          rows.push({
            cell: u.cell,
            method: u.method,
            snr_db: snr,
            seed: u.seed,
            rule,
            threshold: prf.threshold,
            precision: prf.precision,
            recall: prf.recall,
            f1: prf.f1,
            ...at,
            ...u.settings,
          });
        }
      } catch (e) {
        throw new Error(R.unitFailed(`${unitName(u)} at ${snr} dB`, (e as Error).message), {
          cause: e,
        });
      }
    }
  }
  return rows;
}

/** "-10", "-2.5", "5": the SNR as it appears in column names. */
const snrName = (snr: number): string => `${snr}dB`;

type Group = { cell: string; method: string; rows: MetricRow[] };

function groups(metrics: readonly MetricRow[], rule: ThresholdRule): Group[] {
  const out = new Map<string, Group>();
  for (const r of metrics) {
    if (r.rule !== rule) continue;
    const key = `${r.cell}\u0000${r.method}`;
    if (!out.has(key)) out.set(key, { cell: r.cell, method: r.method, rows: [] });
    (out.get(key) as Group).rows.push(r);
  }
  return [...out.values()];
}

/**
 * Table I: one row per (cell, method), columns cell, method, seeds, then per SNR
 * `<snr>dB_precision`, `<snr>dB_recall`, `<snr>dB_f1`, means over seeds; with more than one seed
 * each is followed by its `_std` (sample standard deviation over seeds).
 */
export function table1Rows(metrics: readonly MetricRow[], rule: ThresholdRule): Row[] {
  const gs = groups(metrics, rule);
  const multi = gs.some((g) => new Set(g.rows.map((r) => r.seed)).size > 1);
  return gs.map((g) => {
    const row: Row = {
      cell: g.cell,
      method: g.method,
      seeds: new Set(g.rows.map((r) => r.seed)).size,
    };
    for (const snr of [...new Set(g.rows.map((r) => r.snr_db))]) {
      const at = g.rows.filter((r) => r.snr_db === snr);
      for (const m of ['precision', 'recall', 'f1'] as const) {
        const s = summarize(at.map((r) => r[m]));
        row[`${snrName(snr)}_${m}`] = s.mean;
        if (multi) row[`${snrName(snr)}_${m}_std`] = s.std;
      }
    }
    return row;
  });
}

const SUMMARISED = ['precision', 'recall', 'f1', 'auc', 'pauc_mcclish', 'tpr_at_rho'] as const;

/** Per (cell, method, SNR, rule): n seeds, and mean, std and 95% CI of each metric. */
export function summaryRows(metrics: readonly MetricRow[], rules: readonly ThresholdRule[]): Row[] {
  const rows: Row[] = [];
  for (const rule of rules) {
    for (const g of groups(metrics, rule)) {
      for (const snr of [...new Set(g.rows.map((r) => r.snr_db))]) {
        const at = g.rows.filter((r) => r.snr_db === snr);
        const row: Row = { cell: g.cell, method: g.method, snr_db: snr, rule, n: at.length };
        for (const m of SUMMARISED) {
          const s = summarize(at.map((r) => r[m]));
          Object.assign(row, {
            [`${m}_mean`]: s.mean,
            [`${m}_std`]: s.std,
            [`${m}_ci_low`]: s.ciLow,
            [`${m}_ci_high`]: s.ciHigh,
          });
        }
        rows.push(row);
      }
    }
  }
  return rows;
}

/** Every ROC point per (unit, SNR); the first point's threshold (+Infinity) is written "inf". */
export function rocRows(labels: readonly ClipLabel[], units: readonly UnitScores[]): Row[] {
  const rows: Row[] = [];
  for (const u of units) {
    for (const snr of snrsOf(labels)) {
      const idx = indicesOf(labels, snr);
      const c = rocCurve(
        idx.map((i) => u.scores[i]),
        idx.map((i) => labels[i].label),
      );
      for (let k = 0; k < c.fpr.length; k++) {
        const t = c.thresholds[k];
        rows.push({
          cell: u.cell,
          method: u.method,
          seed: u.seed,
          snr_db: snr,
          fpr: c.fpr[k],
          tpr: c.tpr[k],
          threshold: Number.isFinite(t) ? t : 'inf',
        });
      }
    }
  }
  return rows;
}

/** One row per (unit, clip). */
export function scoreRows(labels: readonly ClipLabel[], units: readonly UnitScores[]): Row[] {
  return units.flatMap((u) =>
    labels.map((l, i) => ({
      clip_id: l.clipId,
      label: l.label === 1 ? 'anomaly' : 'normal',
      snr_db: l.snrDb,
      category: l.category,
      cell: u.cell,
      method: u.method,
      seed: u.seed,
      score: u.scores[i],
    })),
  );
}

export type { FlatSettings };
