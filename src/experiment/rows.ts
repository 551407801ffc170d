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
  /** rho the detector was trained with, in (0, 1). */
  rho: number;
  /** One clip score per test clip, in the order of the cell's ClipLabel list. */
  scores: number[];
  /** The cell's flattened settings (same keys for every unit of a run). */
  settings: FlatSettings;
}

/** Threshold rules: the Table I oracle (max mean of P, R, F1 on test labels) or phi_rho. */
export type ThresholdRule = 'oracle' | 'phi';
