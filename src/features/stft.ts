/**
 * Short-time Fourier transform (METHOD.md section 2: 512-point FFT, Hann window, hop 256 at
 * 16 kHz, i.e. 62.5 frames per second).
 *
 * Framing: frame t covers samples [t * hop, t * hop + nFft); no centre padding (librosa's
 * `center=False`), so a signal of n samples has max(0, 1 + floor((n - nFft) / hop)) frames.
 * Window: periodic Hann, w[n] = 0.5 - 0.5 cos(2 pi n / N) (scipy.signal.get_window('hann'),
 * librosa's default). Output: |Y_t[k]| with Y_t[k] = sum_n w[n] x[t*hop + n] exp(-2 pi i k n / N),
 * k = 0 .. N/2 (unnormalised DFT, as numpy.fft.rfft).
 *
 * The window is applied in the frequency domain: since w[n] = 0.5 - 0.25 e^{2 pi i n/N}
 * - 0.25 e^{-2 pi i n/N}, Y[k] = 0.5 X[k] - 0.25 (X[k-1] + X[k+1]) with X the DFT of the raw
 * frame (X[-1] = conj X[1], X[N/2+1] = conj X[N/2-1] for real input). This is exact, and lets the
 * raw frame go to the FFT as a plain memory copy.
 *
 * Spectra are "padded half spectra": interleaved complex X[k] for k = -1 .. N/2 + 1, i.e.
 * p[2(k+1)] = Re X[k], p[2(k+1)+1] = Im X[k], length N + 6, so the 3-tap window formula needs no
 * special cases at either end.
 */
import FFT from 'fft.js';
import { featureMessages } from '../messages/index.ts';

export interface StftOptions {
  /** FFT size and window length in samples, a power of two >= 8. Default 512. */
  nFft?: number;
  /** Hop between frames in samples, >= 1. Default 256. */
  hop?: number;
}

/** Number of full frames in a signal of `nSamples` (no padding). */
export function frameCount(nSamples: number, nFft: number, hop: number): number {
  return nSamples < nFft ? 0 : 1 + Math.floor((nSamples - nFft) / hop);
}

/** Periodic Hann window of length n (the window the frequency-domain form reproduces). */
export function hannWindow(n: number): Float64Array {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/** A reusable real DFT of one size; see the file comment for the output layout. */
export interface SpectrumPlan {
  readonly nFft: number;
  readonly engine: 'pffft' | 'fftjs';
  /**
   * DFT of the raw (unwindowed) frame signal[inOffset .. inOffset + nFft), as a padded half
   * spectrum (file comment).
   * Returns a view of the plan's own buffer, overwritten by the next call. Allocates nothing.
   */
  transform(signal: Float32Array | Float64Array, inOffset: number): Float32Array | Float64Array;
  /** Frees native buffers (no-op for fft.js). */
  dispose(): void;
}

/**
 * fft.js (pure JavaScript, float64): one complex FFT of size N/2 on z[n] = a[2n] + i a[2n+1],
 * then the split step X[k] = E[k] + exp(-2 pi i k / N) O[k], E = (Z[k] + conj Z[N/2-k]) / 2,
 * O = (Z[k] - conj Z[N/2-k]) / 2i (about 2x faster than fft.js's realTransform).
 */
export class FftJsSpectrumPlan implements SpectrumPlan {
  readonly engine = 'fftjs' as const;
  readonly nFft: number;
  private readonly half: number;
  private readonly fft: FFT;
  private readonly packed: Float64Array;
  private readonly z: Float64Array;
  private readonly out: Float64Array;
  private readonly cos: Float64Array;
  private readonly sin: Float64Array;

  constructor(nFft: number) {
    if (!(nFft >= 8 && (nFft & (nFft - 1)) === 0)) {
      throw new RangeError(featureMessages.stftNfft(nFft));
    }
    this.nFft = nFft;
    this.half = nFft / 2;
    this.fft = new FFT(this.half);
    this.packed = new Float64Array(nFft);
    this.z = new Float64Array(nFft);
    this.out = new Float64Array(nFft + 6);
    this.cos = new Float64Array(this.half);
    this.sin = new Float64Array(this.half);
    for (let k = 0; k < this.half; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / nFft);
      this.sin[k] = Math.sin((2 * Math.PI * k) / nFft);
    }
  }

  transform(signal: Float32Array | Float64Array, inOffset: number): Float64Array {
    const { packed, z, out, cos, sin, half } = this;
    for (let i = 0; i < this.nFft; i++) packed[i] = signal[inOffset + i];
    this.fft.transform(z as unknown as number[], packed as unknown as number[]);
    // X[0] = Re + Im of Z[0], X[N/2] = Re - Im (both real); stored at k + 1.
    out[2] = z[0] + z[1];
    out[3] = 0;
    out[2 * half + 2] = z[0] - z[1];
    out[2 * half + 3] = 0;
    for (let k = 1; k < half; k++) {
      const ar = z[2 * k];
      const ai = z[2 * k + 1];
      const br = z[2 * (half - k)];
      const bi = z[2 * (half - k) + 1];
      const or = 0.5 * (ai + bi);
      const oi = -0.5 * (ar - br);
      out[2 * k + 2] = 0.5 * (ar + br) + cos[k] * or + sin[k] * oi;
      out[2 * k + 3] = 0.5 * (ai - bi) + cos[k] * oi - sin[k] * or;
    }
    padHalfSpectrum(out, half);
    return out;
  }

  dispose(): void {}
}

/** Fills the conjugate-symmetric ends X[-1] = conj X[1] and X[h+1] = conj X[h-1] of p. */
export function padHalfSpectrum(p: Float32Array | Float64Array, h: number): void {
  p[0] = p[4];
  p[1] = -p[5];
  p[2 * h + 4] = p[2 * h];
  p[2 * h + 5] = -p[2 * h + 1];
}

/**
 * |Y[k]|, k = 0 .. N/2, of the Hann-windowed frame from the padded half spectrum `p` of the raw
 * frame (length N + 6), written to out[outOffset ..] (N/2 + 1 values).
 */
export function hannMagnitude(
  p: Float32Array | Float64Array,
  out: Float32Array | Float64Array,
  outOffset: number,
): void {
  const h = (p.length - 6) / 2;
  for (let k = 0; k <= h; k++) {
    const b = 2 * k + 2;
    const re = 0.5 * p[b] - 0.25 * (p[b - 2] + p[b + 2]);
    const im = 0.5 * p[b + 1] - 0.25 * (p[b - 1] + p[b + 3]);
    out[outOffset + k] = Math.sqrt(re * re + im * im);
  }
}

/**
 * Magnitude STFT of a whole signal with fft.js: row-major nFrames x (nFft/2 + 1) float64 matrix.
 * For tests and plots; the front end (logmel.ts) goes frame by frame and never builds it.
 */
export function stftMagnitude(
  signal: Float32Array | Float64Array,
  options: StftOptions = {},
): { data: Float64Array; nFrames: number; nBins: number } {
  const nFft = options.nFft ?? 512;
  const hop = options.hop ?? 256;
  if (!(hop >= 1)) throw new RangeError(featureMessages.stftHop(hop));
  const plan = new FftJsSpectrumPlan(nFft);
  const nBins = nFft / 2 + 1;
  const nFrames = frameCount(signal.length, nFft, hop);
  const data = new Float64Array(nFrames * nBins);
  for (let t = 0; t < nFrames; t++) hannMagnitude(plan.transform(signal, t * hop), data, t * nBins);
  return { data, nFrames, nBins };
}
