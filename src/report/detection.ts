/**
 * Fig. 4 (METHOD.md section 10): the detection view of one recording, its types and the pure
 * thinning of what is drawn: the waveform to min/max per pixel column, the spectrogram and the
 * features to frame means over groups of frames. Scores are never thinned (one value per frame
 * is a few hundred points for a 10 s clip). Running a detector over a signal to get the view is
 * the score stage's (src/score/detectionView.ts), so that the report needs no TensorFlow.js.
 * Frame t's time is its centre, (t hop + nFft / 2) / sampleRate seconds.
 */

/** A band of the waveform: min and max of the samples of one pixel column. */
export interface WaveColumn {
  /** Column start and end, seconds. */
  t0: number;
  t1: number;
  min: number;
  max: number;
}

/** A matrix over time drawn as a heatmap: `values[j * rows + r]` is row r of column j. */
export interface Heatmap {
  /** Column j covers [t0[j], t1[j]) seconds (a group of frames, edges half a hop out). */
  t0: number[];
  t1: number[];
  rows: number;
  values: Float32Array;
}

export interface DetectionView {
  sampleRate: number;
  /** Length of the signal, seconds. */
  durationSec: number;
  /** (a) min/max per column. */
  waveform: WaveColumn[];
  /** (b) raw log-mel (ln of mel energy), frames x mels (rows = mel bands, low first). */
  spectrogram: Heatmap;
  /** Centre frequency of each mel band (row of (b)), Hz; absent in views written before it. */
  melCentersHz?: number[];
  /** (c) F(x), frames with full context x D (rows = feature dims). */
  features: Heatmap;
  /** (d) frame scores L (nats) at the centre times of frames Pb .. n - Pf - 1. */
  scores: { time: number[]; value: number[] };
  /** The drawn threshold (nats) and its name ("phi_rho"). */
  threshold: number;
  thresholdLabel: string;
  /** The true anomaly interval, seconds; null for a normal recording. */
  anomaly: { start: number; end: number } | null;
}

export interface DetectionViewOptions {
  /** Threshold to draw, nats. Default the detector's phi_rho. */
  threshold?: number;
  /** Its name. Default "phi_rho". */
  thresholdLabel?: string;
  /** The true anomaly interval, seconds. Default none. */
  anomaly?: { start: number; end: number } | null;
  /** Pixel columns of the waveform, >= 1. Default 1000. */
  columns?: number;
  /** Most heatmap columns (frame groups) of (b) and (c), >= 1. Default 250. */
  maxFrames?: number;
}

/** Centre of frame t, seconds. */
export const frameTime = (t: number, hop: number, nFft: number, sampleRate: number): number =>
  (t * hop + nFft / 2) / sampleRate;

/**
 * Min/max per column (pure): column c holds samples [floor(c n / k), floor((c + 1) n / k)) with
 * k = min(columns, n), so every sample is in exactly one column and extremes are kept exactly.
 */
export function waveformColumns(
  samples: Float32Array,
  sampleRate: number,
  columns = 1000,
): WaveColumn[] {
  const n = samples.length;
  const k = Math.min(columns, n);
  const out: WaveColumn[] = [];
  for (let c = 0; c < k; c++) {
    const a = Math.floor((c * n) / k);
    const b = Math.floor(((c + 1) * n) / k);
    let min = Infinity;
    let max = -Infinity;
    for (let i = a; i < b; i++) {
      if (samples[i] < min) min = samples[i];
      if (samples[i] > max) max = samples[i];
    }
    out.push({ t0: a / sampleRate, t1: b / sampleRate, min, max });
  }
  return out;
}

/**
 * Frame means over groups of `ceil(nFrames / maxFrames)` consecutive frames (pure). `data` is
 * nFrames x rows row-major, frame f at `time(first + f)` seconds; `halfHop` (seconds) widens
 * each column's edges so that adjacent columns touch.
 */
export function frameGroups(
  data: Float32Array,
  nFrames: number,
  rows: number,
  maxFrames: number,
  time: (f: number) => number,
  halfHop: number,
): Heatmap {
  const step = Math.max(1, Math.ceil(nFrames / maxFrames));
  const groups = Math.ceil(nFrames / step);
  const values = new Float32Array(groups * rows);
  const t0: number[] = [];
  const t1: number[] = [];
  for (let j = 0; j < groups; j++) {
    const a = j * step;
    const b = Math.min(nFrames, a + step);
    for (let f = a; f < b; f++) {
      for (let r = 0; r < rows; r++) values[j * rows + r] += data[f * rows + r] / (b - a);
    }
    t0.push(time(a) - halfHop);
    t1.push(time(b - 1) + halfHop);
  }
  return { t0, t1, rows, values };
}
