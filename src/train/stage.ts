/**
 * The train stage (I/O edge): one method trained on a data key's D and O (read standardised from
 * the feature cache), each epoch's record appended to `train-log.jsonl`, and the detector saved
 * to `detector/` (src/models/io.ts; detector.json written last, so a detector is there whole or
 * not at all). A model with its own input (registry.ts `input`: the reference methods) gets D
 * only, made with its front end and context, standardised with the run's statistics or not at
 * all (identity statistics are then recorded, so scoring needs no special case).
 */
import { appendFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlannedUnit } from '../experiment/plan.ts';
import { ContextIndex } from '../features/context.ts';
import {
  cachedTrainMels,
  loadTrainData,
  standardizerOf,
  type PreparedData,
} from '../features/stage.ts';
import { standardize, type Standardizer } from '../features/standardize.ts';
import { otherOrNormal, type TrainData } from '../models/data.ts';
import type { FrameDetector } from '../models/detector.ts';
import { saveDetector } from '../models/io.ts';
import { getModel, type ModelInput } from '../models/registry.ts';
import { epochLogLine, type EpochLog } from '../models/train.ts';

/** Mean 0, std 1 for `nMels` bands: what "not standardised" records. */
export const identityStandardizer = (nMels: number, frames: number): Standardizer => ({
  mean: new Float32Array(nMels),
  std: new Float32Array(nMels).fill(1),
  frames,
});

/** D made as `input` asks (O empty), and the statistics it was standardised with. */
async function inputData(prepared: PreparedData, cacheDir: string, input: ModelInput) {
  const frontend = input.frontend ?? prepared.frontend;
  const { normal } = await cachedTrainMels(prepared, cacheDir, false, frontend);
  const frames = normal.reduce((a, m) => a + m.nFrames, 0);
  const st = input.standardise
    ? standardizerOf(prepared)
    : identityStandardizer(frontend.nMels, frames);
  if (input.standardise) for (const m of normal) standardize(m, st, m.data);
  const data: TrainData = {
    normal: new ContextIndex(normal, input.context),
    other: new ContextIndex([], input.context),
  };
  return { data, standardizer: st, frontend };
}

/** Trains `unit`'s method into `dir` (train-log.jsonl, detector/); returns the detector. */
export async function trainUnit(
  unit: PlannedUnit,
  prepared: PreparedData,
  cacheDir: string,
  dir: string,
  onEpoch?: (log: EpochLog) => void,
): Promise<FrameDetector> {
  const model = getModel(unit.method);
  const input = model.input?.(unit.settings, {
    sampleRate: prepared.frontend.sampleRate,
    ...prepared.context,
  });
  const own = input ? await inputData(prepared, cacheDir, input) : undefined;
  const data = own?.data ?? otherOrNormal(await loadTrainData(prepared, cacheDir), unit.method);
  const logPath = join(dir, 'train-log.jsonl');
  writeFileSync(logPath, '');
  const { detector } = model.train(data, unit.settings, {
    seed: unit.seed,
    standardizer: own?.standardizer ?? standardizerOf(prepared),
    frontend: own?.frontend ?? prepared.frontend,
    onEpoch: (log) => {
      appendFileSync(logPath, `${epochLogLine(log)}\n`);
      onEpoch?.(log);
    },
  });
  rmSync(join(dir, 'detector'), { recursive: true, force: true });
  await saveDetector(detector, join(dir, 'detector'));
  return detector;
}
