/**
 * Anomaly clips: short sounds (0.2-5 s) rendered whole, then faded and levelled, and streamed
 * from memory, so `create()` through the registry and renderAnomaly() give the same samples.
 *
 * Each anomaly family offers `variant(rng, v)` for v = 0, 1, 2: parameter sets drawn from
 * disjoint ranges of the family's main parameter (e.g. low, middle and high pitch), so the three
 * catalogue entries of a family sound clearly different.
 */
import type { Rng } from '../../util/rng.ts';
import { BLOCK } from '../block.ts';
import { HarmonicOsc, drawSeed } from '../dsp.ts';
import type { AnyGenerator, Generator, SignalSource } from '../source.ts';

export type AnomalyCategory = 'sustained' | 'time-varying' | 'sudden';

/** Every anomaly's parameters carry the clip length. */
export interface ClipParams {
  /** Clip length, s (sustained/time-varying 1-5, sudden 0.2-1.5). */
  durationSec: number;
}

export interface AnomalyGenerator<P extends ClipParams = ClipParams> extends Generator<P> {
  readonly category: AnomalyCategory;
  /** Parameters of variant v (0, 1 or 2), each from a distinct range. */
  variant(rng: Rng, v: number): P;
}

/** An anomaly family of unknown parameter type, as lists and the registry hold them. */
export interface AnyAnomalyGenerator extends AnyGenerator {
  readonly category: AnomalyCategory;
  variant(rng: Rng, v: number): ClipParams;
}

/** Fade-in and fade-out, s: gentle for sustained sounds, a click-free edge for impacts. */
const FADES: Record<AnomalyCategory, [number, number]> = {
  sustained: [0.1, 0.15],
  'time-varying': [0.05, 0.1],
  sudden: [0.0005, 0.03],
};

/** Level of a clip: RMS 0.1, or a peak of 0.8 if that is lower (impacts). */
const TARGET_RMS = 0.1;
const PEAK_TARGET = 0.8;

class ClipSource implements SignalSource {
  private pos = 0;
  constructor(private readonly clip: Float32Array) {}
  fill(out: Float32Array): void {
    const m = Math.max(0, Math.min(out.length, this.clip.length - this.pos));
    out.set(this.clip.subarray(this.pos, this.pos + m));
    out.fill(0, m);
    this.pos += m;
  }
}

/** Renders the raw sound into `out` (zeroed, length durationSec * sampleRate). */
export type ClipRenderer<P> = (p: P, rng: Rng, sampleRate: number, out: Float32Array) => void;

export function clipGenerator<P extends ClipParams>(
  name: string,
  category: AnomalyCategory,
  description: string,
  variant: (rng: Rng, v: number) => P,
  render: ClipRenderer<P>,
): AnomalyGenerator<P> {
  return {
    name,
    category,
    description,
    variant,
    draw: (rng) => variant(rng, Math.floor(rng() * 3)),
    create(params, rng, sampleRate) {
      const out = new Float32Array(Math.max(1, Math.round(params.durationSec * sampleRate)));
      render(params, rng, sampleRate, out);
      removeDc(out);
      fade(out, sampleRate, ...FADES[category]);
      level(out);
      return new ClipSource(out);
    },
  };
}

function removeDc(x: Float32Array): void {
  let m = 0;
  for (let i = 0; i < x.length; i++) m += x[i];
  m /= x.length;
  for (let i = 0; i < x.length; i++) x[i] -= m;
}

/** Raised-cosine fade-in and fade-out, s. */
function fade(x: Float32Array, sampleRate: number, inSec: number, outSec: number): void {
  const a = Math.min(Math.round(inSec * sampleRate), x.length >> 1);
  const b = Math.min(Math.round(outSec * sampleRate), x.length >> 1);
  for (let i = 0; i < a; i++) x[i] *= 0.5 - 0.5 * Math.cos((Math.PI * i) / a);
  for (let i = 0; i < b; i++) x[x.length - 1 - i] *= 0.5 - 0.5 * Math.cos((Math.PI * i) / b);
}

function level(x: Float32Array): void {
  let s = 0;
  let pk = 0;
  for (let i = 0; i < x.length; i++) {
    s += x[i] * x[i];
    pk = Math.max(pk, Math.abs(x[i]));
  }
  const rms = Math.sqrt(s / x.length);
  if (rms < 1e-12) return;
  const g = Math.min(TARGET_RMS / rms, PEAK_TARGET / pk);
  for (let i = 0; i < x.length; i++) x[i] *= g;
}

/**
 * Adds a harmonic series whose fundamental follows freqAt(t) (Hz, t in s) and whose amplitude
 * follows ampAt(t), both evaluated once per block with linear ramps in between.
 */
export function addSweep(
  out: Float32Array,
  sampleRate: number,
  amps: number[],
  freqAt: (t: number) => number,
  ampAt: (t: number) => number,
  phase = 0,
): void {
  const osc = new HarmonicOsc(amps, phase);
  const tmp = new Float32Array(BLOCK);
  for (let s = 0; s < out.length; s += BLOCK) {
    const n = Math.min(BLOCK, out.length - s);
    const t0 = s / sampleRate;
    const t1 = (s + n) / sampleRate;
    osc.render(tmp, freqAt(t0) / sampleRate, freqAt(t1) / sampleRate, 1, false, n);
    const a0 = ampAt(t0);
    const da = (ampAt(t1) - a0) / n;
    for (let i = 0; i < n; i++) out[s + i] += (a0 + da * i) * tmp[i];
  }
}

/**
 * A contact force pulse (half sine of `widthSec`) at time `atSec`, into an excitation buffer:
 * shorter contacts (harder materials) excite higher modes.
 */
export function addContact(
  exc: Float32Array,
  sampleRate: number,
  atSec: number,
  widthSec: number,
  amp: number,
): void {
  const start = Math.round(atSec * sampleRate);
  const w = Math.max(1, Math.round(widthSec * sampleRate));
  for (let i = 0; i < w && start + i < exc.length; i++) {
    if (start + i >= 0) exc[start + i] += amp * Math.sin((Math.PI * (i + 0.5)) / w);
  }
}

/** A seed for the fast noise generator (dsp.ts Noise). */
export const noiseSeed = drawSeed;

/** Picks a value in the v-th of three log-spaced sub-ranges of [lo, hi]. */
export function inThird(rng: Rng, v: number, lo: number, hi: number): number {
  const r = Math.log(hi / lo) / 3;
  return lo * Math.exp(r * (v + 0.1 + 0.8 * rng()));
}
