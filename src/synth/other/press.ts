/** Hydraulic press: pump whine loaded during each stroke, fluid hiss, a thud at the bottom. */
import { uniform } from '../../util/rng.ts';
import { band, drawMains, harmonicAmps, machineGenerator, tone } from './machine.ts';

export const hydraulicPress = machineGenerator(
  'hydraulic-press',
  'Hydraulic press: a work cycle of strokes (2.5-5 s); the hydraulic pump whine drops in ' +
    'pitch under load, oil hisses through the valves while pressing, a thud ends each stroke.',
  (rng) => {
    const pumpHz = uniform(rng, 150, 420);
    const thudHz = uniform(rng, 60, 130);
    return {
      speedDepth: 0.005,
      speedTraverseSec: 20,
      tones: [
        tone(pumpHz, harmonicAmps(rng, 6, 0.7), uniform(rng, 0.4, 0.7)),
        tone(2 * drawMains(rng), [1, 0.3], uniform(rng, 0.1, 0.2), false),
      ],
      bands: [
        { ...band(uniform(rng, 1200, 2500), uniform(rng, 5000, 7500), 0.7), gate: 'on' },
        { ...band(40, uniform(rng, 200, 400), uniform(rng, 0.3, 0.6)), gate: 'on' },
        band(uniform(rng, 1500, 3000), 7000, uniform(rng, 0.05, 0.12)),
      ],
      impacts: [
        {
          trigger: 'stroke',
          rateHz: 0,
          jitter: 0,
          followSpeed: false,
          ampJitter: 0.1,
          modes: [
            { hz: thudHz, t60: uniform(rng, 0.3, 0.6), gain: 1 },
            { hz: thudHz * uniform(rng, 2.7, 3.6), t60: 0.2, gain: 0.6 },
            { hz: uniform(rng, 900, 1600), t60: 0.08, gain: 0.4 },
          ],
          level: uniform(rng, 0.2, 0.35),
          gate: 'always',
        },
      ],
      cycle: {
        periodSec: uniform(rng, 2.5, 5),
        onFraction: uniform(rng, 0.35, 0.6),
        rampSec: uniform(rng, 0.1, 0.3),
        speedDrop: uniform(rng, 0.08, 0.2),
      },
    };
  },
);
