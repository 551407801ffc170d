/**
 * The score stage (I/O edge): a trained detector applied to the cell's test clips (frame scores
 * aggregated per clip, METHOD.md section 8), and the deployable clip threshold phiClip set on
 * clip-length windows of D's training frames (src/evaluate/metrics/clipThreshold.ts). Every method
 * goes through the same code: the detector's recorded front end and standardisation (the run's
 * for all but dcase-ae, which has its own), and its clip aggregation if it prescribes one
 * (dcase-ae: mean), else the spec's.
 */
import { testClips } from '../data/stage.ts';
import { clipThreshold } from '../evaluate/metrics/clipThreshold.ts';
import type { ExperimentSpec } from '../experiment/schema.ts';
import { createFrontEnd } from '../features/frontEnd.ts';
import { loadNormalMels, type PreparedData } from '../features/stage.ts';
import { standardize } from '../features/standardize.ts';
import type { FrameDetector } from '../models/detector.ts';
import { clipScores } from './clip.ts';

export interface UnitScores {
  clipIds: string[];
  /** Clip scores (nats), in clipIds order. */
  scores: number[];
  /** The clip-level threshold from training windows, nats. */
  phiClip: number;
}

/** Scores the cell's test clips with `det` and sets phiClip at `rho`. */
export async function scoreUnit(
  spec: ExperimentSpec,
  prepared: PreparedData,
  det: FrameDetector,
  cacheDir: string,
  rho: number,
  onClip?: (done: number, total: number) => void,
): Promise<UnitScores> {
  const { labels, render } = await testClips(prepared.corpusDir, spec);
  const { frontend, standardizer: st } = det.applied();
  const extractor = await createFrontEnd(frontend);
  const aggregation = det.aggregation ?? spec.evaluation.aggregation;
  let clipFrames = 0;
  const scores: number[] = [];
  try {
    for (let i = 0; i < labels.length; i++) {
      const mel = extractor.extract(await render(i));
      const frames = det.scoreFrames(standardize(mel, st, mel.data as Float32Array));
      clipFrames = frames.length;
      onClip?.(i + 1, labels.length);
      scores.push(clipScores(frames, [frames.length], aggregation)[0]);
    }
  } finally {
    extractor.dispose();
  }
  const mels = await loadNormalMels(prepared, cacheDir, frontend, st);
  const normal = mels.map((m) => det.scoreFrames(m));
  const phiClip = clipThreshold(normal, clipFrames, 1, aggregation, rho);
  return { clipIds: labels.map((l) => l.clipId), scores, phiClip };
}
