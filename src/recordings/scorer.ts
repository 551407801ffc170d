/**
 * Frame scores of a signal that arrives in blocks (streaming detection). The STFT needs nFft
 * samples per frame and advances by hop, so the samples after the last whole frame are carried
 * into the next block; a context vector needs Pb past and Pf future frames, so the last Pb + Pf
 * standardised log-mel frames are carried too. Every frame and every context vector is therefore
 * the one the whole signal would give: the scores equal Detector.scoreSignal's on the whole
 * signal (the encoder sees other batch sizes, which may change float rounding only).
 * Memory: the carried samples (< nFft) and frames (Pb + Pf), plus one block's log-mel.
 */
import type { FrameExtractor } from '../features/frontEnd.ts';
import type { LogMel } from '../features/logmel.ts';
import { standardize, type Standardizer } from '../features/standardize.ts';
import type { Detector } from '../models/detector.ts';

/** What one block produced. Frame indices count STFT frames from the start of the signal. */
export interface ScoredBlock {
  /** Raw log-mel (ln mel energy) of the new frames: frames firstFrame .. firstFrame + n - 1. */
  mel: LogMel;
  firstFrame: number;
  /** Scores (nats) of the centre frames that became complete: firstScored .. + length - 1. */
  scores: Float64Array;
  firstScored: number;
  /** F(x) of the same centre frames (scores.length x D), when features were asked for. */
  features?: Float32Array;
}

export class StreamScorer {
  private samples = new Float32Array(0);
  /** Samples still to drop before the next frame starts (only when hop > nFft). */
  private skip = 0;
  private frames = 0;
  private carry: LogMel;
  private readonly standardizer: Standardizer;

  constructor(
    private readonly detector: Detector,
    private readonly extractor: FrameExtractor,
    private readonly withFeatures = false,
  ) {
    this.standardizer = detector.applied().standardizer;
    this.carry = { data: new Float32Array(0), nFrames: 0, nMels: detector.nMels };
  }

  /** Frames (STFT) seen so far. */
  get frameCount(): number {
    return this.frames;
  }

  /** Adds the next block of samples; returns the frames and scores it completed. */
  push(block: Float32Array): ScoredBlock {
    const { nFft, hop } = this.extractor.options;
    const drop = Math.min(this.skip, block.length);
    this.skip -= drop;
    const fresh = block.subarray(drop);
    const buf = new Float32Array(this.samples.length + fresh.length);
    buf.set(this.samples);
    buf.set(fresh, this.samples.length);
    const n = this.extractor.frameCount(buf.length);
    const mel = this.extractor.extract(buf.subarray(0, n > 0 ? (n - 1) * hop + nFft : 0));
    this.samples = buf.slice(Math.min(n * hop, buf.length));
    this.skip += Math.max(0, n * hop - buf.length);
    const firstFrame = this.frames;
    this.frames += n;

    const nMels = this.detector.nMels;
    const c = this.carry.nFrames;
    const joined = new Float32Array((c + n) * nMels);
    joined.set(this.carry.data);
    standardize(mel, this.standardizer, joined.subarray(c * nMels));
    const all: LogMel = { data: joined, nFrames: c + n, nMels };
    const { scores, features } = this.detector.scoreFramesAndFeatures(all, this.withFeatures);
    const { pb, pf } = this.detector.context;
    const keep = Math.min(pb + pf, all.nFrames);
    this.carry = {
      data: joined.slice((all.nFrames - keep) * nMels),
      nFrames: keep,
      nMels,
    };
    return {
      mel,
      firstFrame,
      scores,
      firstScored: firstFrame - c + pb,
      ...(features ? { features } : {}),
    };
  }
}
