/**
 * A configurable machine sound, the common engine of the O ("various sounds") types: each O type
 * (fan.ts, pump.ts, ...) is a physically motivated draw() of these parameters.
 *
 * Parts, all summed:
 * - tones: harmonic series (rotation orders, blade/vane/mesh passing, line hum), optionally
 *   following the machine's speed and amplitude-modulated (sidebands, beating);
 * - bands: band-limited noise (turbulence, flow, friction, cutting), optionally modulated;
 * - impacts: events (knocks, ticks, clicks, thuds) ringing a few damped modes, at a jittered
 *   rate or once per work cycle;
 * - speed: a slow random wander of the rotation speed (relative depth);
 * - cycle: an optional on/off work cycle (strokes, drilling, cutting) with smooth ramps that
 *   gates parts and can pull the speed down under load.
 * Frequencies in Hz, levels are relative RMS (the whole is calibrated afterwards).
 */
import { type Rng, gaussian, makeRng } from '../../util/rng.ts';
import { BLOCK, BlockSource, calibrated } from '../block.ts';
import { EventClock, Wander } from '../control.ts';
import { Biquad, DcBlocker, HarmonicOsc, Noise, Resonator, addImpulse, sine } from '../dsp.ts';
import type { Generator } from '../source.ts';

/** When a part sounds, relative to the work cycle: always, during the "on" phase, or off. */
type Gate = 'always' | 'on' | 'off';

export interface Tone {
  /** Fundamental at nominal speed, Hz. */
  hz: number;
  /** Relative amplitudes of harmonics 1, 2, ... */
  amps: number[];
  /** Relative RMS. */
  level: number;
  /** Frequency scales with the machine's speed (false: locked, e.g. to the mains). */
  followSpeed: boolean;
  /** Amplitude-modulation rate, Hz (0: none); gives sidebands at hz*k +- amHz. */
  amHz: number;
  /** Modulation depth, 0..1. */
  amDepth: number;
  gate: Gate;
}

export interface Band {
  /** High-pass corner, Hz. */
  lowHz: number;
  /** Low-pass corner, Hz (> lowHz). */
  highHz: number;
  level: number;
  /** Amplitude-modulation rate, Hz (0: none), following the speed. */
  amHz: number;
  /** Modulation depth, 0..1. */
  amDepth: number;
  gate: Gate;
}

interface Mode {
  hz: number;
  /** Ringing time to -60 dB, s. */
  t60: number;
  gain: number;
}

export interface Impacts {
  /** 'clock': events at rateHz (jittered); 'stroke': one event at the end of each on phase. */
  trigger: 'clock' | 'stroke';
  /** Mean event rate at nominal speed, Hz (clock only). */
  rateHz: number;
  /** Relative jitter of the interval, 0..0.9. */
  jitter: number;
  followSpeed: boolean;
  /** Relative std dev of event amplitude, 0..1. */
  ampJitter: number;
  modes: Mode[];
  level: number;
  gate: Gate;
}

interface Cycle {
  /** Work-cycle period, s. */
  periodSec: number;
  /** Fraction of the period in the "on" phase, 0..1. */
  onFraction: number;
  /** Ramp time between phases, s. */
  rampSec: number;
  /** Relative speed drop during the on phase (load), 0..0.5. */
  speedDrop: number;
}

export interface MachineParams {
  /** Relative speed wander, 0..0.3 (speed = nominal * (1 +- depth)). */
  speedDepth: number;
  /** Seconds for the speed wander to cross its range. */
  speedTraverseSec: number;
  tones: Tone[];
  bands: Band[];
  impacts: Impacts[];
  /** Work cycle, or null for a steady machine. */
  cycle: Cycle | null;
}

const gateGain = (gate: Gate, env: number): number =>
  gate === 'always' ? 1 : gate === 'on' ? env : 1 - env;

class MachineSource extends BlockSource {
  private readonly rng: Rng;
  private readonly wander: Wander;
  private readonly oscs: HarmonicOsc[];
  private readonly amPhase: number[];
  private readonly noise: Noise;
  private readonly bandFilters: Biquad[][];
  private readonly bandGain: number[];
  private readonly clocks: EventClock[];
  private readonly modes: Resonator[][];
  private readonly modeGain: number[][];
  private readonly dc: DcBlocker;
  private readonly tmp = new Float32Array(BLOCK);
  private readonly exc = new Float32Array(BLOCK);
  private speed: number;
  private cyclePhase: number;
  private env = 0;
  private readonly blockSec: number;

  constructor(
    private readonly p: MachineParams,
    seed: number,
    private readonly sr: number,
  ) {
    super();
    const rng = (this.rng = makeRng(seed, 'machine'));
    this.blockSec = BLOCK / sr;
    this.wander = new Wander(rng, this.blockSec, p.speedTraverseSec, 1, rng());
    this.speed = this.speedNow(this.wander.next(), 0);
    this.oscs = p.tones.map((t) => {
      const norm = Math.sqrt(t.amps.reduce((s, a) => s + (a * a) / 2, 0)) || 1;
      return new HarmonicOsc(
        t.amps.map((a) => a / norm),
        rng(),
      );
    });
    this.amPhase = [...p.tones, ...p.bands].map(() => rng());
    this.noise = new Noise(Math.floor(rng() * 4294967295) + 1);
    this.bandFilters = p.bands.map((b) => [
      Biquad.highpass(b.lowHz, 0.707, sr),
      Biquad.lowpass(b.highHz, 0.707, sr),
    ]);
    // White noise of unit variance keeps (highHz - lowHz) / (sr / 2) of its power in the band.
    this.bandGain = p.bands.map(
      (b) => b.level / Math.sqrt(Math.max(20, Math.min(b.highHz, sr / 2) - b.lowHz) / (sr / 2)),
    );
    this.clocks = p.impacts.map(
      (im) => new EventClock(rng, im.jitter, rng() * (sr / Math.max(im.rateHz, 0.1))),
    );
    this.modes = p.impacts.map((im) => im.modes.map((m) => new Resonator(m.hz, m.t60, sr)));
    // A unit impulse rings a mode with energy ~ t60 * sr / 27.6 (sum of r^2n sin^2): at `rate`
    // events/s the RMS is sqrt(rate * t60 / 27.6); normalise so each mode's RMS is level * gain.
    this.modeGain = p.impacts.map((im) =>
      im.modes.map((m) => {
        const rate = im.trigger === 'clock' ? im.rateHz : 1 / (p.cycle?.periodSec ?? 1);
        return im.level * m.gain * Math.sqrt(27.6 / Math.max(1e-3, m.t60 * rate));
      }),
    );
    this.dc = new DcBlocker(sr);
    this.cyclePhase = rng();
  }

  private speedNow(w: number, env: number): number {
    return (1 + this.p.speedDepth * (2 * w - 1)) * (1 - (this.p.cycle?.speedDrop ?? 0) * env);
  }

  protected renderBlock(out: Float32Array): void {
    const { p, sr, tmp, exc } = this;
    // Work cycle: phase, smoothed on/off envelope, and the end-of-stroke instant.
    const env0 = this.env;
    let strokeEnd = -1;
    if (p.cycle) {
      const c = p.cycle;
      const before = this.cyclePhase;
      let ph = before + this.blockSec / c.periodSec;
      if (before < c.onFraction && ph >= c.onFraction) strokeEnd = 0;
      if (ph >= 1) ph -= 1;
      this.cyclePhase = ph;
      const target = ph < c.onFraction ? 1 : 0;
      const step = this.blockSec / Math.max(c.rampSec, this.blockSec);
      this.env = env0 + Math.max(-step, Math.min(step, target - env0));
    }
    const env1 = this.env;
    const s0 = this.speed;
    const s1 = (this.speed = this.speedNow(this.wander.next(), env1));
    out.fill(0);

    p.tones.forEach((t, k) => {
      const f0 = t.followSpeed ? t.hz * s0 : t.hz;
      const f1 = t.followSpeed ? t.hz * s1 : t.hz;
      this.oscs[k].render(tmp, f0 / sr, f1 / sr, 1, false);
      const g0 = t.level * gateGain(t.gate, env0);
      const dg = (t.level * gateGain(t.gate, env1) - g0) / BLOCK;
      let am = this.amPhase[k];
      const amInc = (t.amHz * (t.followSpeed ? s1 : 1)) / sr;
      for (let i = 0; i < BLOCK; i++) {
        out[i] += (g0 + dg * i) * (1 + t.amDepth * sine(am)) * tmp[i];
        am += amInc;
        if (am >= 1) am -= 1;
      }
      this.amPhase[k] = am;
    });

    p.bands.forEach((b, k) => {
      this.noise.fill(tmp);
      for (const f of this.bandFilters[k]) f.process(tmp);
      const g0 = this.bandGain[k] * gateGain(b.gate, env0);
      const dg = (this.bandGain[k] * gateGain(b.gate, env1) - g0) / BLOCK;
      if (b.amDepth > 0) {
        let am = this.amPhase[p.tones.length + k];
        const amInc = (b.amHz * s1) / sr;
        for (let i = 0; i < BLOCK; i++) {
          out[i] += (g0 + dg * i) * (1 + b.amDepth * sine(am)) * tmp[i];
          am += amInc;
          if (am >= 1) am -= 1;
        }
        this.amPhase[p.tones.length + k] = am;
      } else {
        for (let i = 0; i < BLOCK; i++) out[i] += (g0 + dg * i) * tmp[i];
      }
    });

    p.impacts.forEach((im, k) => {
      exc.fill(0);
      const g = gateGain(im.gate, env1);
      const hit = (pos: number) => {
        const a = Math.max(0, 1 + im.ampJitter * gaussian(this.rng));
        addImpulse(exc, pos, a * g);
      };
      if (im.trigger === 'clock') {
        const period = sr / (im.rateHz * (im.followSpeed ? s1 : 1));
        this.clocks[k].advance(BLOCK, period, hit);
      } else if (strokeEnd >= 0) {
        hit(strokeEnd);
      }
      this.modes[k].forEach((m, j) => m.processTo(exc, out, this.modeGain[k][j]));
    });
    this.dc.process(out);
  }
}

/** Seconds of audio the level calibration looks at: at least two work cycles. */
const probeSec = (p: MachineParams): number => Math.max(2, 2 * (p.cycle?.periodSec ?? 0));

/** A machine O type: `draw` supplies the physics; rendering is shared. */
export function machineGenerator(
  name: string,
  description: string,
  draw: (rng: Rng) => MachineParams,
): Generator<MachineParams> {
  return {
    name,
    description,
    draw,
    create: (params, rng, sampleRate) =>
      calibrated(
        (seed) => new MachineSource(params, seed, sampleRate),
        rng,
        sampleRate,
        probeSec(params),
      ),
  };
}

/** Harmonic amplitudes k^-rolloff for k = 1..n, each scaled by a random factor in [0.5, 1.5). */
export function harmonicAmps(rng: Rng, n: number, rolloff: number): number[] {
  return Array.from({ length: n }, (_, k) => Math.pow(k + 1, -rolloff) * (0.5 + rng()));
}

/** A steady tone (no modulation, always on). */
export function tone(hz: number, amps: number[], level: number, followSpeed = true): Tone {
  return { hz, amps, level, followSpeed, amHz: 0, amDepth: 0, gate: 'always' };
}

/** One element of a list. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)];
}

/** Line frequency of the local mains, Hz: 50 or 60. */
export const drawMains = (rng: Rng): number => pick(rng, [50, 60]);

/** A steady noise band (no modulation, always on). */
export function band(lowHz: number, highHz: number, level: number): Band {
  return { lowHz, highHz, level, amHz: 0, amDepth: 0, gate: 'always' };
}
