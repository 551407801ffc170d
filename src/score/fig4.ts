/**
 * Fig. 4's data (edge: TensorFlow.js), computed by the score stage of the unit Fig. 4 shows
 * (PROP, the first cell, its first seed: isFig4Unit): the detector scores the first anomalous
 * test clip of the SNR closest to evaluation.fig4SnrDb (pickClip); the threshold drawn is the
 * detector's phi_rho, the shaded interval the anomaly's place in the test-set plan. Written to
 * the unit's fig4.json before scores.json, so that a finished unit has it and the report reads
 * it without the detector.
 */
import { join } from 'node:path';
import { testClips } from '../data/stage.ts';
import type { ExperimentSpec } from '../experiment/schema.ts';
import type { PreparedData } from '../features/stage.ts';
import type { Detector } from '../models/detector.ts';
import { pickClip } from '../report/fig4.ts';
import { FIG4_FILE, fig4Json, type Fig4Data } from '../report/fig4File.ts';
import { writeFileAtomic } from '../util/atomicWrite.ts';
import { detectionView } from './detectionView.ts';

/** Whether the unit is the one Fig. 4 shows: PROP of the first cell at the cell's first seed. */
export const isFig4Unit = (
  unit: { cell: string; method: string; seed: number },
  firstCell: { id: string; spec: ExperimentSpec },
): boolean =>
  unit.method === 'prop' && unit.cell === firstCell.id && unit.seed === firstCell.spec.seed;

/** Fig. 4's data of the cell's test set scored by `det` (view null without an anomalous clip). */
async function fig4Data(
  spec: ExperimentSpec,
  prepared: PreparedData,
  det: Detector,
): Promise<Fig4Data> {
  const { clips, labels, render } = await testClips(prepared.corpusDir, spec);
  const i = pickClip(labels, spec.evaluation.fig4SnrDb);
  // Given test files (DCASE) carry no anomaly interval to shade: no Fig. 4.
  if (i < 0 || clips.length === 0) return { clipId: '', snrDb: 0, view: null };
  const { anomaly } = clips[i];
  const rate = prepared.frontend.sampleRate;
  const view = await detectionView(det, await render(i), rate, {
    threshold: det.phi,
    thresholdLabel: 'phi_rho',
    anomaly: anomaly && {
      start: anomaly.offset / rate,
      end: (anomaly.offset + anomaly.samples) / rate,
    },
  });
  return { clipId: labels[i].clipId, snrDb: labels[i].snrDb, view };
}

/** Computes Fig. 4's data and writes it atomically to `<unitDir>/fig4.json`. */
export async function writeFig4(
  unitDir: string,
  spec: ExperimentSpec,
  prepared: PreparedData,
  det: Detector,
): Promise<void> {
  // Compact: the heatmaps are some ten thousand numbers.
  const data = fig4Json(await fig4Data(spec, prepared, det));
  writeFileAtomic(join(unitDir, FIG4_FILE), `${JSON.stringify(data)}\n`);
}
