/**
 * Shared DSP primitives for the generators, written for throughput: every processor works in
 * place on a caller-owned block (no allocation per call), keeps its state in fields between
 * blocks, and avoids Math.sin/Math.exp per sample (a sine table with linear interpolation, the
 * Chebyshev recurrence for harmonic series, recursive filters).
 *
 * Frequencies are in Hz unless the name says "inc" (cycles per sample = Hz / sampleRate).
 */
import type { Rng } from '../util/rng.ts';

const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
/** sin(2 pi i / TABLE_SIZE) for i = 0..TABLE_SIZE (one guard point for interpolation). */
const SINE = new Float64Array(TABLE_SIZE + 1);
for (let i = 0; i <= TABLE_SIZE; i++) SINE[i] = Math.sin((2 * Math.PI * i) / TABLE_SIZE);

/** sin(2 pi phase) for phase in [0, 1): table lookup, max error about 3e-7. */
export function sine(phase: number): number {
  const x = phase * TABLE_SIZE;
  const i = x | 0;
  const a = SINE[i];
  return a + (x - i) * (SINE[i + 1] - a);
}

/** A 32-bit seed for the fast noise generator, drawn from a seeded rng. Never 0. */
export function drawSeed(rng: Rng): number {
  return Math.floor(rng() * 4294967295) + 1;
}

/**
 * White noise, unit variance (uniform on [-sqrt 3, sqrt 3)), from a 32-bit xorshift generator:
 * about 10x faster than Box-Muller on seedrandom, and filtering makes it Gaussian enough.
 * Period 2^32 - 1 samples (74 h at 16 kHz).
 */
export class Noise {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  /** Fill buf[0, n) with white noise times `gain`. */
  fill(buf: Float32Array, gain = 1, n = buf.length): void {
    let s = this.s;
    const k = (gain * Math.sqrt(3)) / 2147483648;
    for (let i = 0; i < n; i++) {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      buf[i] = (s | 0) * k;
    }
    this.s = s;
  }
  /** One uniform draw in [0, 1), for sparse random events inside hot loops. */
  uniform(): number {
    let s = this.s;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.s = s;
    return (s >>> 0) / 4294967296;
  }
}

/** Second-order IIR section (RBJ cookbook coefficients), transposed direct form II. */
export class Biquad {
  private b0 = 1;
  private b1 = 0;
  private b2 = 0;
  private a1 = 0;
  private a2 = 0;
  private z1 = 0;
  private z2 = 0;

  /** Band-pass, 0 dB gain at the centre `f` (Hz), quality `q` (bandwidth f/q). */
  static bandpass(f: number, q: number, sampleRate: number): Biquad {
    return new Biquad().setBandpass(f, q, sampleRate);
  }
  /** Low-pass at cut-off `f` (Hz); q = 0.707 is maximally flat. */
  static lowpass(f: number, q: number, sampleRate: number): Biquad {
    return new Biquad().setLowpass(f, q, sampleRate);
  }
  /** High-pass at cut-off `f` (Hz). */
  static highpass(f: number, q: number, sampleRate: number): Biquad {
    return new Biquad().setHighpass(f, q, sampleRate);
  }

  setBandpass(f: number, q: number, sampleRate: number): this {
    const w = (2 * Math.PI * clampF(f, sampleRate)) / sampleRate;
    const alpha = Math.sin(w) / (2 * q);
    return this.set(alpha, 0, -alpha, 1 + alpha, -2 * Math.cos(w), 1 - alpha);
  }
  setLowpass(f: number, q: number, sampleRate: number): this {
    const w = (2 * Math.PI * clampF(f, sampleRate)) / sampleRate;
    const alpha = Math.sin(w) / (2 * q);
    const c = Math.cos(w);
    return this.set((1 - c) / 2, 1 - c, (1 - c) / 2, 1 + alpha, -2 * c, 1 - alpha);
  }
  setHighpass(f: number, q: number, sampleRate: number): this {
    const w = (2 * Math.PI * clampF(f, sampleRate)) / sampleRate;
    const alpha = Math.sin(w) / (2 * q);
    const c = Math.cos(w);
    return this.set((1 + c) / 2, -(1 + c), (1 + c) / 2, 1 + alpha, -2 * c, 1 - alpha);
  }

  private set(b0: number, b1: number, b2: number, a0: number, a1: number, a2: number): this {
    this.b0 = b0 / a0;
    this.b1 = b1 / a0;
    this.b2 = b2 / a0;
    this.a1 = a1 / a0;
    this.a2 = a2 / a0;
    return this;
  }

  /** Filter buf[0, n) in place. */
  process(buf: Float32Array, n = buf.length): void {
    this.processTo(buf, buf, 1, false, n);
  }

  /** out[i] (+)= gain * filter(input)[i]; `add` accumulates instead of overwriting. */
  processTo(input: Float32Array, out: Float32Array, gain: number, add: boolean, n = input.length) {
    const { b0, b1, b2, a1, a2 } = this;
    let z1 = this.z1;
    let z2 = this.z2;
    for (let i = 0; i < n; i++) {
      const x = input[i];
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      out[i] = add ? out[i] + gain * y : gain * y;
    }
    // Flush denormals after long silences.
    this.z1 = Math.abs(z1) < 1e-20 ? 0 : z1;
    this.z2 = Math.abs(z2) < 1e-20 ? 0 : z2;
  }
}

function clampF(f: number, sampleRate: number): number {
  return Math.min(Math.max(f, 1), 0.49 * sampleRate);
}

/** DC blocker: y[n] = x[n] - x[n-1] + r y[n-1], corner about 20 Hz at 16 kHz. */
export class DcBlocker {
  private x1 = 0;
  private y1 = 0;
  private r: number;
  constructor(sampleRate: number, cornerHz = 20) {
    this.r = 1 - (2 * Math.PI * cornerHz) / sampleRate;
  }
  process(buf: Float32Array, n = buf.length): void {
    const r = this.r;
    let x1 = this.x1;
    let y1 = this.y1;
    for (let i = 0; i < n; i++) {
      const x = buf[i];
      y1 = x - x1 + r * y1;
      x1 = x;
      buf[i] = y1;
    }
    this.x1 = x1;
    this.y1 = y1;
  }
}

/**
 * A harmonic series sum_k amp[k] sin(2 pi (k+1) phase) with a continuous phase. Uses the Chebyshev
 * recurrence sin((k+1)t) = 2 cos(t) sin(kt) - sin((k-1)t): two table lookups per sample, then
 * 3 flops per harmonic. Harmonics above 0.45 sampleRate are dropped (no aliasing).
 */
export class HarmonicOsc {
  /** Amplitude of harmonic k+1 (linear). Mutable between blocks. */
  readonly amps: Float64Array;
  phase = 0;
  constructor(amps: ArrayLike<number>, phase = 0) {
    this.amps = Float64Array.from(amps);
    this.phase = phase;
  }
  /**
   * out[i] (+)= gain * series at a frequency ramping linearly from inc0 to inc1 (cycles/sample)
   * over the block, so the pitch is continuous across blocks.
   */
  render(out: Float32Array, inc0: number, inc1: number, gain: number, add = true, n = out.length) {
    const amps = this.amps;
    const kmax = Math.min(amps.length, Math.floor(0.45 / Math.max(inc0, inc1, 1e-9)));
    const dinc = (inc1 - inc0) / n;
    let inc = inc0;
    let ph = this.phase;
    for (let i = 0; i < n; i++) {
      const s1 = sine(ph);
      const c2 = 2 * sine(ph < 0.75 ? ph + 0.25 : ph - 0.75);
      let sPrev = 0;
      let sCur = s1;
      let acc = amps[0] * s1;
      for (let k = 1; k < kmax; k++) {
        const sNext = c2 * sCur - sPrev;
        sPrev = sCur;
        sCur = sNext;
        acc += amps[k] * sNext;
      }
      out[i] = add ? out[i] + gain * acc : gain * acc;
      ph += inc;
      if (ph >= 1) ph -= 1;
      inc += dinc;
    }
    this.phase = ph;
  }
}

/**
 * Two-pole resonator driven by an excitation: a damped sinusoid per input impulse (a vibration
 * mode). `t60` is the time (s) for the ringing to fall 60 dB. Peak gain normalised to about 1.
 */
export class Resonator {
  private c1: number;
  private c2: number;
  private g: number;
  private y1 = 0;
  private y2 = 0;
  constructor(f: number, t60: number, sampleRate: number) {
    const r = Math.pow(10, -3 / (Math.max(t60, 1e-4) * sampleRate));
    const w = (2 * Math.PI * clampF(f, sampleRate)) / sampleRate;
    this.c1 = 2 * r * Math.cos(w);
    this.c2 = -r * r;
    this.g = Math.sin(w);
  }
  /** out[i] += gain * response to input[i]. */
  processTo(input: Float32Array, out: Float32Array, gain: number, n = input.length): void {
    const { c1, c2 } = this;
    const g = gain * this.g;
    let y1 = this.y1;
    let y2 = this.y2;
    for (let i = 0; i < n; i++) {
      const y = input[i] + c1 * y1 + c2 * y2;
      y2 = y1;
      y1 = y;
      out[i] += g * y;
    }
    this.y1 = Math.abs(y1) < 1e-20 ? 0 : y1;
    this.y2 = Math.abs(y2) < 1e-20 ? 0 : y2;
  }
}

/** Write a unit impulse at fractional position `pos` (samples) into buf, split over 2 samples. */
export function addImpulse(buf: Float32Array, pos: number, amp: number): void {
  const i = Math.floor(pos);
  const f = pos - i;
  if (i >= 0 && i < buf.length) buf[i] += amp * (1 - f);
  if (i + 1 >= 0 && i + 1 < buf.length) buf[i + 1] += amp * f;
}
