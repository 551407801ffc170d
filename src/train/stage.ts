/**
 * The train stage (I/O edge): one method trained on a data key's D and O (read standardised from
 * the feature cache), each epoch's record appended to `train-log.jsonl`, and the detector saved
 * to `detector/` (src/models/io.ts; detector.json written last, so a detector is there whole or
 * not at all).
 */
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlannedUnit } from '../experiment/plan.ts';
import { loadTrainData, standardizerOf, type PreparedData } from '../features/stage.ts';
import { otherOrNormal } from '../models/data.ts';
import type { Detector } from '../models/detector.ts';
import { saveDetector } from '../models/io.ts';
import { getModel } from '../models/registry.ts';
import { epochLogLine, type EpochLog } from '../models/train.ts';

/** Trains `unit`'s method into `dir` (train-log.jsonl, detector/); returns the detector. */
export async function trainUnit(
  unit: PlannedUnit,
  prepared: PreparedData,
  cacheDir: string,
  dir: string,
  onEpoch?: (log: EpochLog) => void,
): Promise<Detector> {
  const data = otherOrNormal(await loadTrainData(prepared, cacheDir), unit.method);
  const logPath = join(dir, 'train-log.jsonl');
  writeFileSync(logPath, '');
  const { detector } = getModel(unit.method).train(data, unit.settings, {
    seed: unit.seed,
    standardizer: standardizerOf(prepared),
    frontend: prepared.frontend,
    onEpoch: (log) => {
      appendFileSync(logPath, `${epochLogLine(log)}\n`);
      onEpoch?.(log);
    },
  });
  rmSync(join(dir, 'detector'), { recursive: true, force: true });
  await saveDetector(detector, join(dir, 'detector'));
  return detector;
}
