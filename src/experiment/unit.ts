/**
 * One unit of a run (train stage + score stage for one cell, method and seed), in the unit's
 * directory `cells/<cell>/<method>/seed-<n>/`:
 *   unit.json        the unit's key and settings, written first (a directory holding another
 *                    key is cleared: its inputs changed);
 *   train-log.jsonl  one EpochLog per line;
 *   detector/        the trained detector (src/models/io.ts; detector.json is written last);
 *   fig4.json        Fig. 4's data, for the unit Fig. 4 shows only (src/score/fig4.ts);
 *   scores.json      clip scores on the cell's test set, written last and atomically: a unit
 *                    is finished exactly when scores.json exists with the unit's key.
 * A unit interrupted after training is resumed at the score stage; one interrupted during
 * training starts training again.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { backendName } from '../engine/backend.ts';
import { dataFile, type PreparedData } from '../features/stage.ts';
import { Detector } from '../models/detector.ts';
import { loadFrameDetector } from '../models/io.ts';
import type { EpochLog } from '../models/train.ts';
import { writeFig4 } from '../score/fig4.ts';
import { scoreUnit } from '../score/stage.ts';
import { trainUnit } from '../train/stage.ts';
import { writeJsonAtomic } from '../util/atomicWrite.ts';
import { runMessages } from '../messages/index.ts';
import { BadJsonFile, readJsonFile } from '../util/readJson.ts';
import type { PlannedUnit } from './plan.ts';
import type { ExperimentSpec } from './schema.ts';

/** scores.json */
export interface UnitResult {
  key: string;
  id: string;
  cell: string;
  method: PlannedUnit['method'];
  seed: number;
  backend: string;
  /** phi_rho of the detector (nats) and the rho it was set with. */
  phi: number;
  /** The clip-level threshold from training windows (src/evaluate/metrics/clipThreshold.ts), nats. */
  phiClip: number;
  rho: number;
  clipIds: string[];
  /** Clip scores (nats), in clipIds order. */
  scores: number[];
  /** Wall-clock seconds of the train stage (0 when the detector was reused) and score stage. */
  trainSeconds: number;
  scoreSeconds: number;
}

export interface UnitJob {
  runDir: string;
  cacheDir: string;
  unit: PlannedUnit;
  /** The unit's cell spec. */
  spec: ExperimentSpec;
  /** Whether the unit is the one Fig. 4 shows (src/score/fig4.ts isFig4Unit). */
  fig4?: boolean;
}

/** What a running unit reports: each training epoch, and scoring progress (clips done of total). */
export type UnitProgress =
  { kind: 'epoch'; log: EpochLog } | { kind: 'score'; done: number; total: number };

const unitDir = (runDir: string, unitId: string): string => join(runDir, 'cells', unitId);

const readJson = <T>(path: string): T | null => (existsSync(path) ? readJsonFile<T>(path) : null);

const stderrNote = (line: string): void => void process.stderr.write(`${line}\n`);

/**
 * The unit's finished result, or null when it has not finished with this key. A damaged
 * scores.json (cut short) counts as unfinished: `note` says so, and the unit is run again.
 */
export function finishedUnit(
  runDir: string,
  unit: Pick<PlannedUnit, 'id' | 'key'>,
  note: (line: string) => void = stderrNote,
): UnitResult | null {
  let r: UnitResult | null;
  try {
    r = readJson<UnitResult>(join(unitDir(runDir, unit.id), 'scores.json'));
  } catch (e) {
    if (!(e instanceof BadJsonFile)) throw e;
    note(runMessages.unitResultDamaged(e.path, e.reason));
    return null;
  }
  return r?.key === unit.key ? r : null;
}

/** Runs (or resumes, or reuses) one unit; returns its result. */
export async function runUnit(job: UnitJob, on?: (p: UnitProgress) => void): Promise<UnitResult> {
  const { unit, runDir } = job;
  const done = finishedUnit(runDir, unit);
  if (done) return done;
  const dir = unitDir(runDir, unit.id);
  const meta = readJson<{ key: string }>(join(dir, 'unit.json'));
  if (meta?.key !== unit.key) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeJsonAtomic(join(dir, 'unit.json'), { key: unit.key, unit });
  }
  const prepared = readJson<PreparedData>(dataFile(runDir, unit.data)) as PreparedData;
  const t0 = performance.now();
  const reuse = existsSync(join(dir, 'detector', 'detector.json'));
  const det = reuse
    ? await loadFrameDetector(join(dir, 'detector'))
    : await trainUnit(unit, prepared, job.cacheDir, dir, (log) => on?.({ kind: 'epoch', log }));
  const t1 = performance.now();
  try {
    const { clipIds, scores, phiClip } = await scoreUnit(
      job.spec,
      prepared,
      det,
      job.cacheDir,
      unit.settings.rho,
      (done, total) => on?.({ kind: 'score', done, total }),
    );
    const result: UnitResult = {
      key: unit.key,
      id: unit.id,
      cell: unit.cell,
      method: unit.method,
      seed: unit.seed,
      backend: backendName(),
      phi: det.phi,
      phiClip,
      rho: unit.settings.rho,
      clipIds,
      scores,
      trainSeconds: reuse ? 0 : (t1 - t0) / 1000,
      scoreSeconds: (performance.now() - t1) / 1000,
    };
    // Before scores.json, the unit's finished marker: a finished unit has its Fig. 4 data.
    // Fig. 4 shows PROP's detector (score/fig4.ts isFig4Unit), a GMM detector.
    if (job.fig4 && det instanceof Detector) await writeFig4(dir, job.spec, prepared, det);
    writeJsonAtomic(join(dir, 'scores.json'), result);
    return result;
  } finally {
    det.dispose();
  }
}
