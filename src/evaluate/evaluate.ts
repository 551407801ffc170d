/**
 * The evaluate stage as pure functions from clip scores to table rows (METHOD.md section 8):
 * metrics per (unit, SNR, threshold rule), the paper's Table I layout, multi-seed summaries, ROC
 * points and clip scores. Each SNR is evaluated on its own clips (the anomalous clips mixed at
 * that SNR and the normal clips of that SNR set); SNRs keep the order of their first appearance
 * in the labels, groups the order of their first appearance in the rows. The row types and their
 * column orders are documented in rows.ts.
 */
import { pairedColumns, pairedKey } from './paired.ts';
import type { PairedResult } from './metrics/pairedBootstrap.ts';
import { oracleThreshold, prfAt } from './metrics/prf.ts';
import { auc, partialAuc, rocCurve, tprAtFpr } from './metrics/roc.ts';
import { evalMessages } from '../messages/index.ts';
import type {
  ClipLabel,
  MetricRow,
  RocRow,
  ScoreRow,
  SettingValue,
  SummaryRow,
  Table1Row,
  ThresholdRule,
  UnitScores,
} from './rows.ts';
import { summarize } from './metrics/stats.ts';

/** The columns of MetricRow before the settings, in order. */
const METRIC_COLUMNS = [
  'cell',
  'method',
  'snr_db',
  'seed',
  'rule',
  'threshold',
  'precision',
  'recall',
  'f1',
  'auc',
  'pauc',
  'pauc_mcclish',
  'tpr_at_rho',
] as const;

/** The metrics summarised over seeds in summary.csv, in column order. */
const SUMMARY_METRICS = ['f1', 'precision', 'recall', 'auc', 'pauc_mcclish', 'tpr_at_rho'] as const;

const TABLE1_METRICS = ['precision', 'recall', 'f1'] as const;

const unitName = (u: { cell: string; method: string; seed: number }): string =>
  evalMessages.unit(u.cell, u.method, u.seed);

/** SNRs (dB) in the order they first appear in the labels. */
const snrsOf = (labels: readonly ClipLabel[]): number[] => [...new Set(labels.map((l) => l.snrDb))];

/** "-10", "-2.5", "0": an SNR as it appears in Table I column names ("-10dB_f1"). */
const snrColumn = (snrDb: number): string => `${snrDb}dB`;

interface SnrSet {
  snr: number;
  /** Clip indices of this SNR set. */
  idx: number[];
  /** Their labels. */
  y: number[];
  pos: number;
  neg: number;
}

function snrSets(labels: readonly ClipLabel[]): SnrSet[] {
  return snrsOf(labels).map((snr) => {
    const idx = labels.flatMap((l, i) => (l.snrDb === snr ? [i] : []));
    const y = idx.map((i) => labels[i].label);
    const pos = y.filter((v) => v === 1).length;
    return { snr, idx, y, pos, neg: y.length - pos };
  });
}

/** Throws (messages name the unit) unless the unit has one non-NaN score per clip. */
function checkUnit(labels: readonly ClipLabel[], u: UnitScores): void {
  if (labels.length === 0) throw new RangeError(evalMessages.noClips(unitName(u)));
  if (u.scores.length !== labels.length) {
    throw new RangeError(evalMessages.scoreCount(unitName(u), u.scores.length, labels.length));
  }
  const bad = u.scores.findIndex((s) => Number.isNaN(s));
  if (bad >= 0) throw new RangeError(evalMessages.scoreNaN(unitName(u), bad, labels[bad].clipId));
}

/** The unit's scores of one SNR set, after checking that the set holds both classes. */
function scoresAt(u: UnitScores, set: SnrSet): number[] {
  if (set.pos === 0 || set.neg === 0) {
    throw new RangeError(evalMessages.snrOneClass(unitName(u), set.snr, set.pos, set.neg));
  }
  return set.idx.map((i) => u.scores[i]);
}

/** Settings as columns; a setting named like a metric column becomes "spec.<name>". */
function settingColumns(settings: Record<string, SettingValue>): Record<string, SettingValue> {
  const core: readonly string[] = METRIC_COLUMNS;
  return Object.fromEntries(
    Object.entries(settings).map(([k, v]) => [core.includes(k) ? `spec.${k}` : k, v]),
  );
}

/** The unit's clip-level threshold; an error naming the unit when it has none. */
function phiClipOf(u: UnitScores): number {
  if (u.phiClip === undefined)
    throw new RangeError(evalMessages.noPhiClip(evalMessages.unit(u.cell, u.method, u.seed)));
  return u.phiClip;
}

/**
 * metrics.csv rows: units x SNRs x rules, in that nesting order. Rule 'oracle' is the Table I
 * threshold (max mean of P, R, F1 on the test labels), 'phi' the unit's phi_rho, 'phi-clip' its
 * clip-level threshold. pauc is the
 * partial AUC up to FPR `paucMaxFpr`; tpr_at_rho uses the unit's rho.
 */
export function metricRows(
  labels: readonly ClipLabel[],
  units: readonly UnitScores[],
  opts: { rules: readonly ThresholdRule[]; paucMaxFpr: number },
): MetricRow[] {
  const sets = snrSets(labels);
  const rows: MetricRow[] = [];
  for (const u of units) {
    checkUnit(labels, u);
    const settings = settingColumns(u.settings);
    for (const set of sets) {
      const s = scoresAt(u, set);
      try {
        const p = partialAuc(s, set.y, opts.paucMaxFpr);
        const free = {
          auc: auc(s, set.y),
          pauc: p.raw,
          pauc_mcclish: p.mcclish,
          tpr_at_rho: tprAtFpr(s, set.y, u.rho),
        };
        for (const rule of opts.rules) {
          const prf =
            rule === 'oracle'
              ? oracleThreshold(s, set.y)
              : prfAt(s, set.y, rule === 'phi' ? u.phi : phiClipOf(u));
          rows.push({
            cell: u.cell,
            method: u.method,
            snr_db: set.snr,
            seed: u.seed,
            rule,
            threshold: prf.threshold,
            precision: prf.precision,
            recall: prf.recall,
            f1: prf.f1,
            ...free,
            ...settings,
          });
        }
      } catch (e) {
        throw new Error(evalMessages.metricFailed(unitName(u), set.snr, (e as Error).message), {
          cause: e,
        });
      }
    }
  }
  return rows;
}

interface Group {
  cell: string;
  method: MetricRow['method'];
  /** Rows per SNR, in order of first appearance. */
  bySnr: Map<number, MetricRow[]>;
}

/** Metric rows of one rule grouped by (cell, method), each group's rows by SNR. */
function groupRows(metrics: readonly MetricRow[], rule: ThresholdRule): Group[] {
  const groups = new Map<string, Group>();
  for (const r of metrics) {
    if (r.rule !== rule) continue;
    const key = JSON.stringify([r.cell, r.method]);
    let g = groups.get(key);
    if (!g) groups.set(key, (g = { cell: r.cell, method: r.method, bySnr: new Map() }));
    const at = g.bySnr.get(r.snr_db) ?? [];
    if (at.some((o) => o.seed === r.seed)) {
      throw new RangeError(evalMessages.duplicateRow(unitName(r), r.snr_db, rule));
    }
    g.bySnr.set(r.snr_db, [...at, r]);
  }
  return [...groups.values()];
}

const seedCount = (g: Group): number =>
  new Set([...g.bySnr.values()].flatMap((rs) => rs.map((r) => r.seed))).size;

/**
 * table1.csv rows (rows.ts Table1Row): one per (cell, method) of `rule`'s metric rows. Columns:
 * cell, method, seeds (only when some group has > 1 seed), then per SNR (order of first
 * appearance) `<snr>dB_precision`, `<snr>dB_recall`, `<snr>dB_f1`: means over seeds, each
 * followed by `_std` (sample std over seeds, 0 for one seed) when `seeds` is present. A group
 * without rows at some SNR has no columns for it (empty in the CSV).
 */
export function table1Rows(
  metrics: readonly MetricRow[],
  opts: { rule: ThresholdRule },
): Table1Row[] {
  const groups = groupRows(metrics, opts.rule);
  const snrs = [...new Set(metrics.filter((r) => r.rule === opts.rule).map((r) => r.snr_db))];
  const multi = groups.some((g) => seedCount(g) > 1);
  return groups.map((g) => {
    const row: Table1Row = { cell: g.cell, method: g.method };
    if (multi) row.seeds = seedCount(g);
    for (const snr of snrs) {
      const at = g.bySnr.get(snr);
      if (!at) continue;
      for (const m of TABLE1_METRICS) {
        const s = summarize(at.map((r) => r[m]));
        row[`${snrColumn(snr)}_${m}`] = s.mean;
        if (multi) row[`${snrColumn(snr)}_${m}_std`] = s.std;
      }
    }
    return row;
  });
}

/**
 * summary.csv rows (rows.ts SummaryRow): one per (cell, method, SNR, rule) in order of first
 * appearance in `metrics`, restricted to `opts.rules` (default: every rule present). The settings
 * columns are copied from the group's first row (a cell's settings are the same for every seed).
 */
export function summaryRows(
  metrics: readonly MetricRow[],
  opts: { rules?: readonly ThresholdRule[]; paired?: ReadonlyMap<string, PairedResult> } = {},
): SummaryRow[] {
  const rules = opts.rules ?? [...new Set(metrics.map((r) => r.rule))];
  const core: readonly string[] = METRIC_COLUMNS;
  const keyed = new Map<string, SummaryRow>();
  for (const rule of rules) {
    for (const g of groupRows(metrics, rule)) {
      for (const [snr, at] of g.bySnr) {
        const row: SummaryRow = { cell: g.cell, method: g.method, snr_db: snr, rule, n: at.length };
        for (const m of SUMMARY_METRICS) {
          const s = summarize(at.map((r) => r[m]));
          row[`${m}_mean`] = s.mean;
          row[`${m}_std`] = s.std;
          row[`${m}_ci_low`] = s.ciLow;
          row[`${m}_ci_high`] = s.ciHigh;
          // The seed spread: the smallest and largest value over the seeds.
          row[`${m}_min`] = Math.min(...at.map((r) => r[m]));
          row[`${m}_max`] = Math.max(...at.map((r) => r[m]));
        }
        if (opts.paired)
          Object.assign(row, pairedColumns(opts.paired.get(pairedKey(g.cell, g.method, snr))));
        for (const [k, v] of Object.entries(at[0])) {
          if (!core.includes(k)) row[k in row ? `spec.${k}` : k] = v;
        }
        keyed.set(JSON.stringify([g.cell, g.method, snr, rule]), row);
      }
    }
  }
  // Order of first appearance of each (cell, method, SNR, rule) in the metric rows.
  const order = [
    ...new Set(metrics.map((r) => JSON.stringify([r.cell, r.method, r.snr_db, r.rule]))),
  ];
  return order.flatMap((k) => keyed.get(k) ?? []);
}

/**
 * roc.csv rows: for each unit and SNR, every point of the ROC curve from (0, 0) to (1, 1)
 * (metrics/roc.ts: one point per distinct score). The first point's threshold, +Infinity
 * (flag nothing), is the string "inf" so the CSV needs no special float syntax.
 */
export function rocRows(labels: readonly ClipLabel[], units: readonly UnitScores[]): RocRow[] {
  const sets = snrSets(labels);
  const rows: RocRow[] = [];
  for (const u of units) {
    checkUnit(labels, u);
    for (const set of sets) {
      const c = rocCurve(scoresAt(u, set), set.y);
      for (let k = 0; k < c.fpr.length; k++) {
        const t = c.thresholds[k];
        rows.push({
          cell: u.cell,
          method: u.method,
          seed: u.seed,
          snr_db: set.snr,
          fpr: c.fpr[k],
          tpr: c.tpr[k],
          threshold: t === Infinity ? 'inf' : t,
        });
      }
    }
  }
  return rows;
}

/** scores.csv rows: units x clips, clips in label order. */
export function scoreRows(labels: readonly ClipLabel[], units: readonly UnitScores[]): ScoreRow[] {
  return units.flatMap((u) => {
    checkUnit(labels, u);
    return labels.map((l, i) => ({
      clip_id: l.clipId,
      label: l.label === 1 ? ('anomaly' as const) : ('normal' as const),
      snr_db: l.snrDb,
      category: l.category,
      cell: u.cell,
      method: u.method,
      seed: u.seed,
      score: u.scores[i],
    }));
  });
}
