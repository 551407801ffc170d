/**
 * `npasd detect` as functions (I/O edge): a model directory (model.ts) applied to recordings.
 * Per file: frame scores over time, the clip score and the decision at the model's clip-level
 * threshold phiClip. phi_rho is a per-frame threshold (a fraction rho of normal training frames
 * lie above it), so the maximum of a clip's ~600 frame scores lies above it for almost every
 * clip; phiClip is the same rule applied to D's clip-length training windows
 * (src/evaluate/metrics/clipThreshold.ts), so it applies to clip scores.
 *
 * Clip score: for a recording of at most the clip length (model.json clipFrames frame scores),
 * the aggregation (max, or mean) of all its frame scores, as the runner scores a test clip. For
 * a longer recording, the largest clip score of its clip-length windows one frame apart, as the
 * windows phiClip was set on: with max this is simply the largest frame score. So a recording
 * is anomalous when some clip-length stretch of it would be; a long normal recording raises a
 * false alarm more often than a clip (each clip length of sound is another chance).
 *
 * Streaming: audio is read in blocks of `blockSec` seconds (src/audio/stream.ts) and scored
 * block by block with the STFT and context carried over (scorer.ts); one file at a time. Memory
 * per file: one block of samples (4 bytes x channels x rate x blockSec) and its log-mel, plus the
 * frame scores and their times kept for the output (16 bytes per frame: 3.6 MB per hour of
 * sound at the paper's 62.5 frames/s), plus with `plot` the thinned view (fixed size).
 */
import { audioBlocks } from '../audio/stream.ts';
import { windowScores } from '../evaluate/metrics/clipThreshold.ts';
import { frameTime, type DetectionView } from '../report/detection.ts';
import { contextSeconds } from '../features/context.ts';
import type { FrameExtractor } from '../features/frontEnd.ts';
import { ownDataMessages } from '../messages/index.ts';
import type { LoadedModel } from './model.ts';
import { StreamScorer } from './scorer.ts';
import { StreamView } from './view.ts';

/** What detect reports for one recording. */
export interface RecordingResult {
  file: string;
  durationSec: number;
  /** Centre times (s) and scores (nats) of the frames with full context. */
  times: Float64Array;
  scores: Float64Array;
  /** Clip score (nats), the time it was found at (the frame, or the window's centre), s. */
  clipScore: number;
  clipTimeSec: number;
  /** Clip-length windows the clip score was taken over (1 for a clip or a shorter file). */
  windows: number;
  threshold: number;
  anomalous: boolean;
  /** Frames scoring above the threshold (with max aggregation: the anomalous stretches). */
  framesAbove: number;
}

/** A growable Float64Array. */
class Values {
  data = new Float64Array(1024);
  length = 0;
  push(x: ArrayLike<number>): void {
    if (this.length + x.length > this.data.length) {
      const next = new Float64Array(Math.max(2 * this.data.length, this.length + x.length));
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data.set(x, this.length);
    this.length += x.length;
  }
  get values(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

/** Clip score and where (index of the first frame and frames spanned) of a file's scores. */
export function fileClipScore(
  scores: Float64Array,
  clipFrames: number,
  aggregation: 'max' | 'mean',
): { score: number; first: number; span: number; windows: number } {
  const n = scores.length;
  if (aggregation === 'max') {
    let best = 0;
    for (let i = 1; i < n; i++) if (scores[i] > scores[best]) best = i;
    return { score: scores[best], first: best, span: 1, windows: Math.max(1, n - clipFrames + 1) };
  }
  if (n <= clipFrames) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += scores[i];
    return { score: sum / n, first: 0, span: n, windows: 1 };
  }
  const w = windowScores([scores], clipFrames, 1, 'mean');
  let best = 0;
  for (let i = 1; i < w.length; i++) if (w[i] > w[best]) best = i;
  return { score: w[best], first: best, span: clipFrames, windows: w.length };
}

/**
 * Scores one recording with a loaded model, streaming; with `plot`, also its detection view.
 * `extractor` must have the detector's front-end settings (created once by the caller). The
 * front end, context and statistics are the detector's (model.json holds copies).
 */
export async function scoreRecording(
  model: LoadedModel,
  extractor: FrameExtractor,
  file: string,
  opts: { blockSec?: number; plot?: boolean } = {},
): Promise<{ result: RecordingResult; view?: DetectionView }> {
  const { detector, info } = model;
  const { frontend } = detector.applied();
  const { sampleRate, hop, nFft } = frontend;
  const { context } = detector;
  const scorer = new StreamScorer(detector, extractor, opts.plot ?? false);
  const view = opts.plot ? new StreamView(detector) : null;
  const scores = new Values();
  let samples = 0;
  const blockSamples = Math.round((opts.blockSec ?? 10) * sampleRate);
  for await (const block of audioBlocks(file, { sampleRate, blockSamples })) {
    samples += block.length;
    view?.addSamples(block);
    const b = scorer.push(block);
    view?.addBlock(b);
    scores.push(b.scores);
  }
  const durationSec = samples / sampleRate;
  const s = scores.values;
  if (s.length === 0) {
    throw new Error(
      ownDataMessages.fileTooShort(file, durationSec, contextSeconds(1, frontend, context)),
    );
  }
  const nan = s.findIndex((v) => Number.isNaN(v));
  if (nan >= 0) throw new Error(ownDataMessages.scoreNaN(file, nan));
  // The first frame with full context is frame Pb.
  const time = (t: number): number => frameTime(t, hop, nFft, sampleRate);
  const times = Float64Array.from(s, (_, i) => time(context.pb + i));
  const c = fileClipScore(s, info.clipFrames, info.aggregation);
  let framesAbove = 0;
  for (const v of s) if (v > info.phiClip) framesAbove++;
  const result: RecordingResult = {
    file,
    durationSec,
    times,
    scores: s,
    clipScore: c.score,
    clipTimeSec: (times[c.first] + times[c.first + c.span - 1]) / 2,
    windows: c.windows,
    threshold: info.phiClip,
    anomalous: c.score > info.phiClip,
    framesAbove,
  };
  return {
    result,
    ...(view ? { view: view.build(s, info.phiClip, 'phi-clip') } : {}),
  };
}
