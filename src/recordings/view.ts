/**
 * The Fig. 4 detection view (src/report/detection.ts) built while a recording streams through
 * the detector, in memory bounded whatever its length: the waveform as min/max per column, the
 * log-mel and the features as means over groups of frames, each kept in at most twice the drawn
 * number of columns and halved (neighbours merged) when full, so groups are power-of-two sized;
 * frame scores are kept whole by the caller and thinned here to the maximum per group when there
 * are more than `maxScores` (the maximum is what a threshold decision sees).
 */
import {
  frameTime,
  type DetectionView,
  type Heatmap,
  type WaveColumn,
} from '../report/detection.ts';
import type { Detector } from '../models/detector.ts';
import type { ScoredBlock } from './scorer.ts';

/**
 * Consecutive items folded into columns of `step` items each, at most 2 limit columns kept: when
 * a new column is needed and none is free, neighbouring columns are merged and `step` doubles.
 * A subclass says what a column holds (open, fold, merge).
 */
abstract class Columns<T> {
  protected step = 1;
  protected cols = 0;
  protected readonly counts: Int32Array;
  /** Items added so far. */
  total = 0;
  constructor(protected readonly limit: number) {
    this.counts = new Int32Array(2 * limit);
  }

  /** Empties column c. */
  protected abstract open(c: number): void;
  /** Folds items [from, from + count) of `data` into column c. */
  protected abstract fold(c: number, data: T, from: number, count: number): void;
  /** Column `to` becomes columns a and b merged (b < 0: column a alone). */
  protected abstract merge(to: number, a: number, b: number): void;

  /** Adds items 0 .. n - 1 of `data`. */
  protected addItems(data: T, n: number): void {
    for (let i = 0; i < n;) {
      if (this.cols === 0 || this.counts[this.cols - 1] === this.step) {
        if (this.cols === 2 * this.limit) this.halve();
        this.open(this.cols);
        this.counts[this.cols++] = 0;
      }
      const c = this.cols - 1;
      const k = Math.min(n - i, this.step - this.counts[c]);
      this.fold(c, data, i, k);
      this.counts[c] += k;
      i += k;
    }
    this.total += n;
  }

  private halve(): void {
    const half = Math.ceil(this.cols / 2);
    for (let c = 0; c < half; c++) {
      const a = 2 * c;
      const b = a + 1 < this.cols ? a + 1 : -1;
      this.merge(c, a, b);
      this.counts[c] = this.counts[a] + (b >= 0 ? this.counts[b] : 0);
    }
    this.cols = half;
    this.step *= 2;
  }

  /** Merges until at most `limit` columns are left. */
  protected settle(): void {
    while (this.cols > this.limit) this.halve();
  }
}

/** Means of consecutive rows of `rows` values, in groups of `step` rows. */
class GroupMeans extends Columns<ArrayLike<number>> {
  private readonly sums: Float64Array;
  constructor(
    readonly rows: number,
    max: number,
  ) {
    super(max);
    this.sums = new Float64Array(2 * max * rows);
  }

  add(data: ArrayLike<number>, n: number): void {
    this.addItems(data, n);
  }

  protected open(g: number): void {
    this.sums.fill(0, g * this.rows, (g + 1) * this.rows);
  }

  protected fold(g: number, data: ArrayLike<number>, from: number, count: number): void {
    const r = this.rows;
    for (let f = from; f < from + count; f++) {
      for (let i = 0; i < r; i++) this.sums[g * r + i] += data[f * r + i];
    }
  }

  protected merge(g: number, a: number, b: number): void {
    const r = this.rows;
    for (let i = 0; i < r; i++) {
      this.sums[g * r + i] = this.sums[a * r + i] + (b >= 0 ? this.sums[b * r + i] : 0);
    }
  }

  /** The heatmap: group j spans frames j step .. ; `time(f)` is frame f's centre, seconds. */
  heatmap(time: (f: number) => number, halfHop: number): Heatmap {
    this.settle();
    const r = this.rows;
    const t0: number[] = [];
    const t1: number[] = [];
    const values = new Float32Array(this.cols * r);
    for (let g = 0; g < this.cols; g++) {
      const first = g * this.step;
      t0.push(time(first) - halfHop);
      t1.push(time(first + this.counts[g] - 1) + halfHop);
      for (let i = 0; i < r; i++) values[g * r + i] = this.sums[g * r + i] / this.counts[g];
    }
    return { t0, t1, rows: r, values };
  }
}

/** Min and max of consecutive samples, in columns of `step` samples. */
class MinMaxColumns extends Columns<Float32Array> {
  private readonly min: Float64Array;
  private readonly max: Float64Array;
  constructor(limit: number) {
    super(limit);
    this.min = new Float64Array(2 * limit);
    this.max = new Float64Array(2 * limit);
  }

  add(x: Float32Array): void {
    this.addItems(x, x.length);
  }

  protected open(c: number): void {
    this.min[c] = Infinity;
    this.max[c] = -Infinity;
  }

  protected fold(c: number, x: Float32Array, from: number, count: number): void {
    let min = this.min[c];
    let max = this.max[c];
    for (let i = from; i < from + count; i++) {
      const v = x[i];
      if (v < min) min = v;
      if (v > max) max = v;
    }
    this.min[c] = min;
    this.max[c] = max;
  }

  protected merge(c: number, a: number, b: number): void {
    const bb = b >= 0 ? b : a;
    this.min[c] = Math.min(this.min[a], this.min[bb]);
    this.max[c] = Math.max(this.max[a], this.max[bb]);
  }

  columns(sampleRate: number): WaveColumn[] {
    this.settle();
    const out: WaveColumn[] = [];
    for (let c = 0, at = 0; c < this.cols; at += this.counts[c], c++) {
      const t0 = at / sampleRate;
      out.push({ t0, t1: (at + this.counts[c]) / sampleRate, min: this.min[c], max: this.max[c] });
    }
    return out;
  }
}

interface ViewOptions {
  /** Waveform columns (default 1000) and most heatmap columns (default 250), as detection.ts. */
  columns?: number;
  maxFrames?: number;
  /** Most score points drawn (default 2000); more are thinned to the maximum per group. */
  maxScores?: number;
}

/**
 * Collects a streamed recording's view for `detector` (its front end and context: the first
 * scored frame is frame Pb); `build` gives the DetectionView.
 */
export class StreamView {
  private readonly wave: MinMaxColumns;
  private readonly mel: GroupMeans;
  private readonly feats: GroupMeans;
  private readonly frontend: { sampleRate: number; hop: number; nFft: number };
  private readonly pb: number;

  constructor(
    detector: Detector,
    private readonly opts: ViewOptions = {},
  ) {
    this.frontend = detector.applied().frontend;
    this.pb = detector.context.pb;
    this.wave = new MinMaxColumns(opts.columns ?? 1000);
    this.mel = new GroupMeans(detector.nMels, opts.maxFrames ?? 250);
    this.feats = new GroupMeans(detector.settings.featureDim, opts.maxFrames ?? 250);
  }

  addSamples(block: Float32Array): void {
    this.wave.add(block);
  }

  addBlock(b: ScoredBlock): void {
    this.mel.add(b.mel.data, b.mel.nFrames);
    if (b.features && b.scores.length > 0) this.feats.add(b.features, b.scores.length);
  }

  /** The view: `scores` are every frame score (nats), from centre frame Pb on. */
  build(scores: Float64Array, threshold: number, thresholdLabel: string): DetectionView {
    const { sampleRate, hop, nFft } = this.frontend;
    const time = (t: number): number => frameTime(t, hop, nFft, sampleRate);
    const halfHop = hop / 2 / sampleRate;
    const maxScores = this.opts.maxScores ?? 2000;
    const step = Math.max(1, Math.ceil(scores.length / maxScores));
    const t: number[] = [];
    const v: number[] = [];
    for (let a = 0; a < scores.length; a += step) {
      let best = a;
      for (let i = a + 1; i < Math.min(scores.length, a + step); i++) {
        if (scores[i] > scores[best]) best = i;
      }
      t.push(time(this.pb + best));
      v.push(scores[best]);
    }
    return {
      sampleRate,
      durationSec: this.wave.total / sampleRate,
      waveform: this.wave.columns(sampleRate),
      spectrogram: this.mel.heatmap(time, halfHop),
      features: this.feats.heatmap((f) => time(this.pb + f), halfHop),
      scores: { time: t, value: v },
      threshold,
      thresholdLabel,
      anomaly: null,
    };
  }
}
