/** Reciprocating (piston) air compressor: a knock per compression, valve clicks, intake hiss. */
import { randInt, uniform } from '../../util/rng.ts';
import { band, drawMains, harmonicAmps, machineGenerator, tone } from './machine.ts';

export const compressor = machineGenerator(
  'compressor',
  'Reciprocating compressor: a piston knock ringing the crankcase and a valve click each ' +
    'cycle (10-40 Hz), pressure pulsation harmonics, intake hiss pulsing with the cycle.',
  (rng) => {
    const crankHz = uniform(rng, 10, 20);
    const cylinders = randInt(rng, 1, 2);
    const rate = crankHz * cylinders;
    const knockHz = uniform(rng, 180, 400);
    return {
      speedDepth: uniform(rng, 0.01, 0.03),
      speedTraverseSec: 15,
      tones: [
        tone(rate, harmonicAmps(rng, 8, 0.8), uniform(rng, 0.3, 0.6)),
        tone(2 * drawMains(rng), [1, 0.3], uniform(rng, 0.05, 0.15), false),
      ],
      bands: [
        {
          ...band(uniform(rng, 600, 1200), uniform(rng, 4000, 7000), uniform(rng, 0.2, 0.5)),
          amHz: rate,
          amDepth: 0.8,
        },
      ],
      impacts: [
        {
          trigger: 'clock',
          rateHz: rate,
          jitter: 0.02,
          followSpeed: true,
          ampJitter: 0.15,
          modes: [
            { hz: knockHz, t60: uniform(rng, 0.04, 0.1), gain: 1 },
            { hz: knockHz * uniform(rng, 2.3, 3.1), t60: 0.04, gain: 0.6 },
            { hz: uniform(rng, 1800, 3500), t60: 0.02, gain: 0.35 },
          ],
          level: 1,
          gate: 'always',
        },
        {
          trigger: 'clock',
          rateHz: rate,
          jitter: 0.05,
          followSpeed: true,
          ampJitter: 0.3,
          modes: [{ hz: uniform(rng, 3500, 6000), t60: 0.006, gain: 1 }],
          level: uniform(rng, 0.15, 0.35),
          gate: 'always',
        },
      ],
      cycle: null,
    };
  },
);
