/**
 * Sustained anomalies: sounds that appear and persist at a steady character (METHOD.md
 * section 8: "e.g. a rotation sound"). Each renders into a zeroed buffer; clip.ts levels it.
 */
import { type Rng, gaussian, uniform } from '../../util/rng.ts';
import { Biquad, Noise, sine } from '../dsp.ts';
import { addSweep, clipGenerator, inThird, noiseSeed } from './clip.ts';

const dur = (rng: Rng): number => uniform(rng, 1.5, 4);

/** Band-limited noise (band-pass at f, quality q) added to out with gain g(t) per sample. */
function addNoiseBand(
  out: Float32Array,
  rng: Rng,
  sr: number,
  f: number,
  q: number,
  g: (i: number) => number,
): void {
  const n = new Float32Array(out.length);
  new Noise(noiseSeed(rng)).fill(n);
  Biquad.bandpass(f, q, sr).process(n);
  Biquad.bandpass(f, q, sr).process(n);
  for (let i = 0; i < out.length; i++) out[i] += g(i) * n[i];
}

/** A slow random drift (smoothed noise), unit scale, sampled per sample from per-10 ms knots. */
function drift(rng: Rng, samples: number, sr: number): Float32Array {
  const step = Math.round(0.01 * sr);
  const out = new Float32Array(samples);
  let y = 0;
  let v = 0;
  for (let i = 0; i < samples; i++) {
    if (i % step === 0) v = 0.9 * v + 0.3 * gaussian(rng);
    y += (v - y) * (1 / step);
    out[i] = y;
  }
  return out;
}

const bearingWhine = clipGenerator(
  'bearing-whine',
  'sustained',
  'Worn bearing: a high whine (1.5-7 kHz) with slight pitch jitter, amplitude-modulated at a ' +
    'bearing defect rate, over rough narrow-band noise.',
  (rng, v) => ({
    durationSec: dur(rng),
    freqHz: inThird(rng, v, 1500, 7000),
    defectHz: uniform(rng, 6, 30),
    modDepth: uniform(rng, 0.3, 0.7),
    roughness: uniform(rng, 0.2, 0.5),
  }),
  (p, rng, sr, out) => {
    const jit = drift(rng, out.length, sr);
    addSweep(
      out,
      sr,
      [1, 0.15],
      (t) => p.freqHz * (1 + 0.004 * jit[Math.min(out.length - 1, Math.round(t * sr))]),
      () => 1,
    );
    for (let i = 0; i < out.length; i++)
      out[i] *= 1 + p.modDepth * sine(((i * p.defectHz) / sr) % 1);
    addNoiseBand(out, rng, sr, p.freqHz, 8, () => p.roughness * 3);
  },
);

const beltSqueal = clipGenerator(
  'belt-squeal',
  'sustained',
  'Slipping belt: stick-slip squeal, a harmonic-rich tone (0.6-3 kHz) with vibrato that ' +
    'swells and fades as the belt grips and slips.',
  (rng, v) => ({
    durationSec: dur(rng),
    freqHz: inThird(rng, v, 600, 3000),
    vibratoHz: uniform(rng, 4, 9),
    vibratoDepth: uniform(rng, 0.005, 0.02),
    swellHz: uniform(rng, 0.8, 3),
  }),
  (p, rng, sr, out) => {
    const amps = [1, 0.7, 0.5, 0.35, 0.25, 0.15];
    const ph = rng();
    addSweep(
      out,
      sr,
      amps,
      (t) => p.freqHz * (1 + p.vibratoDepth * Math.sin(2 * Math.PI * p.vibratoHz * t)),
      (t) => 0.55 + 0.45 * Math.sin(2 * Math.PI * (p.swellHz * t + ph)),
    );
  },
);

const rubbing = clipGenerator(
  'rubbing',
  'sustained',
  'Rubbing contact: friction noise in a band (0.4-4 kHz) scraping once per revolution of a ' +
    'rotating part (5-25 Hz), with a faint squeak.',
  (rng, v) => ({
    durationSec: dur(rng),
    centreHz: inThird(rng, v, 400, 4000),
    q: uniform(rng, 1.5, 4),
    rotationHz: uniform(rng, 5, 25),
    contactFraction: uniform(rng, 0.3, 0.6),
  }),
  (p, rng, sr, out) => {
    // Scrape envelope: on for contactFraction of each revolution, smooth edges.
    const env = (i: number) => {
      const c = ((i * p.rotationHz) / sr) % 1;
      const x = c / p.contactFraction;
      return x < 1 ? Math.sin(Math.PI * x) ** 2 : 0.1;
    };
    addNoiseBand(out, rng, sr, p.centreHz, p.q, (i) => env(i));
    addSweep(
      out,
      sr,
      [1, 0.3],
      () => p.centreHz * 1.1,
      () => 0.05,
    );
  },
);

const rotationHum = clipGenerator(
  'rotation-hum',
  'sustained',
  'A second rotating machine starting to run: a steady harmonic series (fundamental 25-200 Hz) ' +
    'with a strong once-per-revolution component from imbalance.',
  (rng, v) => ({
    durationSec: dur(rng),
    rotationHz: inThird(rng, v, 25, 200),
    harmonics: 8,
    imbalance: uniform(rng, 0.5, 1),
    rolloff: uniform(rng, 0.6, 1.2),
  }),
  (p, rng, sr, out) => {
    const amps = Array.from({ length: p.harmonics }, (_, k) =>
      k === 0 ? 1 + p.imbalance : Math.pow(k + 1, -p.rolloff) * (0.5 + rng()),
    );
    addSweep(
      out,
      sr,
      amps,
      () => p.rotationHz,
      () => 1,
      rng(),
    );
  },
);

const leakHiss = clipGenerator(
  'leak-hiss',
  'sustained',
  'Compressed-air or steam leak: steady high hiss (centre 1.5-6 kHz) with a faint whistle ' +
    'at an edge-tone frequency.',
  (rng, v) => ({
    durationSec: dur(rng),
    centreHz: inThird(rng, v, 1500, 6000),
    q: uniform(rng, 0.7, 1.5),
    whistle: uniform(rng, 0.05, 0.2),
  }),
  (p, rng, sr, out) => {
    const wobble = drift(rng, out.length, sr);
    addNoiseBand(out, rng, sr, p.centreHz, p.q, (i) => 1 + 0.15 * wobble[i]);
    addSweep(
      out,
      sr,
      [1],
      () => p.centreHz * 1.3,
      () => p.whistle,
    );
  },
);

export const sustainedFamilies = [bearingWhine, beltSqueal, rubbing, rotationHum, leakHiss];
