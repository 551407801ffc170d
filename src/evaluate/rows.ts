/**
 * The records the runner passes from its score stage to its evaluate and report stages. Scores
 * are per clip (METHOD.md section 8: clip score = aggregation of the clip's frame scores L, nats).
 */
import type { ModelName } from '../models/detector.ts';

/** A cell's settings flattened to dotted paths ("train.featureDim": 32), as metrics.csv columns. */
export type FlatSettings = Record<string, string | number | boolean>;

/** One test clip's ground truth (from the test-set plan). */
export interface ClipLabel {
  /** e.g. "snr-5/anomaly_sudden-03-clank", "snr+0/normal_0007". */
  clipId: string;
  /** 1 = anomalous (positive), 0 = normal. */
  label: 0 | 1;
  /** The SNR set the clip belongs to, dB. */
  snrDb: number;
  /** Anomaly category (sustained, time-varying, sudden); '' for normal clips. */
  category: string;
}

/** The scores of one trained unit (one cell, method and seed) on the cell's test set. */
export interface UnitScores {
  /** Cell id ("main" for a spec without grid, else e.g. "c03"). */
  cell: string;
  method: ModelName;
  seed: number;
  /** phi_rho of the detector, from training data only (nats). */
  phi: number;
  /** Clip-level threshold from training windows (src/evaluate/metrics/clipThreshold.ts), nats. */
  phiClip?: number;
  /** rho the detector was trained with, in (0, 1). */
  rho: number;
  /** One clip score per test clip, in the order of the cell's ClipLabel list. */
  scores: number[];
  /** The cell's flattened settings (same keys for every unit of a run). */
  settings: FlatSettings;
}

/**
 * Threshold rules: the Table I oracle (max mean of P, R, F1 on test labels), phi_rho (set on
 * training frames), or phi-clip (set the same way on training windows of a clip's length).
 */
export type ThresholdRule = 'oracle' | 'phi' | 'phi-clip';

// ---------------------------------------------------------------------------------------------
// Rows of the evaluate stage (src/evaluate/evaluate.ts), one type per CSV. Column names are the
// keys; their order is the order written here (then the settings columns where noted).
// ---------------------------------------------------------------------------------------------

/** A cell's setting column in a metrics/summary row. */
export type SettingValue = FlatSettings[string];

/**
 * metrics.csv: one row per (unit, SNR, threshold rule). P/R/F1 depend on the rule; auc, pauc,
 * pauc_mcclish and tpr_at_rho do not (repeated on every rule's row). After these columns come
 * the unit's settings ("train.featureDim", ...); a setting named like one of these columns
 * (the spec's own "seed") is written as "spec.<name>".
 */
export interface MetricRow {
  cell: string;
  method: ModelName;
  /** SNR set of the clips, dB. */
  snr_db: number;
  seed: number;
  rule: ThresholdRule;
  /** Flag score > threshold (nats); -Infinity = flag every clip (written "-inf"). */
  threshold: number;
  precision: number;
  recall: number;
  f1: number;
  auc: number;
  /** Partial AUC over FPR in [0, paucMaxFpr], raw (in [0, paucMaxFpr]). */
  pauc: number;
  /** The same, McClish-standardised (0.5 = chance, 1 = perfect), as DCASE reports pAUC. */
  pauc_mcclish: number;
  /** TPR at FPR <= rho, rho = the unit's rho. */
  tpr_at_rho: number;
  [setting: string]: SettingValue;
}

/**
 * table1.csv (the paper's Table I layout): `cell`, `method`, [`seeds`], then per SNR
 * `<snr>dB_precision`, `<snr>dB_recall`, `<snr>dB_f1` (means over seeds), each followed by its
 * `_std` when some (cell, method) has more than one seed; `seeds` is there in that case only.
 */
export interface Table1Row {
  cell: string;
  method: ModelName;
  [column: string]: string | number;
}

/**
 * summary.csv: one row per (cell, method, SNR, rule): `n` seeds, then for f1, precision, recall,
 * auc, pauc_mcclish, tpr_at_rho in that order `<m>_mean`, `<m>_std`, `<m>_ci_low`, `<m>_ci_high`
 * (95% CI of the mean), `<m>_min`, `<m>_max` (the seed spread); then the paired test of PROP
 * against the row's method (paired.ts: auc_diff_prop = mean AUC difference PROP - method, its
 * 95% bootstrap CI and two-sided p; empty on PROP's rows); then the cell's settings as in
 * MetricRow.
 */
export interface SummaryRow {
  cell: string;
  method: ModelName;
  snr_db: number;
  rule: ThresholdRule;
  n: number;
  [column: string]: SettingValue;
}

/** roc.csv: every ROC point per (unit, SNR), from (0, 0) to (1, 1). */
export interface RocRow {
  cell: string;
  method: ModelName;
  seed: number;
  snr_db: number;
  fpr: number;
  tpr: number;
  /** The point flags scores >= threshold (nats); the first point's +Infinity is "inf". */
  threshold: number | 'inf';
}

/** scores.csv: one row per (unit, clip). */
export interface ScoreRow {
  clip_id: string;
  label: 'normal' | 'anomaly';
  snr_db: number;
  category: string;
  cell: string;
  method: ModelName;
  seed: number;
  /** Clip score (nats). */
  score: number;
}
