/**
 * Sudden anomalies: collisions and impacts of parts (METHOD.md section 8: "e.g. parts
 * colliding"). A contact force pulse excites damped vibration modes (Resonator): the mode
 * frequencies set the pitch/material, their ringing times the damping, the contact width the
 * hardness (a short contact excites high modes).
 */
import { type Rng, uniform } from '../../util/rng.ts';
import { Resonator } from '../dsp.ts';
import { addContact, clipGenerator, inThird } from './clip.ts';

interface ModeSpec {
  /** Frequency ratios to the lowest mode. */
  ratios: number[];
  /** Relative gains. */
  gains: number[];
}

/** Ring the modes (lowest at baseHz, ringing t60 s, higher modes shorter) with the excitation. */
function ring(
  exc: Float32Array,
  out: Float32Array,
  sr: number,
  baseHz: number,
  t60: number,
  m: ModeSpec,
): void {
  m.ratios.forEach((r, k) => {
    if (baseHz * r < 0.45 * sr) {
      new Resonator(baseHz * r, t60 / Math.sqrt(r), sr).processTo(exc, out, m.gains[k]);
    }
  });
}

/** Free-free beam mode ratios (1, 2.76, 5.40, 8.93): bars, shafts, brackets. */
const BEAM: ModeSpec = { ratios: [1, 2.756, 5.404, 8.933], gains: [1, 0.7, 0.5, 0.3] };
/** Plate-like, denser inharmonic modes: covers, panels. */
const PLATE: ModeSpec = {
  ratios: [1, 1.59, 2.14, 2.3, 2.65, 3.16, 3.6],
  gains: [1, 0.8, 0.6, 0.6, 0.5, 0.4, 0.3],
};

const startAt = (rng: Rng): number => uniform(rng, 0.01, 0.05);

const metalImpact = clipGenerator(
  'metal-impact',
  'sudden',
  'A metal part striking another: a hard contact ringing free-beam modes (1, 2.76, 5.40, ' +
    '8.93 x 200-1500 Hz) that decay over 0.2-1 s.',
  (rng, v) => ({
    durationSec: uniform(rng, 0.8, 1.5),
    baseHz: inThird(rng, v, 200, 1500),
    t60: uniform(rng, 0.3, 1),
    contactSec: uniform(rng, 0.0002, 0.0006),
  }),
  (p, rng, sr, out) => {
    const exc = new Float32Array(out.length);
    addContact(exc, sr, startAt(rng), p.contactSec, 1);
    ring(exc, out, sr, p.baseHz, p.t60, BEAM);
  },
);

const clank = clipGenerator(
  'clank',
  'sudden',
  'A loose part clanking: two or three quick hits 30-120 ms apart on a plate-like part ' +
    '(modes from 0.6-3 kHz), each shorter-ringing than a clean impact.',
  (rng, v) => ({
    durationSec: uniform(rng, 0.4, 0.9),
    baseHz: inThird(rng, v, 600, 3000),
    t60: uniform(rng, 0.1, 0.3),
    hits: [0, uniform(rng, 0.03, 0.12), uniform(rng, 0.15, 0.25)].slice(0, 2 + (v % 2)),
  }),
  (p, rng, sr, out) => {
    const exc = new Float32Array(out.length);
    const t0 = startAt(rng);
    p.hits.forEach((dt, k) =>
      addContact(exc, sr, t0 + dt, 0.0003, k === 0 ? 1 : 0.4 + 0.4 * rng()),
    );
    ring(exc, out, sr, p.baseHz, p.t60, PLATE);
  },
);

const knock = clipGenerator(
  'knock',
  'sudden',
  'A dull knock: a soft, heavy blow on a housing, low heavily damped modes (60-300 Hz) with ' +
    'a short thump.',
  (rng, v) => ({
    durationSec: uniform(rng, 0.3, 0.6),
    baseHz: inThird(rng, v, 60, 300),
    t60: uniform(rng, 0.06, 0.2),
    contactSec: uniform(rng, 0.002, 0.005),
  }),
  (p, rng, sr, out) => {
    const exc = new Float32Array(out.length);
    addContact(exc, sr, startAt(rng), p.contactSec, 1);
    ring(exc, out, sr, p.baseHz, p.t60, { ratios: [1, 1.9, 3.1], gains: [1, 0.6, 0.3] });
  },
);

const rattle = clipGenerator(
  'rattle',
  'sudden',
  'Rattling: a burst of 6-20 small irregular impacts of loose small parts (modes 1.5-6 kHz) ' +
    'over 0.2-0.8 s.',
  (rng, v) => ({
    durationSec: uniform(rng, 0.4, 1),
    baseHz: inThird(rng, v, 1500, 6000),
    count: Math.round(uniform(rng, 6, 20)),
    spreadSec: uniform(rng, 0.2, 0.7),
  }),
  (p, rng, sr, out) => {
    const exc = new Float32Array(out.length);
    const t0 = startAt(rng);
    const spread = Math.min(p.spreadSec, p.durationSec - t0 - 0.1);
    for (let k = 0; k < p.count; k++) {
      // Hits cluster early (a shaken part settling): t ~ spread * u^1.5.
      addContact(exc, sr, t0 + spread * Math.pow(rng(), 1.5), 0.0002, 0.3 + 0.7 * rng());
    }
    ring(exc, out, sr, p.baseHz, 0.04, { ratios: [1, 1.47, 2.09], gains: [1, 0.7, 0.5] });
  },
);

const bounce = clipGenerator(
  'bounce',
  'sudden',
  'A dropped part bouncing: impacts at intervals shrinking by the coefficient of restitution ' +
    '(0.5-0.75), each weaker, ringing beam modes of 300-2500 Hz.',
  (rng, v) => ({
    durationSec: uniform(rng, 1, 1.5),
    baseHz: inThird(rng, v, 300, 2500),
    firstGapSec: uniform(rng, 0.15, 0.3),
    restitution: uniform(rng, 0.5, 0.75),
  }),
  (p, rng, sr, out) => {
    const exc = new Float32Array(out.length);
    let t = startAt(rng);
    let gap = p.firstGapSec;
    let a = 1;
    while (t < p.durationSec - 0.05 && a > 0.02) {
      addContact(exc, sr, t, 0.0004, a);
      t += gap;
      gap *= p.restitution;
      a *= p.restitution;
    }
    ring(exc, out, sr, p.baseHz, 0.25, BEAM);
  },
);

export const suddenFamilies = [metalImpact, clank, knock, rattle, bounce];
