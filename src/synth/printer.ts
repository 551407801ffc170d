/**
 * D for the real-environment experiment (paper section IV.D): a synthetic
 * stand-in for the paper's stereolithography 3D printer, whose recordings are private.
 *
 * A layer cycle of layerSec seconds (jittered per cycle) repeats for as long as the stream runs:
 * - Z move: the build platform's stepper motor whines (a harmonic series at its step rate) for
 *   zMoveSec, with a trapezoidal speed profile (accelerate, cruise, decelerate).
 * - Sweep: after a short pause the recoater (sweeper) crosses the resin vat in sweepSec: its
 *   stepper whines at sweepStepHz x speed, and the blade scrapes (band-passed noise whose level
 *   follows the speed). Strokes alternate direction; the return stroke is returnSpeed times faster.
 * - Always: the cooling fan's hum (blade-pass harmonics) and broadband air noise.
 * The output is calibrated to TARGET_RMS over about two layer cycles (block.ts).
 */
import { type Rng, makeRng, uniform } from '../util/rng.ts';
import { BLOCK, BlockSource, calibrated } from './block.ts';
import { Biquad, DcBlocker, HarmonicOsc, Noise, drawSeed } from './dsp.ts';
import { checkRange, mergeParams } from './params.ts';
import { badGeneratorParam } from '../messages/index.ts';
import type { Generator } from './source.ts';

export interface PrinterParams {
  /** Mean length of one layer cycle, s, 3..60. Default 8. */
  layerSec: number;
  /** Relative jitter of each cycle's length, 0..0.5. Default 0.05. */
  layerJitter: number;
  /** Duration of the platform's Z move at the start of a cycle, s, 0.1..5. Default 0.8. */
  zMoveSec: number;
  /** Z stepper's step rate at cruise speed, Hz, 100..4000. Default 1400. */
  zStepHz: number;
  /** RMS of the Z whine at cruise, relative, 0..4. Default 0.6. */
  zLevel: number;
  /** Pause between the Z move and the sweep, s, 0..5. Default 0.5. */
  sweepDelaySec: number;
  /** Duration of a forward sweep stroke, s, 0.3..10 (the return is shorter). Default 2.5. */
  sweepSec: number;
  /** Sweeper stepper's step rate at cruise speed, Hz, 100..4000. Default 700. */
  sweepStepHz: number;
  /** Return stroke speed relative to the forward stroke, 0.5..3. Default 1.25. */
  returnSpeed: number;
  /** RMS of the sweeper's motor whine at cruise, 0..4. Default 1. */
  sweepLevel: number;
  /** RMS of the blade's scraping noise at cruise, 0..4. Default 0.8. */
  scrapeLevel: number;
  /** Centre of the scraping noise band, Hz, 100..6000. Default 1800. */
  scrapeHz: number;
  /** Cooling fan's blade-pass frequency, Hz, 20..1000. Default 110. */
  fanHz: number;
  /** RMS of the fan hum, 0..4. Default 0.3. */
  fanLevel: number;
  /** RMS of the broadband air noise (low-passed at 5 kHz), 0..4. Default 0.25. */
  noiseLevel: number;
}

export const defaultPrinterParams: PrinterParams = {
  layerSec: 8,
  layerJitter: 0.05,
  zMoveSec: 0.8,
  zStepHz: 1400,
  zLevel: 0.6,
  sweepDelaySec: 0.5,
  sweepSec: 2.5,
  sweepStepHz: 700,
  returnSpeed: 1.25,
  sweepLevel: 1,
  scrapeLevel: 0.8,
  scrapeHz: 1800,
  fanHz: 110,
  fanLevel: 0.3,
  noiseLevel: 0.25,
};

const NAME = 'printer';

/** Printer parameters from spec overrides: merged over the defaults and range-checked. */
export function resolvePrinterParams(overrides: Record<string, unknown> = {}): PrinterParams {
  const p = mergeParams(NAME, defaultPrinterParams, overrides);
  validatePrinterParams(p);
  return p;
}

/** Throws a message naming the first parameter out of range. */
function validatePrinterParams(p: PrinterParams): void {
  checkRange(NAME, 'layerSec', p.layerSec, 3, 60);
  checkRange(NAME, 'layerJitter', p.layerJitter, 0, 0.5);
  checkRange(NAME, 'zMoveSec', p.zMoveSec, 0.1, 5);
  checkRange(NAME, 'zStepHz', p.zStepHz, 100, 4000);
  checkRange(NAME, 'zLevel', p.zLevel, 0, 4);
  checkRange(NAME, 'sweepDelaySec', p.sweepDelaySec, 0, 5);
  checkRange(NAME, 'sweepSec', p.sweepSec, 0.3, 10);
  checkRange(NAME, 'sweepStepHz', p.sweepStepHz, 100, 4000);
  checkRange(NAME, 'returnSpeed', p.returnSpeed, 0.5, 3);
  checkRange(NAME, 'sweepLevel', p.sweepLevel, 0, 4);
  checkRange(NAME, 'scrapeLevel', p.scrapeLevel, 0, 4);
  checkRange(NAME, 'scrapeHz', p.scrapeHz, 100, 6000);
  checkRange(NAME, 'fanHz', p.fanHz, 20, 1000);
  checkRange(NAME, 'fanLevel', p.fanLevel, 0, 4);
  checkRange(NAME, 'noiseLevel', p.noiseLevel, 0, 4);
  // The moves must fit the shortest cycle (the jitter shortens cycles by up to layerJitter).
  const busy = p.zMoveSec + p.sweepDelaySec + p.sweepSec;
  const shortest = p.layerSec * (1 - p.layerJitter);
  if (shortest < busy + 0.5) {
    const need = `a cycle of at least zMoveSec + sweepDelaySec + sweepSec + 0.5 = ${busy + 0.5} s after jitter, got ${shortest} s`;
    throw new Error(badGeneratorParam(NAME, 'layerSec', need));
  }
}

/** Trapezoidal speed profile over a move, u in [0, 1): ramps over the first and last 20%. */
export function trapezoid(u: number): number {
  if (u <= 0 || u >= 1) return 0;
  return Math.min(1, u / 0.2, (1 - u) / 0.2);
}

/** Step rate below which a stepper's whine fades out, Hz. */
const WHINE_HZ = 150;
const fadeIn = (hz: number): number => Math.min(1, Math.max(0, hz / WHINE_HZ - 1));

/** Harmonic amplitudes of a stepper whine (rich, slowly falling). */
const STEPPER = [1, 0.55, 0.4, 0.3, 0.22, 0.16];

/**
 * Unit-RMS harmonic amplitudes, keeping only harmonics that stay below 0.45 sr at the top
 * frequency `maxHz`: HarmonicOsc drops a harmonic the moment it crosses that limit, which would
 * click if it sounded.
 */
function harmonics(amps: number[], maxHz: number, sr: number): number[] {
  const kept = amps.slice(0, Math.max(1, Math.floor((0.45 * sr) / maxHz)));
  const r = Math.sqrt(kept.reduce((s, x) => s + (x * x) / 2, 0));
  return kept.map((x) => x / r);
}

class PrinterSource extends BlockSource {
  private readonly rng: Rng;
  private readonly zOsc: HarmonicOsc;
  private readonly sweepOsc: HarmonicOsc;
  private readonly fanOsc: HarmonicOsc;
  private readonly noise: Noise;
  private readonly scrape: Biquad[];
  private readonly air: Biquad;
  private readonly dc: DcBlocker;
  private readonly nbuf = new Float32Array(BLOCK);
  private readonly tmp = new Float32Array(BLOCK);
  /** Position in the current cycle and its length, samples; cycle counter. */
  private t = 0;
  private cycleLen: number;
  private cycle = 0;
  /** Speeds (0..1) at the end of the previous block, for per-sample ramps. */
  private zSpeed = 0;
  private sweepSpeed = 0;

  constructor(
    private readonly p: PrinterParams,
    seed: number,
    private readonly sr: number,
  ) {
    super();
    validatePrinterParams(p);
    this.rng = makeRng(seed, NAME);
    this.zOsc = new HarmonicOsc(harmonics(STEPPER, p.zStepHz, sr));
    this.sweepOsc = new HarmonicOsc(harmonics(STEPPER, p.sweepStepHz * p.returnSpeed, sr));
    this.fanOsc = new HarmonicOsc(harmonics([1, 0.5, 0.3, 0.2], p.fanHz, sr));
    this.noise = new Noise(drawSeed(this.rng));
    this.scrape = [Biquad.bandpass(p.scrapeHz, 1.2, sr), Biquad.highpass(200, 0.707, sr)];
    this.air = Biquad.lowpass(5000, 0.707, sr);
    this.dc = new DcBlocker(sr);
    this.cycleLen = this.drawCycle();
    // Start somewhere inside a cycle, so files do not all begin with a Z move.
    this.t = Math.floor(this.rng() * this.cycleLen);
  }

  private drawCycle(): number {
    const j = this.p.layerJitter * (2 * this.rng() - 1);
    return Math.round(this.p.layerSec * (1 + j) * this.sr);
  }

  /** Speeds of the Z stepper and the sweeper at cycle position t (samples). */
  private speeds(t: number): [number, number] {
    const { p, sr } = this;
    const z = trapezoid(t / (p.zMoveSec * sr));
    const back = this.cycle % 2 === 1;
    const len = (p.sweepSec / (back ? p.returnSpeed : 1)) * sr;
    const s = trapezoid((t - (p.zMoveSec + p.sweepDelaySec) * sr) / len);
    return [z, s * (back ? p.returnSpeed : 1)];
  }

  protected renderBlock(out: Float32Array): void {
    const { p, sr, tmp, nbuf } = this;
    this.t += BLOCK;
    if (this.t >= this.cycleLen) {
      this.t -= this.cycleLen;
      this.cycle++;
      this.cycleLen = this.drawCycle();
    }
    const [z1, s1] = this.speeds(this.t);
    const z0 = this.zSpeed;
    const s0 = this.sweepSpeed;
    this.zSpeed = z1;
    this.sweepSpeed = s1;

    // Fan hum and air noise: always on.
    this.fanOsc.render(out, p.fanHz / sr, p.fanHz / sr, p.fanLevel, false);
    this.noise.fill(nbuf);
    this.air.process(nbuf);
    const airGain = p.noiseLevel * Math.sqrt(sr / 2 / 5000);
    for (let i = 0; i < BLOCK; i++) out[i] += airGain * nbuf[i];

    // Stepper whines: pitch follows the speed. Below a step rate of WHINE_HZ a stepper ticks
    // rather than whines: the tone fades in over WHINE_HZ..2 WHINE_HZ instead of gliding down
    // into the fan's band at full level.
    const whine = (osc: HarmonicOsc, hz: number, a: number, b: number, level: number): void => {
      if (a === 0 && b === 0) return;
      osc.render(tmp, (hz * a) / sr, (hz * b) / sr, level, false);
      const ga = fadeIn(hz * a);
      const gb = fadeIn(hz * b);
      for (let i = 0; i < BLOCK; i++) out[i] += tmp[i] * (ga + ((gb - ga) * i) / BLOCK);
    };
    whine(this.zOsc, p.zStepHz, z0, z1, p.zLevel);
    whine(this.sweepOsc, p.sweepStepHz, s0, s1, p.sweepLevel);

    // Blade scrape: band noise at a level proportional to the sweeper's speed.
    this.noise.fill(nbuf);
    for (const f of this.scrape) f.process(nbuf);
    if (s0 > 0 || s1 > 0) {
      const g = p.scrapeLevel * Math.sqrt((1.2 * sr) / (Math.PI * p.scrapeHz));
      for (let i = 0; i < BLOCK; i++) out[i] += g * nbuf[i] * (s0 + ((s1 - s0) * i) / BLOCK);
    }
    this.dc.process(out);
  }
}

export const printerGenerator: Generator<PrinterParams> = {
  name: NAME,
  // 2: the whine fades out below a step rate of WHINE_HZ instead of gliding into the fan band.
  version: 2,
  description:
    "Stereolithography 3D printer (stand-in for the paper's section IV.D machine): a Z-stepper " +
    'whine at each layer, then the recoater sweeping the vat (stepper whine and blade scrape), ' +
    'over a constant fan hum.',
  /** A varied printer; the corpus's D uses the spec's fixed parameters. */
  draw(rng: Rng): PrinterParams {
    return {
      ...defaultPrinterParams,
      layerSec: uniform(rng, 6, 12),
      zStepHz: uniform(rng, 900, 2000),
      sweepStepHz: uniform(rng, 450, 1000),
      scrapeHz: uniform(rng, 1200, 2600),
      fanHz: uniform(rng, 80, 160),
    };
  },
  create: (params, rng, sampleRate) =>
    calibrated(
      (seed) => new PrinterSource(params, seed, sampleRate),
      rng,
      sampleRate,
      2 * params.layerSec,
    ),
};
