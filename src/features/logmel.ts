/**
 * Log-mel front end (METHOD.md section 2):
 *
 *   X_t[b] = ln( sum_k M[b][k] |STFT_t[k]| + floor ),   b = 0 .. nMels-1,
 *
 * with |STFT_t| the Hann-windowed magnitude spectrum of frame t (stft.ts: no centre padding),
 * M the mel filterbank (mel.ts: librosa's Slaney filters by default) and a floor (default 1e-10)
 * added before the natural log so digital silence maps to ln(1e-10) = -23.03 instead of -inf.
 * The result is a row-major nFrames x nMels float32 matrix (frame-major, so the context vector
 * of a frame is a contiguous slice, see context.ts).
 */
import { featureMessages, outputTooSmall } from '../messages/index.ts';
import { melFilterbank, type MelFilterbank, type MelNorm, type MelScale } from './mel.ts';
import { createSpectrumPlan, type FftEngine } from './pffft.ts';
import { frameCount, type SpectrumPlan } from './stft.ts';

export interface LogMelOptions {
  /** Sample rate in Hz. Default 16000 (the paper's rate). */
  sampleRate?: number;
  /** FFT size (power of two). Default 512. */
  nFft?: number;
  /** Hop in samples. Default 256 (62.5 frames/s at 16 kHz). */
  hop?: number;
  /** Number of mel filters B. Default 64. */
  nMels?: number;
  /** Lowest filter edge in Hz. Default 0. */
  fMin?: number;
  /** Highest filter edge in Hz. Default sampleRate / 2. */
  fMax?: number;
  /** Mel scale. Default 'slaney'. */
  melScale?: MelScale;
  /** Filter normalisation. Default 'slaney'. */
  melNorm?: MelNorm;
  /** Added to the mel energies before the log, > 0. Default 1e-10. */
  floor?: number;
}

/** A log-mel matrix: data[t * nMels + b] is band b of frame t. */
export interface LogMel {
  readonly data: Float32Array;
  readonly nFrames: number;
  readonly nMels: number;
}

/** Options with every default filled in (what a run records). */
export type ResolvedLogMelOptions = Required<LogMelOptions>;

export function resolveLogMelOptions(options: LogMelOptions = {}): ResolvedLogMelOptions {
  const sampleRate = options.sampleRate ?? 16000;
  const resolved: ResolvedLogMelOptions = {
    sampleRate,
    nFft: options.nFft ?? 512,
    hop: options.hop ?? 256,
    nMels: options.nMels ?? 64,
    fMin: options.fMin ?? 0,
    fMax: options.fMax ?? sampleRate / 2,
    melScale: options.melScale ?? 'slaney',
    melNorm: options.melNorm ?? 'slaney',
    floor: options.floor ?? 1e-10,
  };
  if (!(resolved.hop >= 1 && Number.isInteger(resolved.hop))) {
    throw new RangeError(featureMessages.logmelHop(resolved.hop));
  }
  if (!(resolved.floor > 0)) throw new RangeError(featureMessages.logmelFloor(resolved.floor));
  return resolved;
}

/**
 * A reusable extractor: filterbank, window and FFT scratch are built once, so extracting many
 * clips allocates only their output matrices (or nothing, when `out` is passed).
 * Create with `await LogMelExtractor.create(options)`; call dispose() when done.
 */
export class LogMelExtractor {
  readonly options: ResolvedLogMelOptions;
  readonly bank: MelFilterbank;
  private readonly plan: SpectrumPlan;
  private readonly mel: Float64Array;

  /** `engine`: 'pffft' (default, WebAssembly SIMD) or 'fftjs' (pure JavaScript). */
  static async create(
    options: LogMelOptions = {},
    engine: FftEngine = 'pffft',
  ): Promise<LogMelExtractor> {
    const resolved = resolveLogMelOptions(options);
    return new LogMelExtractor(resolved, await createSpectrumPlan(resolved.nFft, engine));
  }

  private constructor(options: ResolvedLogMelOptions, plan: SpectrumPlan) {
    this.options = options;
    const o = options;
    this.bank = melFilterbank({
      sampleRate: o.sampleRate,
      nFft: o.nFft,
      nMels: o.nMels,
      fMin: o.fMin,
      fMax: o.fMax,
      scale: o.melScale,
      norm: o.melNorm,
    });
    this.plan = plan;
    this.mel = new Float64Array(o.nMels + 1);
  }

  /** Number of frames this extractor yields for a signal of `nSamples`. */
  frameCount(nSamples: number): number {
    return frameCount(nSamples, this.options.nFft, this.options.hop);
  }

  /**
   * Log-mel matrix of `signal` (samples at options.sampleRate, any scale). If `out` is given it
   * must hold at least frameCount(signal.length) * nMels values and is filled and returned as
   * the matrix's data (a view of its first part).
   */
  extract(signal: Float32Array | Float64Array, out?: Float32Array): LogMel {
    const { hop, nMels, floor } = this.options;
    const nFrames = this.frameCount(signal.length);
    const need = nFrames * nMels;
    if (out && out.length < need) {
      throw new RangeError(outputTooSmall('logmel', out.length, need));
    }
    const data = out ? out.subarray(0, need) : new Float32Array(need);
    const { segStart, rise, fall } = this.bank;
    const { plan, mel } = this;
    for (let t = 0; t < nFrames; t++) {
      const p = plan.transform(signal, t * hop);
      // Fused Hann magnitude (stft.ts hannMagnitude) and mel filterbank (mel.ts applyFilterbank):
      // one pass over the bins, two running sums per segment, no intermediate arrays.
      let carry = 0;
      for (let j = 0; j <= nMels; j++) {
        let sr = 0;
        let sf = 0;
        const end = segStart[j + 1];
        for (let k = segStart[j]; k < end; k++) {
          const b = 2 * k + 2;
          const re = 0.5 * p[b] - 0.25 * (p[b - 2] + p[b + 2]);
          const im = 0.5 * p[b + 1] - 0.25 * (p[b - 1] + p[b + 3]);
          const v = Math.sqrt(re * re + im * im);
          sr += rise[k] * v;
          sf += fall[k] * v;
        }
        mel[j] = carry + sf; // mel[j] is filter j - 1 (mel[0] unused)
        carry = sr;
      }
      const o = t * nMels;
      for (let m = 0; m < nMels; m++) data[o + m] = Math.log(mel[m + 1] + floor);
    }
    return { data, nFrames, nMels };
  }

  /** Which FFT the extractor uses. */
  get engine(): FftEngine {
    return this.plan.engine;
  }

  dispose(): void {
    this.plan.dispose();
  }
}

/** One-shot convenience: log-mel matrix of `signal` with the given options. */
export async function logMel(
  signal: Float32Array | Float64Array,
  options: LogMelOptions = {},
): Promise<LogMel> {
  const extractor = await LogMelExtractor.create(options);
  try {
    return extractor.extract(signal);
  } finally {
    extractor.dispose();
  }
}
