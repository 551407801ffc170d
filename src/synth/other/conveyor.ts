/** Belt conveyor: idler rollers ticking, belt-splice thumps, drive hum, rattling items. */
import { type Rng, uniform } from '../../util/rng.ts';
import { band, drawMains, machineGenerator, tone, type Impacts } from './machine.ts';

/** Ticks of one idler roller's bearing/shell, at its rotation rate. */
function roller(rng: Rng): Impacts {
  const hz = uniform(rng, 400, 1100);
  return {
    trigger: 'clock',
    rateHz: uniform(rng, 2, 9),
    jitter: 0.08,
    followSpeed: true,
    ampJitter: 0.3,
    modes: [
      { hz, t60: uniform(rng, 0.05, 0.12), gain: 1 },
      { hz: hz * uniform(rng, 2.4, 2.9), t60: 0.04, gain: 0.5 },
    ],
    level: uniform(rng, 0.25, 0.5),
    gate: 'always',
  };
}

export const conveyor = machineGenerator(
  'conveyor',
  'Belt conveyor: idler rollers ticking at their rotation rates, a thump each time the belt ' +
    'splice passes, drive motor and reducer hum, belt rumble and rattling items.',
  (rng) => ({
    speedDepth: uniform(rng, 0.01, 0.04),
    speedTraverseSec: 20,
    tones: [
      tone(2 * drawMains(rng), [1, 0.3], uniform(rng, 0.1, 0.25), false),
      tone(uniform(rng, 120, 300), [1, 0.4, 0.2], uniform(rng, 0.1, 0.25)),
    ],
    bands: [band(uniform(rng, 30, 60), uniform(rng, 400, 900), uniform(rng, 0.6, 1))],
    impacts: [
      roller(rng),
      roller(rng),
      roller(rng),
      {
        trigger: 'clock',
        rateHz: uniform(rng, 0.3, 0.8),
        jitter: 0.02,
        followSpeed: true,
        ampJitter: 0.1,
        modes: [
          { hz: uniform(rng, 120, 250), t60: 0.15, gain: 1 },
          { hz: uniform(rng, 500, 900), t60: 0.08, gain: 0.5 },
        ],
        level: uniform(rng, 0.15, 0.3),
        gate: 'always',
      },
      {
        trigger: 'clock',
        rateHz: uniform(rng, 8, 25),
        jitter: 0.9,
        followSpeed: false,
        ampJitter: 1,
        modes: [{ hz: uniform(rng, 2000, 4500), t60: 0.015, gain: 1 }],
        level: uniform(rng, 0.05, 0.2),
        gate: 'always',
      },
    ],
    cycle: null,
  }),
);
