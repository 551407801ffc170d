/**
 * Time-varying anomalies: sounds whose pitch or character changes over the clip (METHOD.md
 * section 8: "e.g. acceleration"): speed sweeps, chirps, modulated grinding, hunting, surges.
 */
import { type Rng, uniform } from '../../util/rng.ts';
import { Biquad, Noise } from '../dsp.ts';
import { addSweep, clipGenerator, inThird, noiseSeed } from './clip.ts';

const dur = (rng: Rng): number => uniform(rng, 1.5, 4.5);

/** Speed-sweep directions per variant: accelerate, decelerate, accelerate (higher range). */
const SWEEPS: [number, number, number][] = [
  // [lowest fundamental, highest fundamental, direction +1 up / -1 down]
  [30, 80, 1],
  [60, 160, -1],
  [150, 400, 1],
];

const speedSweep = clipGenerator(
  'speed-sweep',
  'time-varying',
  'A machine accelerating or decelerating: a rotation harmonic series whose fundamental ' +
    'sweeps exponentially by a factor 2-4, louder at higher speed.',
  (rng, v) => {
    const [lo, hi, dir] = SWEEPS[v];
    const a = uniform(rng, lo, hi) / uniform(rng, 1.6, 2.2);
    const b = a * uniform(rng, 2, 4);
    return {
      durationSec: dur(rng),
      startHz: dir > 0 ? a : b,
      endHz: dir > 0 ? b : a,
      harmonics: 6,
    };
  },
  (p, rng, sr, out) => {
    const T = p.durationSec;
    const f = (t: number) => p.startHz * Math.pow(p.endHz / p.startHz, t / T);
    const amps = Array.from({ length: p.harmonics }, (_, k) => (0.6 + 0.8 * rng()) / (k + 1));
    const lo = Math.min(p.startHz, p.endHz);
    addSweep(out, sr, amps, f, (t) => Math.sqrt(f(t) / lo));
  },
);

const chirp = clipGenerator(
  'chirp',
  'time-varying',
  'Actuator or servo whine: a tone with two harmonics gliding up (variant 0), down (1) or up ' +
    'and back down (2) over 0.3-3 kHz.',
  (rng, v) => ({
    durationSec: dur(rng),
    lowHz: uniform(rng, 300, 700),
    highHz: uniform(rng, 1200, 3000),
    shape: ['up', 'down', 'up-down'][v],
  }),
  (p, _rng, sr, out) => {
    const T = p.durationSec;
    const glide = (x: number) => p.lowHz * Math.pow(p.highHz / p.lowHz, x);
    const f = (t: number) => {
      const x = t / T;
      if (p.shape === 'up') return glide(x);
      if (p.shape === 'down') return glide(1 - x);
      return glide(1 - Math.abs(2 * x - 1));
    };
    addSweep(out, sr, [1, 0.3, 0.1], f, () => 1);
  },
);

const grinding = clipGenerator(
  'grinding',
  'time-varying',
  'Grinding contact: harsh noise whose band centre and loudness are modulated as the contact ' +
    'pressure varies (0.5-3 Hz), with a rough tone at the contact rate.',
  (rng, v) => ({
    durationSec: dur(rng),
    centreHz: inThird(rng, v, 500, 4000),
    modHz: uniform(rng, 0.5, 3),
    modDepth: uniform(rng, 0.3, 0.6),
    contactHz: uniform(rng, 40, 120),
  }),
  (p, rng, sr, out) => {
    const n = new Float32Array(out.length);
    new Noise(noiseSeed(rng)).fill(n);
    const bp = new Biquad();
    const ph = rng();
    const block = 64;
    for (let s = 0; s < n.length; s += block) {
      const m = Math.sin(2 * Math.PI * ((p.modHz * s) / sr + ph));
      bp.setBandpass(p.centreHz * (1 + p.modDepth * m), 1.5, sr);
      const view = n.subarray(s, Math.min(n.length, s + block));
      bp.process(view);
      const g = 1 + 0.8 * m;
      for (let i = 0; i < view.length; i++)
        out[s + i] +=
          g * view[i] * (1 + 0.5 * Math.sign(Math.sin((2 * Math.PI * p.contactHz * (s + i)) / sr)));
    }
  },
);

const hunting = clipGenerator(
  'hunting',
  'time-varying',
  'Speed hunting of a badly regulated drive: a harmonic tone (0.15-1.5 kHz) whose pitch ' +
    'oscillates by 5-25 % at 0.5-3 Hz.',
  (rng, v) => ({
    durationSec: dur(rng),
    freqHz: inThird(rng, v, 150, 1500),
    rateHz: uniform(rng, 0.5, 3),
    depth: uniform(rng, 0.05, 0.25),
  }),
  (p, rng, sr, out) => {
    const ph = rng();
    addSweep(
      out,
      sr,
      [1, 0.5, 0.3, 0.2],
      (t) => p.freqHz * (1 + p.depth * Math.sin(2 * Math.PI * (p.rateHz * t + ph))),
      () => 1,
    );
  },
);

const surge = clipGenerator(
  'surge',
  'time-varying',
  'Pressure surge in a pipe or compressor: a rush of flow noise that swells and subsides ' +
    'one to three times, its band rising with the flow.',
  (rng, v) => ({
    durationSec: dur(rng),
    surges: v + 1,
    baseHz: uniform(rng, 300, 900),
    riseFactor: uniform(rng, 2, 4),
  }),
  (p, rng, sr, out) => {
    const n = new Float32Array(out.length);
    new Noise(noiseSeed(rng)).fill(n);
    const bp = new Biquad();
    const block = 64;
    for (let s = 0; s < n.length; s += block) {
      const x = (s / n.length) * p.surges;
      const swell = Math.sin(Math.PI * (x % 1)) ** 2;
      bp.setBandpass(p.baseHz * (1 + (p.riseFactor - 1) * swell), 1.2, sr);
      const view = n.subarray(s, Math.min(n.length, s + block));
      bp.process(view);
      for (let i = 0; i < view.length; i++) out[s + i] += (0.05 + swell) * view[i];
    }
  },
);

export const timeVaryingFamilies = [speedSweep, chirp, grinding, hunting, surge];
