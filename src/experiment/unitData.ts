/**
 * Checks of recorded data (DCASE units, folders) that only the data stage can make, since the
 * spec does not know how much audio the folders hold: run after data and features, before any
 * unit trains (src/experiment/runner.ts), so a unit with too little training audio stops the
 * run at once, naming its training folder and the setting to change, rather than failing after
 * its training. Synthetic cells are checked from the spec alone (consistency.ts).
 *
 * phi-clip (src/evaluate/metrics/clipThreshold.ts) is the floor(rho K)-th largest of the K
 * clip-length windows (hop one frame) of D's training frame scores, the clip length being the
 * frame scores of a test clip (the last one, as the score stage takes it); it needs
 * floor(rho K) >= 1. With DCASE's training and test files all 10 s long, K is the number of
 * training files, so rho = 0.05 needs 20 of them.
 */
import { join } from 'node:path';
import { readManifest } from '../data/manifest.ts';
import type { PreparedData } from '../features/stage.ts';
import { frameCount } from '../features/stft.ts';
import { runMessages } from '../messages/index.ts';
import type { RunPlan } from './plan.ts';
import type { ExperimentSpec } from './schema.ts';

/** The folder a cell's training normals (D) come from, as the user would look for it. */
function trainFolder(spec: ExperimentSpec): string {
  if (spec.data.source === 'dcase') {
    const type = spec.data.dcase.unit.split('/')[0];
    return join(spec.data.dcase.root, type, 'train');
  }
  return spec.data.folders.normal;
}

/** Throws naming the training folder when a unit's D is too small for its phi-clip. */
export function checkUnitData(plan: RunPlan, prepared: ReadonlyMap<string, PreparedData>): void {
  const cellSpec = new Map(plan.cells.map((c) => [c.id, c.spec]));
  for (const unit of plan.units) {
    const spec = cellSpec.get(unit.cell) as ExperimentSpec;
    const p = prepared.get(unit.data.hash);
    if (spec.data.source === 'synthetic' || !p) continue;
    const files = readManifest(p.corpusDir).files;
    const test = files.filter((f) => f.role === 'test');
    if (test.length === 0) continue;
    const { nFft, hop } = p.frontend;
    const scored = (samples: number) =>
      Math.max(0, frameCount(samples, nFft, hop) - p.context.pb - p.context.pf);
    const clipFrames = scored(test[test.length - 1].samples);
    const train = files.filter((f) => f.role === 'normal' && f.split === 'train');
    const windows = train.reduce((k, f) => k + Math.max(0, scored(f.samples) - clipFrames + 1), 0);
    const { rho } = unit.settings;
    if (Math.floor(rho * windows) < 1) {
      const unitName = spec.data.source === 'dcase' ? spec.data.dcase.unit : unit.cell;
      throw new Error(
        runMessages.unitTooFewWindows(unitName, trainFolder(spec), train.length, windows, rho),
      );
    }
  }
}
