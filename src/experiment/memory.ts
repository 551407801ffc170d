/**
 * Memory estimate of a synthetic spec cell (pure, arithmetic only), and the limits a run must
 * fit on this machine: `validate` and `reproduce` refuse a spec whose peak memory would exceed
 * the memory available now, or whose estimated run time exceeds MAX_RUN_SEC, unless
 * --allow-large says the machine is bigger than the model thinks.
 *
 * The model counts what grows with the spec (bytes):
 *   log-mel   every frame of D (train) and O, nMels float32 each: held by the features stage in
 *             the main process, and by every unit's worker while it trains
 *   network   F and G's weights with gradients and two Adam moments (x 4), plus copies (x 2)
 *   batches   K rows of the context vector and every layer's activations, forward and backward
 *   inference inferenceBatch rows of the same
 *   GMM       D's features (featureDim float32) and two responsibilities arrays (C float64)
 *   base      a process with Node, TensorFlow.js and its backend (assumed 400 MB)
 * Peak = base + max(log-mel of the main process, parallel workers x the largest unit).
 */
import type { ModelName } from '../models/detector.ts';
import type { ModelSettings } from '../models/settings.ts';
import { corpusVectors } from './consistency.ts';
import { networkMacs } from './estimate.ts';
import { settingsOf, type ExperimentSpec } from './schema.ts';

/** The longest estimated run accepted without --allow-large: one year of wall time. */
export const MAX_RUN_SEC = 365 * 24 * 3600;

/** Memory of one process of Node, TensorFlow.js and a backend, bytes (assumed). */
export const PROCESS_BASE_BYTES = 400e6;

const F32 = 4;
const F64 = 8;

/** Bytes of every log-mel frame of D (train split) and O. */
export function melBytes(spec: ExperimentSpec): number {
  const { sampleRate } = spec.data;
  const frames = ((spec.data.normalTrainSec + spec.data.otherSec) * sampleRate) / spec.frontend.hop;
  return frames * spec.frontend.nMels * F32;
}

/** Bytes one unit (cell x method) needs besides the log-mel it holds and the process base. */
export function unitBytes(spec: ExperimentSpec, s: ModelSettings): number {
  const q = spec.frontend.nMels * (spec.frontend.pb + spec.frontend.pf + 1);
  const weights = networkMacs(q, s.hidden, s.featureDim).total;
  const widths = q * 2 + 2 * s.hidden.reduce((a, b) => a + b, 0) + 3 * s.featureDim;
  const nD = corpusVectors(spec, spec.data.normalTrainSec);
  return (
    weights * F32 * 4 * 2 +
    s.batchSize * widths * F32 * 4 +
    s.inferenceBatch * widths * F32 * 2 +
    nD * (s.featureDim * F32 + 2 * s.components * F64)
  );
}

export interface MemoryEstimate {
  /** Peak bytes of the whole run (main process and its workers). */
  bytes: number;
  /** The largest unit: its method and bytes (log-mel and process base included). */
  largest: { method: ModelName; bytes: number };
  melBytes: number;
  /** Worker processes at once. */
  parallel: number;
}

/** Peak memory of a cell's run with `parallel` worker processes at once. */
export function estimateMemory(spec: ExperimentSpec, parallel: number): MemoryEstimate {
  const mels = melBytes(spec);
  let largest = { method: spec.methods[0], bytes: 0 };
  for (const method of spec.methods) {
    const bytes = PROCESS_BASE_BYTES + mels + unitBytes(spec, settingsOf(spec, method));
    if (bytes > largest.bytes) largest = { method, bytes };
  }
  const units = spec.methods.length * spec.seeds;
  const workers = Math.max(1, Math.min(parallel, units));
  const bytes = PROCESS_BASE_BYTES + Math.max(mels, workers * largest.bytes);
  return { bytes, largest, melBytes: mels, parallel: workers };
}

/** "3.2 GB", "120 GB", "850 MB": bytes in words, an estimate's precision. */
export function formatBytes(bytes: number): string {
  const gb = bytes / 1e9;
  if (gb >= 9.95) return `${Math.round(gb)} GB`;
  if (gb >= 0.995) return `${gb.toFixed(1)} GB`;
  return `${Math.max(1, Math.round(bytes / 1e6))} MB`;
}
