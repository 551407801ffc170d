/**
 * A model directory of `npasd train` (I/O edge): the detector in the src/models/io.ts format
 * (detector.json, weights.bin), the training log (train-log.jsonl, one EpochLog per line) and
 * model.json, which says how to apply the detector to recordings:
 *   format "npasd-model", version;
 *   method, seed, model settings, front end (log-mel options) and context (Pb, Pf), the
 *   standardisation statistics (copies of detector.json's, for readers of model.json alone:
 *   detect applies the detector's own);
 *   phiRho (per-frame threshold, nats) and rho; the clip-level threshold phiClip (nats) with the
 *   clip length it was set for (clipSec, clipFrames) and the aggregation of frame scores;
 *   the TensorFlow.js backend, the git state, the spec it came from (name, file, scale, --set
 *   overrides and the resolved settings), and the training recordings (path relative to their
 *   folder, bytes, sha256, seconds).
 * No times or absolute output paths, so the same inputs, seed and backend give the same bytes.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BackendInfo } from '../engine/backend.ts';
import type { PreparedData } from '../features/stage.ts';
import type { ExperimentSpec } from '../experiment/schema.ts';
import type { ClipAggregation } from '../score/clip.ts';
import type { Detector, ModelName } from '../models/detector.ts';
import { loadDetector } from '../models/io.ts';
import type { ModelSettings } from '../models/settings.ts';
import { ownDataMessages } from '../messages/index.ts';

export const MODEL_FORMAT = 'npasd-model';
export const MODEL_VERSION = 1;
export const MODEL_JSON = 'model.json';
export const TRAIN_LOG = 'train-log.jsonl';

export interface TrainingFile {
  path: string;
  bytes: number;
  sha256: string;
  seconds: number;
}

export interface ModelFile {
  format: typeof MODEL_FORMAT;
  version: number;
  method: ModelName;
  seed: number;
  settings: ModelSettings;
  frontend: PreparedData['frontend'];
  context: PreparedData['context'];
  standardizer: PreparedData['standardizer'];
  /** Per-frame threshold phi_rho (nats): a fraction rho of D's training frames lie above it. */
  phiRho: number;
  rho: number;
  /** Clip-level threshold (nats): rho of D's clip-length training windows lie above it. */
  phiClip: number;
  /** The window phiClip was set on: seconds and frame scores (frames with full context). */
  clipSec: number;
  clipFrames: number;
  /** Frame scores to a clip score. */
  aggregation: ClipAggregation;
  /** Training recordings were cut into pieces of at most this many seconds. */
  pieceSec: number;
  /** How O was used: "other" (the --other folder), "none" (AE, VAE: D only), "normal" (PROP). */
  otherSource: 'other' | 'none' | 'normal';
  backend: BackendInfo;
  git: { commit: string | null; dirty: boolean | null };
  spec: {
    name: string;
    file: string;
    scale: string | null;
    sets: string[];
    resolved: ExperimentSpec;
  };
  data: {
    normal: { dir: string; files: TrainingFile[] };
    other: { dir: string; files: TrainingFile[] } | null;
  };
}

/** A loaded model: its model.json and the detector (dispose() it). */
export interface LoadedModel {
  dir: string;
  info: ModelFile;
  detector: Detector;
}

/**
 * model.json's text: two-space JSON with arrays of plain values (statistics, settings) on one
 * line each (JSON strings hold no raw line breaks, so the split is safe).
 */
export function modelJsonText(info: ModelFile): string {
  const text = JSON.stringify(info, null, 2).replace(
    /\[\n\s*([^[\]{}]*?)\n\s*\]/g,
    (_, inner: string) => `[${inner.split(/,\n\s*/).join(', ')}]`,
  );
  return `${text}\n`;
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Reads and checks model.json and the detector of `dir`; every error names the file. */
export async function loadModel(dir: string): Promise<LoadedModel> {
  const file = join(dir, MODEL_JSON);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new Error(
      err.code === 'ENOENT'
        ? ownDataMessages.noModel(dir)
        : ownDataMessages.badModel(file, err.message),
      {
        cause: e,
      },
    );
  }
  let info: ModelFile;
  try {
    info = JSON.parse(text) as ModelFile;
  } catch (e) {
    throw new Error(ownDataMessages.badModel(file, (e as Error).message), { cause: e });
  }
  const bad = (field: string, expected: string) =>
    new Error(ownDataMessages.badModelField(file, field, expected));
  if (info?.format !== MODEL_FORMAT) throw bad('format', `"${MODEL_FORMAT}"`);
  if (info.version !== MODEL_VERSION) throw bad('version', String(MODEL_VERSION));
  if (!isNum(info.phiClip)) throw bad('phiClip', 'a finite number');
  if (!isNum(info.phiRho)) throw bad('phiRho', 'a finite number');
  if (!(Number.isInteger(info.clipFrames) && info.clipFrames >= 1)) {
    throw bad('clipFrames', 'an integer >= 1');
  }
  if (!isNum(info.clipSec)) throw bad('clipSec', 'a finite number');
  if (info.aggregation !== 'max' && info.aggregation !== 'mean') {
    throw bad('aggregation', '"max" or "mean"');
  }
  const detector = await loadDetector(dir);
  if (!detector.frontend || !detector.standardizer || detector.phi !== info.phiRho) {
    detector.dispose();
    throw new Error(ownDataMessages.modelMismatch(dir));
  }
  return { dir, info, detector };
}
