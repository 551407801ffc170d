/** Induction motor: line hum at twice the mains frequency and harmonics, rotor-slot whine. */
import { randInt, uniform } from '../../util/rng.ts';
import { band, drawMains, machineGenerator, pick, tone } from './machine.ts';

export const electricMotor = machineGenerator(
  'electric-motor',
  'Induction motor: magnetic line hum at 2x mains (100/120 Hz) and harmonics, rotor-slot ' +
    'whine (slots x shaft rate) with 2x-mains sidebands, shaft rotation, cooling-fan noise.',
  (rng) => {
    const mains = drawMains(rng);
    const poles = pick(rng, [2, 4]);
    const shaftHz = ((2 * mains) / poles) * (1 - uniform(rng, 0.01, 0.05));
    const slots = randInt(rng, 24, 44);
    return {
      speedDepth: uniform(rng, 0.001, 0.004),
      speedTraverseSec: 30,
      tones: [
        tone(2 * mains, [1, uniform(rng, 0.2, 0.6), uniform(rng, 0.1, 0.4), 0.1], 0.7, false),
        {
          ...tone(slots * shaftHz, [1, uniform(rng, 0.1, 0.4)], uniform(rng, 0.2, 0.5)),
          amHz: 2 * mains,
          amDepth: uniform(rng, 0.2, 0.5),
          followSpeed: true,
        },
        tone(shaftHz, [1, 0.4], uniform(rng, 0.05, 0.15)),
      ],
      bands: [band(uniform(rng, 80, 200), uniform(rng, 1500, 4500), uniform(rng, 0.2, 0.5))],
      impacts: [],
      cycle: null,
    };
  },
);
