/** Centrifugal pump on an induction motor: vane-pass tone, flow noise, cavitation crackle. */
import { randInt, uniform } from '../../util/rng.ts';
import { band, drawMains, harmonicAmps, machineGenerator, pick, tone } from './machine.ts';

export const pump = machineGenerator(
  'pump',
  'Centrifugal pump: vane-pass tone (shaft rate x vanes) modulated at the shaft rate, motor ' +
    'line hum, surging liquid flow noise and sparse cavitation crackle.',
  (rng) => {
    const mains = drawMains(rng);
    // Two- or four-pole induction motor with 1-4 % slip.
    const shaftHz = pick(rng, [1, 0.5]) * mains * (1 - uniform(rng, 0.01, 0.04));
    const vanes = randInt(rng, 5, 8);
    return {
      speedDepth: uniform(rng, 0.002, 0.01),
      speedTraverseSec: 20,
      tones: [
        tone(shaftHz, [1, 0.5, 0.25], uniform(rng, 0.1, 0.25)),
        {
          ...tone(shaftHz * vanes, harmonicAmps(rng, 4, 1), uniform(rng, 0.4, 0.8)),
          amHz: shaftHz,
          amDepth: uniform(rng, 0.2, 0.4),
        },
        tone(2 * mains, [1, 0.3], uniform(rng, 0.05, 0.2), false),
      ],
      bands: [
        {
          ...band(uniform(rng, 100, 300), uniform(rng, 1500, 3500), 0.8),
          amHz: uniform(rng, 0.3, 1.2),
          amDepth: uniform(rng, 0.2, 0.5),
        },
      ],
      impacts: [
        {
          trigger: 'clock',
          rateHz: uniform(rng, 15, 60),
          jitter: 0.9,
          followSpeed: false,
          ampJitter: 1,
          modes: [
            { hz: uniform(rng, 3000, 5500), t60: 0.004, gain: 1 },
            { hz: uniform(rng, 1500, 2800), t60: 0.006, gain: 0.6 },
          ],
          level: uniform(rng, 0.05, 0.2),
          gate: 'always',
        },
      ],
      cycle: null,
    };
  },
);
