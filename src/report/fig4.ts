/**
 * Fig. 4 of a finished run (I/O edge): PROP's detector of the first cell and its first seed
 * (cells/<cell>/prop/seed-<n>/detector/) scores the first anomalous test clip of the SNR closest
 * to evaluation.fig4SnrDb, rebuilt from the corpus the run used (data/<hash>.json); the threshold drawn is the
 * unit's phi_rho (scores.json), the shaded interval the anomaly's place in the test-set plan.
 * Nothing of the run is rewritten. A run without a PROP unit has no Fig. 4.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { initBackend } from '../engine/backend.ts';
import { testClips } from '../data/stage.ts';
import { dataFile, type PreparedData } from '../features/stage.ts';
import { planRun } from '../experiment/plan.ts';
import type { ExperimentSpec } from '../experiment/schema.ts';
import type { UnitResult } from '../experiment/unit.ts';
import type { Raw } from '../spec/tree.ts';
import { loadDetector } from '../models/io.ts';
import { detectionView } from './detection.ts';
import { detectionChart } from './detectionChart.ts';
import type { RunData } from './runFiles.ts';
import type { TopLevelSpec } from 'vega-lite';

/** Fig. 4's chart entry (name, report title and caption) and spec. */
export interface Fig4Chart {
  name: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

/**
 * Index of the first anomalous clip of the SNR closest to `targetDb` (the lower SNR on a tie),
 * or -1 when there is none.
 */
export function pickClip(
  labels: readonly { label: number; snrDb: number }[],
  targetDb = 0,
): number {
  let best = -1;
  labels.forEach((l, i) => {
    if (l.label !== 1) return;
    const b = best < 0 ? undefined : labels[best];
    const d = Math.abs(l.snrDb - targetDb);
    const closer =
      !b ||
      d < Math.abs(b.snrDb - targetDb) ||
      (d === Math.abs(b.snrDb - targetDb) && l.snrDb < b.snrDb);
    if (closer) best = i;
  });
  return best;
}

/**
 * Fig. 4 of the run in `runDir`, or null when its first cell has no PROP unit, no anomalous
 * test clip, or its corpus is no longer in the cache. Initialises the run's TensorFlow.js backend (any available one if that is not)
 * and frees the detector.
 */
export async function planFig4(runDir: string, run: RunData): Promise<Fig4Chart | null> {
  const resolved = readJson<{
    cells: { id: string; assignments: Record<string, Raw>; spec: ExperimentSpec }[];
  }>(join(runDir, 'spec.resolved.json'));
  const cell = resolved.cells[0];
  const { spec } = cell;
  const seed = spec.seed;
  const unit = join(runDir, 'cells', cell.id, 'prop', `seed-${seed}`);
  if (!spec.methods.includes('prop') || !existsSync(join(unit, 'detector'))) return null;
  const key = planRun([{ assignments: cell.assignments, spec }], run.provenance.backend.backend)
    .data[0];
  const file = dataFile(runDir, key);
  // A run directory moved away from its corpus cache keeps every other chart.
  if (!existsSync(file)) return null;
  const prepared = readJson<PreparedData>(file);
  if (!existsSync(prepared.corpusDir)) return null;
  const { clips, labels, render } = await testClips(prepared.corpusDir, spec);
  const i = pickClip(labels, spec.evaluation.fig4SnrDb);
  // Given test files (DCASE) carry no anomaly interval to shade: no Fig. 4.
  if (i < 0 || clips.length === 0) return null;
  const { anomaly } = clips[i];
  const rate = prepared.frontend.sampleRate;
  const { phi } = readJson<UnitResult>(join(unit, 'scores.json'));
  try {
    await initBackend(run.provenance.backend.backend);
  } catch {
    await initBackend();
  }
  const detector = await loadDetector(join(unit, 'detector'));
  try {
    const view = await detectionView(detector, await render(i), rate, {
      threshold: phi,
      thresholdLabel: 'phi_rho',
      anomaly: anomaly && {
        start: anomaly.offset / rate,
        end: (anomaly.offset + anomaly.samples) / rate,
      },
    });
    const { clipId, snrDb } = labels[i];
    const where = resolved.cells.length > 1 ? `cell ${cell.id}, ` : '';
    return {
      name: 'fig4-detection',
      title: 'Fig. 4: detection view',
      caption:
        `PROP (${where}seed ${seed}) on test clip ${clipId} (${snrDb} dB): waveform, log-mel, ` +
        'features F(x) and frame scores with phi_rho (dashed) and the true anomaly (shaded).',
      spec: detectionChart(view, {
        subtitle: `PROP, ${where}seed ${seed}, clip ${clipId} at ${snrDb} dB`,
      }),
    };
  } finally {
    detector.dispose();
  }
}
