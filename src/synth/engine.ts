/**
 * D, the normal sound: a running combustion engine (docs/METHOD.md section 1).
 *
 * Model, per sample:
 * - Speed: RPM follows a smoothed random walk between rpmMin and rpmMax (control.ts Wander).
 *   Firing frequency f = rpm / 60 * cylinders * 2 / strokes (four-stroke: each cylinder fires
 *   every second revolution).
 * - Exhaust note: a harmonic series of f (amplitude k^-harmonicRolloff), phase-continuous.
 * - Combustion pulses: one impulse per firing, with cycle-to-cycle jitter in timing
 *   (timingJitter) and amplitude (amplitudeJitter), and a fixed per-cylinder gain imbalance
 *   (giving the half-orders of a real engine); each pulse rings a few body resonances (band-pass
 *   biquads).
 * - Broadband mechanical/intake noise, partly amplitude-modulated by the firing pulses.
 * The stream is continuous for as long as it is drawn (hours): all state carries across blocks.
 */
import { type Rng, gaussian, makeRng } from '../util/rng.ts';
import { BLOCK, BlockSource, calibrated } from './block.ts';
import { Wander } from './control.ts';
import { Biquad, DcBlocker, HarmonicOsc, Noise, addImpulse } from './dsp.ts';
import { checkRange, mergeParams } from './params.ts';
import type { Generator } from './source.ts';
import { randInt, uniform } from '../util/rng.ts';

/** A body resonance the combustion pulses ring. */
interface Resonance {
  /** Centre frequency, Hz, 20..7000 (below Nyquist). */
  freqHz: number;
  /** Quality factor (centre / bandwidth), 0.5..50. */
  q: number;
  /** Relative RMS level of this resonance, 0..4. */
  gain: number;
}

export interface EngineParams {
  /** Lowest crankshaft speed, rev/min, 100..rpmMax. Default 750 (idle). */
  rpmMin: number;
  /** Highest crankshaft speed, rev/min, rpmMin..12000. Default 2200. rpmMin = rpmMax: fixed speed. */
  rpmMax: number;
  /** Seconds for the speed's random walk to cross the whole range, 1..3600. Default 40. */
  wanderSec: number;
  /** Time constant smoothing speed changes, seconds, 0.05..60. Default 1.5. */
  smoothSec: number;
  /** Number of cylinders, integer 1..16. Default 4. */
  cylinders: number;
  /** Strokes per cycle, 2 or 4. Default 4. */
  strokes: number;
  /** Std dev of each firing interval, fraction of the period, 0..0.2. Default 0.02. */
  timingJitter: number;
  /** Std dev of each pulse's amplitude, relative, 0..1. Default 0.15. */
  amplitudeJitter: number;
  /** Std dev of the fixed per-cylinder gains, relative, 0..0.5. Default 0.08. */
  cylinderImbalance: number;
  /** Number of harmonics of the firing frequency in the exhaust note, 1..64. Default 12. */
  harmonics: number;
  /** Exhaust-note harmonic k has amplitude k^-harmonicRolloff, 0..3. Default 1. */
  harmonicRolloff: number;
  /** RMS of the exhaust note relative to the other parts, 0..4. Default 1. */
  harmonicLevel: number;
  /** RMS of the ringing combustion pulses (all resonances at gain 1), 0..4. Default 1. */
  pulseLevel: number;
  /** Body resonances rung by the pulses. Default four, 180 Hz to 2.9 kHz. */
  resonances: Resonance[];
  /** RMS of the broadband noise, 0..4. Default 0.35. */
  noiseLevel: number;
  /** Upper corner of the noise (low-pass), Hz, 100..7500. Default 3500. */
  noiseCutoffHz: number;
  /** Fraction of the noise modulated by the firing pulses, 0..1. Default 0.6. */
  noiseModulation: number;
}

/** Default engine: a four-cylinder four-stroke between idle and cruising speed. */
export const defaultEngineParams: EngineParams = {
  rpmMin: 750,
  rpmMax: 2200,
  wanderSec: 40,
  smoothSec: 1.5,
  cylinders: 4,
  strokes: 4,
  timingJitter: 0.02,
  amplitudeJitter: 0.15,
  cylinderImbalance: 0.08,
  harmonics: 12,
  harmonicRolloff: 1,
  harmonicLevel: 1,
  pulseLevel: 1,
  resonances: [
    { freqHz: 180, q: 4, gain: 1 },
    { freqHz: 650, q: 6, gain: 0.6 },
    { freqHz: 1400, q: 8, gain: 0.4 },
    { freqHz: 2900, q: 10, gain: 0.25 },
  ],
  noiseLevel: 0.35,
  noiseCutoffHz: 3500,
  noiseModulation: 0.6,
};

const NAME = 'engine';

/** Engine parameters from spec overrides: merged over the defaults and range-checked. */
export function resolveEngineParams(overrides: Record<string, unknown> = {}): EngineParams {
  const p = mergeParams(NAME, defaultEngineParams, overrides);
  validateEngineParams(p);
  return p;
}

/** Throws a message naming the first parameter out of range. */
function validateEngineParams(p: EngineParams): void {
  checkRange(NAME, 'rpmMax', p.rpmMax, 100, 12000);
  checkRange(NAME, 'rpmMin', p.rpmMin, 100, p.rpmMax);
  checkRange(NAME, 'wanderSec', p.wanderSec, 1, 3600);
  checkRange(NAME, 'smoothSec', p.smoothSec, 0.05, 60);
  checkRange(NAME, 'cylinders', p.cylinders, 1, 16, true);
  if (p.strokes !== 2 && p.strokes !== 4) checkRange(NAME, 'strokes', p.strokes, 4, 4, true);
  checkRange(NAME, 'timingJitter', p.timingJitter, 0, 0.2);
  checkRange(NAME, 'amplitudeJitter', p.amplitudeJitter, 0, 1);
  checkRange(NAME, 'cylinderImbalance', p.cylinderImbalance, 0, 0.5);
  checkRange(NAME, 'harmonics', p.harmonics, 1, 64, true);
  checkRange(NAME, 'harmonicRolloff', p.harmonicRolloff, 0, 3);
  checkRange(NAME, 'harmonicLevel', p.harmonicLevel, 0, 4);
  checkRange(NAME, 'pulseLevel', p.pulseLevel, 0, 4);
  p.resonances.forEach((r, i) => {
    checkRange(NAME, `resonances[${i}].freqHz`, r.freqHz, 20, 7000);
    checkRange(NAME, `resonances[${i}].q`, r.q, 0.5, 50);
    checkRange(NAME, `resonances[${i}].gain`, r.gain, 0, 4);
  });
  checkRange(NAME, 'noiseLevel', p.noiseLevel, 0, 4);
  checkRange(NAME, 'noiseCutoffHz', p.noiseCutoffHz, 100, 7500);
  checkRange(NAME, 'noiseModulation', p.noiseModulation, 0, 1);
}

/** Noise envelope decay after each firing, seconds. */
const NOISE_ENV_SEC = 0.004;

class EngineSource extends BlockSource {
  private readonly rng: Rng;
  private readonly wander: Wander;
  private readonly note: HarmonicOsc;
  private readonly resonators: Biquad[];
  private readonly resGains: number[];
  private readonly noise: Noise;
  private readonly noiseFilters: Biquad[];
  private readonly dc: DcBlocker;
  private readonly exc = new Float32Array(BLOCK);
  private readonly nbuf = new Float32Array(BLOCK);
  private readonly env = new Float32Array(BLOCK);
  private readonly cylGain: number[];
  private readonly firingPerRpm: number;
  private readonly excAmp: number;
  private inc: number;
  /** Firing phase (cycles) and the threshold of the next firing (1 + jitter). */
  private phase = 0;
  private threshold = 1;
  private cyl = 0;
  private envState = 0;

  constructor(
    private readonly p: EngineParams,
    seed: number,
    private readonly sr: number,
  ) {
    super();
    validateEngineParams(p);
    this.rng = makeRng(seed, 'engine');
    const rng = this.rng;
    this.wander = new Wander(rng, BLOCK / sr, p.wanderSec, p.smoothSec, rng());
    this.firingPerRpm = ((p.cylinders * 2) / p.strokes / 60) * (1 / sr);
    this.inc = this.rpmNow(this.wander.next()) * this.firingPerRpm;
    const amps = Array.from({ length: p.harmonics }, (_, k) => Math.pow(k + 1, -p.harmonicRolloff));
    const norm = Math.sqrt(amps.reduce((s, a) => s + (a * a) / 2, 0));
    this.note = new HarmonicOsc(
      amps.map((a) => a / norm),
      rng(),
    );
    this.cylGain = Array.from({ length: p.cylinders }, () =>
      Math.max(0.2, 1 + p.cylinderImbalance * gaussian(rng)),
    );
    this.resonators = p.resonances.map((r) => Biquad.bandpass(r.freqHz, r.q, sr));
    // A band-pass passes about (pi/2) (f/q) / (sr/2) of white noise's power: normalise each
    // resonance so a unit-variance excitation gives RMS `gain`.
    this.resGains = p.resonances.map((r) => r.gain / Math.sqrt((Math.PI * r.freqHz) / r.q / sr));
    // Unit per-sample variance at the mid firing rate: amplitude sqrt(1 / (rate in firings/sample)).
    const midInc = ((p.rpmMin + p.rpmMax) / 2) * this.firingPerRpm;
    this.excAmp = p.pulseLevel * Math.sqrt(1 / midInc);
    this.noise = new Noise(Math.floor(rng() * 4294967295) + 1);
    this.noiseFilters = [
      Biquad.lowpass(p.noiseCutoffHz, 0.707, sr),
      Biquad.highpass(60, 0.707, sr),
    ];
    this.dc = new DcBlocker(sr);
    this.phase = rng();
  }

  private rpmNow(u: number): number {
    return this.p.rpmMin + (this.p.rpmMax - this.p.rpmMin) * u;
  }

  protected renderBlock(out: Float32Array): void {
    const p = this.p;
    const inc0 = this.inc;
    const inc1 = this.rpmNow(this.wander.next()) * this.firingPerRpm;
    this.inc = inc1;
    const { exc, env, nbuf } = this;
    exc.fill(0);
    // Firing events, with the noise envelope (jumps by 1 per firing, decays in NOISE_ENV_SEC).
    const decay = Math.exp(-1 / (NOISE_ENV_SEC * this.sr));
    const dinc = (inc1 - inc0) / BLOCK;
    let inc = inc0;
    let ph = this.phase;
    let e = this.envState;
    for (let i = 0; i < BLOCK; i++) {
      ph += inc;
      if (ph >= this.threshold) {
        const pos = i - (ph - this.threshold) / inc;
        ph -= this.threshold;
        this.threshold = 1 + p.timingJitter * clampG(gaussian(this.rng));
        const a = this.cylGain[this.cyl] * Math.max(0, 1 + p.amplitudeJitter * gaussian(this.rng));
        this.cyl = (this.cyl + 1) % p.cylinders;
        addImpulse(exc, pos, a * this.excAmp);
        e += a;
      }
      env[i] = e;
      e *= decay;
      inc += dinc;
    }
    this.phase = ph;
    this.envState = e;

    // Exhaust note.
    this.note.render(out, inc0, inc1, p.harmonicLevel, false);
    // Body resonances.
    for (let r = 0; r < this.resonators.length; r++) {
      this.resonators[r].processTo(exc, out, this.resGains[r], true);
    }
    // Noise, modulated by the firing envelope normalised to mean 1 (mean of env = rate * tau).
    if (p.noiseLevel > 0) {
      this.noise.fill(nbuf);
      for (const f of this.noiseFilters) f.process(nbuf);
      const m = p.noiseModulation;
      const envNorm = 1 / Math.max(1e-6, ((inc0 + inc1) / 2) * this.sr * NOISE_ENV_SEC);
      const g = p.noiseLevel * Math.sqrt(this.sr / 2 / p.noiseCutoffHz);
      for (let i = 0; i < BLOCK; i++) {
        out[i] += g * nbuf[i] * (1 - m + m * env[i] * envNorm);
      }
    }
    this.dc.process(out);
  }
}

/** A standard-normal draw clipped to +-3 (no negative firing intervals). */
function clampG(x: number): number {
  return x > 3 ? 3 : x < -3 ? -3 : x;
}

export const engineGenerator: Generator<EngineParams> = {
  name: NAME,
  description:
    'Combustion engine: firing-frequency harmonic series with slowly wandering RPM, ' +
    'jittered combustion pulses ringing body resonances, and broadband noise.',
  /** A varied engine (for O or experiments); the corpus's D uses the spec's fixed parameters. */
  draw(rng: Rng): EngineParams {
    const rpmMin = uniform(rng, 600, 1000);
    return {
      ...defaultEngineParams,
      rpmMin,
      rpmMax: rpmMin * uniform(rng, 1.5, 3),
      cylinders: [2, 3, 4, 6, 8][randInt(rng, 0, 4)],
      resonances: defaultEngineParams.resonances.map((r) => ({
        ...r,
        freqHz: r.freqHz * uniform(rng, 0.7, 1.4),
      })),
    };
  },
  create: (params, rng, sampleRate) =>
    calibrated((seed) => new EngineSource(params, seed, sampleRate), rng, sampleRate, 4),
};
