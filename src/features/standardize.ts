/**
 * Per-band standardisation of log-mel features (METHOD.md section 2; not stated in the paper):
 * z[t, b] = (X[t, b] - mean[b]) / std[b], with mean and std per mel band over all frames of the
 * clips used to train F (every frame, including the edge frames that appear only as context).
 * std is the population standard deviation (divide by N). A band whose std is below `minStd`
 * (e.g. digital silence, constant at ln(1e-10)) gets std = 1, so it is centred but not blown up.
 */
import { featureMessages, outputTooSmall } from '../messages/index.ts';
import type { LogMel } from './logmel.ts';

export interface Standardizer {
  readonly mean: Float32Array;
  readonly std: Float32Array;
  /** Number of frames the statistics were computed from. */
  readonly frames: number;
}

/**
 * Per-band mean and std over every frame of `mels` (float64 accumulation, two passes). A band
 * whose std is below `minStd` (default 1e-6, in nats) gets std 1. Throws on no clips, no frames
 * or clips with different numbers of bands.
 */
export function fitStandardizer(mels: readonly LogMel[], minStd = 1e-6): Standardizer {
  if (mels.length === 0) throw new RangeError(featureMessages.standardizeNoClips());
  const nMels = mels[0].nMels;
  const sum = new Float64Array(nMels);
  let frames = 0;
  for (const [c, m] of mels.entries()) {
    if (m.nMels !== nMels)
      throw new RangeError(featureMessages.standardizeClipBands(c, m.nMels, nMels));
    for (let i = 0; i < m.nFrames * nMels; i++) sum[i % nMels] += m.data[i];
    frames += m.nFrames;
  }
  if (frames === 0) throw new RangeError(featureMessages.standardizeNoFrames());
  const mean = new Float64Array(nMels);
  for (let b = 0; b < nMels; b++) mean[b] = sum[b] / frames;
  const ss = new Float64Array(nMels);
  for (const m of mels) {
    for (let i = 0; i < m.nFrames * nMels; i++) {
      const d = m.data[i] - mean[i % nMels];
      ss[i % nMels] += d * d;
    }
  }
  const std = new Float32Array(nMels);
  for (let b = 0; b < nMels; b++) {
    const s = Math.sqrt(ss[b] / frames);
    std[b] = s < minStd ? 1 : s;
  }
  return { mean: Float32Array.from(mean), std, frames };
}

/**
 * Standardises a log-mel matrix into `out` (default: a new matrix; may be `mel.data` itself for
 * in place). Applying it to the 64-dim frames before assembling context vectors costs Q/B = 21
 * times less than standardising each 1344-dim vector, and gives the same vectors.
 */
export function standardize(mel: LogMel, s: Standardizer, out?: Float32Array): LogMel {
  const { nFrames, nMels, data } = mel;
  if (s.mean.length !== nMels)
    throw new RangeError(featureMessages.standardizeBands(s.mean.length, nMels));
  const n = nFrames * nMels;
  const dst = out ?? new Float32Array(n);
  if (dst.length < n) throw new RangeError(outputTooSmall('standardize', dst.length, n));
  const inv = new Float32Array(nMels);
  for (let b = 0; b < nMels; b++) inv[b] = 1 / s.std[b];
  for (let t = 0; t < nFrames; t++) {
    const o = t * nMels;
    for (let b = 0; b < nMels; b++) dst[o + b] = (data[o + b] - s.mean[b]) * inv[b];
  }
  return { data: dst.subarray(0, n), nFrames, nMels };
}

/**
 * The largest per-band standard deviation of `mels` over every frame, in nats: how much the
 * log-mel spectrum varies at all. Digital silence and a steady tone give ~0; any recording of a
 * running machine gives far more (its noise alone varies a band by ~0.5 nats frame to frame).
 */
export function logMelSpread(mels: readonly LogMel[]): number {
  return Math.max(...fitStandardizer(mels, 0).std);
}

/** Below this spread (nats) the audio is taken as silent or constant: nothing to model. */
export const MIN_LOG_MEL_SPREAD = 0.01;
