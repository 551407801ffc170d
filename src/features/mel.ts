/**
 * Mel filterbank (METHOD.md section 2: 64 filters over the magnitude spectrum).
 *
 * Reproduces librosa.filters.mel (librosa 0.10) exactly:
 * - Mel scale, `scale: 'slaney'` (default, librosa `htk=False`): linear below 1 kHz,
 *   mel = f / (200/3); logarithmic above, mel = 15 + ln(f / 1000) / (ln(6.4) / 27).
 *   `scale: 'htk'`: mel = 2595 log10(1 + f / 700).
 * - nMels + 2 edge frequencies equally spaced in mel between fMin and fMax; filter m is the
 *   triangle rising from edge m to edge m+1 and falling to edge m+2, evaluated at the FFT bin
 *   frequencies k * sampleRate / nFft (k = 0 .. nFft/2), in Hz (not in mel):
 *   w[m][k] = max(0, min((f_k - e_m) / (e_{m+1} - e_m), (e_{m+2} - f_k) / (e_{m+2} - e_{m+1}))).
 * - `norm: 'slaney'` (default): each triangle is scaled by 2 / (e_{m+2} - e_m) (Hz), so its area
 *   is about constant; `norm: 'none'` keeps peak height 1.
 * Weights are computed in float64 and stored as float32 (as librosa's default dtype).
 *
 * Because each triangle covers few bins, the bank is stored sparsely, twice. By filter: filter m
 * has weights for bins start[m] .. start[m] + length[m] - 1 at weights[offset[m] ..]. By segment,
 * for the hot loop: bin k lies in segment j when e_j <= f_k < e_{j+1} (j = 0 .. nMels), where it
 * feeds only filter j (rising side, weight rise[k]) and filter j-1 (falling side, fall[k]).
 * So mel[j] = sum_{k in seg j} rise[k] v[k] + sum_{k in seg j+1} fall[k] v[k]: one linear pass
 * over the bins with two running sums, about 2 (nFft/2 + 1) multiply-adds per frame.
 */

import { featureMessages } from '../messages/index.ts';

export type MelScale = 'slaney' | 'htk';
export type MelNorm = 'slaney' | 'none';

export interface MelOptions {
  /** Sample rate in Hz. Default 16000. */
  sampleRate?: number;
  /** FFT size in samples (even). Default 512, giving 257 bins. */
  nFft?: number;
  /** Number of filters B. Default 64. */
  nMels?: number;
  /** Lowest edge in Hz, 0 <= fMin < fMax. Default 0. */
  fMin?: number;
  /** Highest edge in Hz, fMax <= sampleRate / 2. Default sampleRate / 2. */
  fMax?: number;
  /** Mel scale. Default 'slaney' (librosa's default, htk=False). */
  scale?: MelScale;
  /** Filter normalisation. Default 'slaney' (area normalisation, librosa's default). */
  norm?: MelNorm;
}

export interface MelFilterbank {
  readonly nMels: number;
  /** Number of FFT bins the bank expects, nFft / 2 + 1. */
  readonly nBins: number;
  /** First bin of each filter (length nMels). */
  readonly start: Int32Array;
  /** Number of bins of each filter (length nMels; 0 for a filter that falls between bins). */
  readonly length: Int32Array;
  /** Offset of each filter's weights in `weights` (length nMels). */
  readonly offset: Int32Array;
  /** All nonzero-range weights, filter after filter. */
  readonly weights: Float32Array;
  /** Segment j is bins segStart[j] .. segStart[j+1] - 1 (length nMels + 2). */
  readonly segStart: Int32Array;
  /** Weight of bin k for the filter whose rising side holds it (length nBins). */
  readonly rise: Float64Array;
  /** Weight of bin k for the filter whose falling side holds it (length nBins). */
  readonly fall: Float64Array;
}

const F_SP = 200 / 3;
const MIN_LOG_HZ = 1000;
const MIN_LOG_MEL = MIN_LOG_HZ / F_SP;
const LOGSTEP = Math.log(6.4) / 27;

/** Hz to mel on the given scale. */
export function hzToMel(hz: number, scale: MelScale = 'slaney'): number {
  if (scale === 'htk') return 2595 * Math.log10(1 + hz / 700);
  if (hz >= MIN_LOG_HZ) return MIN_LOG_MEL + Math.log(hz / MIN_LOG_HZ) / LOGSTEP;
  return hz / F_SP;
}

/** Mel to Hz on the given scale (inverse of hzToMel). */
export function melToHz(mel: number, scale: MelScale = 'slaney'): number {
  if (scale === 'htk') return 700 * (10 ** (mel / 2595) - 1);
  if (mel >= MIN_LOG_MEL) return MIN_LOG_HZ * Math.exp(LOGSTEP * (mel - MIN_LOG_MEL));
  return F_SP * mel;
}

/**
 * Centre frequency (Hz) of each of `nMels` filters spread evenly on the mel scale between fMin
 * and fMax: the peaks of the triangles melFilterbank builds (its edges 1 .. nMels).
 */
export function melCentersHz(
  nMels: number,
  fMin: number,
  fMax: number,
  scale: MelScale = 'slaney',
): number[] {
  const lo = hzToMel(fMin, scale);
  const hi = hzToMel(fMax, scale);
  return Array.from({ length: nMels }, (_, i) =>
    melToHz(lo + ((hi - lo) * (i + 1)) / (nMels + 1), scale),
  );
}

/** Builds the sparse filterbank; see the file comment for the formula. */
export function melFilterbank(options: MelOptions = {}): MelFilterbank {
  const sampleRate = options.sampleRate ?? 16000;
  const nFft = options.nFft ?? 512;
  const nMels = options.nMels ?? 64;
  const fMin = options.fMin ?? 0;
  const fMax = options.fMax ?? sampleRate / 2;
  const scale = options.scale ?? 'slaney';
  const norm = options.norm ?? 'slaney';
  if (!(Number.isInteger(nFft) && nFft >= 2 && nFft % 2 === 0))
    throw new RangeError(featureMessages.melNfft(nFft));
  if (!(Number.isInteger(nMels) && nMels >= 1))
    throw new RangeError(featureMessages.melNmels(nMels));
  if (!(fMin >= 0 && fMin < fMax && fMax <= sampleRate / 2)) {
    throw new RangeError(featureMessages.melRange(fMin, fMax, sampleRate));
  }
  const nBins = nFft / 2 + 1;
  const lo = hzToMel(fMin, scale);
  const hi = hzToMel(fMax, scale);
  const edges = new Float64Array(nMels + 2);
  for (let i = 0; i < nMels + 2; i++) edges[i] = melToHz(lo + ((hi - lo) * i) / (nMels + 1), scale);
  const binHz = new Float64Array(nBins);
  // librosa: np.fft.rfftfreq(n_fft, 1/sr), i.e. k * sr / n_fft.
  for (let k = 0; k < nBins; k++) binHz[k] = (k * sampleRate) / nFft;

  const start = new Int32Array(nMels);
  const length = new Int32Array(nMels);
  const offset = new Int32Array(nMels);
  const chunks: number[] = [];
  for (let m = 0; m < nMels; m++) {
    const lower = edges[m + 1] - edges[m];
    const upper = edges[m + 2] - edges[m + 1];
    const enorm = norm === 'slaney' ? 2 / (edges[m + 2] - edges[m]) : 1;
    let first = -1;
    let last = -1;
    const row = new Float64Array(nBins);
    for (let k = 0; k < nBins; k++) {
      const w = Math.max(
        0,
        Math.min((binHz[k] - edges[m]) / lower, (edges[m + 2] - binHz[k]) / upper),
      );
      row[k] = w * enorm;
      if (w > 0) {
        if (first < 0) first = k;
        last = k;
      }
    }
    offset[m] = chunks.length;
    if (first >= 0) {
      start[m] = first;
      length[m] = last - first + 1;
      for (let k = first; k <= last; k++) chunks.push(row[k]);
    }
  }
  const weights = Float32Array.from(chunks);
  const weightAt = (m: number, k: number): number =>
    k >= start[m] && k < start[m] + length[m] ? weights[offset[m] + k - start[m]] : 0;
  const segStart = new Int32Array(nMels + 2);
  const rise = new Float64Array(nBins);
  const fall = new Float64Array(nBins);
  let j = -1;
  for (let k = 0; k < nBins; k++) {
    while (j < nMels + 1 && binHz[k] >= edges[j + 1]) {
      j++;
      segStart[j] = k;
    }
    if (j >= 0 && j < nMels) rise[k] = weightAt(j, k);
    if (j >= 1 && j <= nMels) fall[k] = weightAt(j - 1, k);
  }
  // Edges above the last bin: their segments start (empty) at nBins.
  for (let i = j + 1; i < nMels + 2; i++) segStart[i] = nBins;
  return { nMels, nBins, start, length, offset, weights, segStart, rise, fall };
}

/** The bank as a dense row-major nMels x nBins matrix (for tests and plots). */
export function denseFilterbank(bank: MelFilterbank): Float32Array {
  const out = new Float32Array(bank.nMels * bank.nBins);
  for (let m = 0; m < bank.nMels; m++) {
    for (let j = 0; j < bank.length[m]; j++) {
      out[m * bank.nBins + bank.start[m] + j] = bank.weights[bank.offset[m] + j];
    }
  }
  return out;
}

/**
 * out[m] = sum_k w[m][k] * spectrum[k] for one frame. `spectrum` holds nBins values starting at
 * `specOffset`; results go to out[outOffset .. outOffset + nMels) (accumulated in `out`'s type).
 */
export function applyFilterbank(
  bank: MelFilterbank,
  spectrum: Float32Array | Float64Array,
  specOffset: number,
  out: Float32Array | Float64Array,
  outOffset: number,
): void {
  const { segStart, rise, fall, nMels } = bank;
  let carry = 0; // falling-side sum for filter j - 1, added when segment j is done
  for (let j = 0; j <= nMels; j++) {
    let sr = 0;
    let sf = 0;
    for (let k = segStart[j]; k < segStart[j + 1]; k++) {
      const v = spectrum[specOffset + k];
      sr += rise[k] * v;
      sf += fall[k] * v;
    }
    if (j >= 1) out[outOffset + j - 1] = carry + sf;
    carry = sr;
  }
}
