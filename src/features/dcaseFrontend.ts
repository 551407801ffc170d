/**
 * The front end of the DCASE 2020 Task 2 baseline (a reference method, not in the paper; see
 * docs/METHOD.md "Reference methods"). Its common.py computes
 *
 *   mel = librosa.feature.melspectrogram(y, sr, n_fft=1024, hop_length=512, n_mels=128, power=2)
 *   X   = 20 / power * log10(mel + sys.float_info.epsilon)          (dB of the power mel energy)
 *
 * with librosa's defaults: a centred STFT (n_fft / 2 samples reflected at both ends, numpy
 * 'reflect': the edge sample not repeated), periodic Hann window, |STFT|^power, and
 * librosa.filters.mel with the Slaney mel scale and Slaney area normalisation (htk=False,
 * norm='slaney', fmin 0, fmax sr / 2): the same filters as mel.ts. A signal of n samples gives
 * 1 + floor(n / hop) frames. The baseline then stacks 5 frames (640 dims); that is the context
 * window t-2 .. t+2 of context.ts (the same frame-major concatenation). No standardisation.
 */
import { featureMessages, outputTooSmall } from '../messages/index.ts';
import { applyFilterbank, melFilterbank, type MelFilterbank } from './mel.ts';
import { createSpectrumPlan, type FftEngine } from './pffft.ts';
import type { LogMel } from './logmel.ts';
import type { SpectrumPlan } from './stft.ts';

/** sys.float_info.epsilon (2^-52), added to the mel energy before log10. */
export const DCASE_EPS = 2.220446049250313e-16;

/** The recipe's front-end settings (what a detector records; `kind` tells it from log-mel). */
export interface DcaseFrontendOptions {
  readonly kind: 'dcase2020';
  /** Hz. */
  readonly sampleRate: number;
  /** FFT and window length, samples (recipe: 1024). */
  readonly nFft: number;
  /** Hop, samples (recipe: 512). */
  readonly hop: number;
  /** Mel filters (recipe: 128). */
  readonly nMels: number;
  /** Spectrum exponent (recipe: 2, power). */
  readonly power: number;
}

/** The recipe's settings at `sampleRate`, with `o` overriding; throws naming a bad field. */
export function resolveDcaseFrontend(
  o: Partial<Omit<DcaseFrontendOptions, 'kind'>> & { sampleRate: number },
): DcaseFrontendOptions {
  const r: DcaseFrontendOptions = {
    kind: 'dcase2020',
    sampleRate: o.sampleRate,
    nFft: o.nFft ?? 1024,
    hop: o.hop ?? 512,
    nMels: o.nMels ?? 128,
    power: o.power ?? 2,
  };
  const bad = (field: string, allowed: string): never => {
    throw new RangeError(
      featureMessages.dcaseOption(field, (r as unknown as Record<string, unknown>)[field], allowed),
    );
  };
  if (!(r.sampleRate > 0)) bad('sampleRate', '> 0');
  if (!(Number.isInteger(r.nFft) && r.nFft >= 8 && (r.nFft & (r.nFft - 1)) === 0))
    bad('nFft', 'a power of two >= 8');
  if (!(Number.isInteger(r.hop) && r.hop >= 1)) bad('hop', 'an integer >= 1');
  if (!(Number.isInteger(r.nMels) && r.nMels >= 1)) bad('nMels', 'an integer >= 1');
  if (!(r.power > 0)) bad('power', '> 0');
  return r;
}

/** Frames of a signal of n samples (centred STFT): 1 + floor(n / hop); 0 when n <= nFft / 2. */
export function dcaseFrameCount(n: number, o: Pick<DcaseFrontendOptions, 'nFft' | 'hop'>): number {
  return n <= o.nFft / 2 ? 0 : 1 + Math.floor(n / o.hop);
}

/** `signal` with n / 2 samples reflected at both ends (numpy.pad mode 'reflect'). */
export function reflectPad(signal: ArrayLike<number>, p: number): Float64Array {
  const n = signal.length;
  const out = new Float64Array(n + 2 * p);
  for (let i = 0; i < n; i++) out[p + i] = signal[i];
  for (let i = 1; i <= p; i++) {
    out[p - i] = signal[i];
    out[p + n - 1 + i] = signal[n - 1 - i];
  }
  return out;
}

/** A reusable extractor of the recipe's log-mel (dB) matrices; dispose() when done. */
export class DcaseLogMelExtractor {
  readonly options: DcaseFrontendOptions;
  readonly bank: MelFilterbank;
  private readonly plan: SpectrumPlan;
  private readonly spectrum: Float64Array;
  private readonly mel: Float64Array;

  static async create(
    options: DcaseFrontendOptions,
    engine: FftEngine = 'pffft',
  ): Promise<DcaseLogMelExtractor> {
    const o = resolveDcaseFrontend(options);
    return new DcaseLogMelExtractor(o, await createSpectrumPlan(o.nFft, engine));
  }

  private constructor(options: DcaseFrontendOptions, plan: SpectrumPlan) {
    this.options = options;
    const { sampleRate, nFft, nMels } = options;
    this.bank = melFilterbank({ sampleRate, nFft, nMels, scale: 'slaney', norm: 'slaney' });
    this.plan = plan;
    this.spectrum = new Float64Array(nFft / 2 + 1);
    this.mel = new Float64Array(nMels);
  }

  frameCount(nSamples: number): number {
    return dcaseFrameCount(nSamples, this.options);
  }

  /** The dB log-mel matrix (nFrames x nMels, frame-major) of `signal`. */
  extract(signal: Float32Array | Float64Array, out?: Float32Array): LogMel {
    const { hop, nMels, nFft, power } = this.options;
    const nFrames = this.frameCount(signal.length);
    const need = nFrames * nMels;
    if (out && out.length < need) throw new RangeError(outputTooSmall('dcase', out.length, need));
    const data = out ? out.subarray(0, need) : new Float32Array(need);
    if (nFrames === 0) return { data, nFrames, nMels };
    const padded = reflectPad(signal, nFft / 2);
    const { spectrum, mel, plan } = this;
    const half = nFft / 2;
    for (let t = 0; t < nFrames; t++) {
      const p = plan.transform(padded, t * hop);
      // Periodic Hann in the frequency domain (stft.ts): Y[k] = X[k]/2 - (X[k-1] + X[k+1])/4.
      for (let k = 0; k <= half; k++) {
        const b = 2 * k + 2;
        const re = 0.5 * p[b] - 0.25 * (p[b - 2] + p[b + 2]);
        const im = 0.5 * p[b + 1] - 0.25 * (p[b - 1] + p[b + 3]);
        const m2 = re * re + im * im;
        spectrum[k] = power === 2 ? m2 : Math.pow(m2, power / 2);
      }
      applyFilterbank(this.bank, spectrum, 0, mel, 0);
      const o = t * nMels;
      for (let m = 0; m < nMels; m++) data[o + m] = (20 / power) * Math.log10(mel[m] + DCASE_EPS);
    }
    return { data, nFrames, nMels };
  }

  dispose(): void {
    this.plan.dispose();
  }
}
