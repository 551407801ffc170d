/** Electric drill: universal-motor whine and brush noise, pitch dropping while it bites. */
import { randInt, uniform } from '../../util/rng.ts';
import { band, harmonicAmps, machineGenerator, tone } from './machine.ts';

export const drill = machineGenerator(
  'drill',
  'Electric drill: high universal-motor whine (250-500 Hz rotation and harmonics), gear ' +
    'whine and commutator brush noise; while drilling the pitch drops under load and cutting ' +
    'noise pulses at the chuck rate.',
  (rng) => {
    const motorHz = uniform(rng, 250, 500);
    const chuckHz = motorHz / uniform(rng, 8, 20);
    return {
      speedDepth: uniform(rng, 0.01, 0.03),
      speedTraverseSec: 6,
      tones: [
        tone(motorHz, harmonicAmps(rng, 6, 0.9), uniform(rng, 0.5, 0.8)),
        tone(motorHz * randInt(rng, 6, 11), [1, 0.3], uniform(rng, 0.15, 0.35)),
      ],
      bands: [
        {
          ...band(uniform(rng, 2000, 3500), 7500, uniform(rng, 0.2, 0.4)),
          amHz: motorHz,
          amDepth: 0.5,
        },
        {
          ...band(uniform(rng, 200, 500), uniform(rng, 2500, 4500), uniform(rng, 0.6, 1)),
          amHz: chuckHz,
          amDepth: 0.6,
          gate: 'on',
        },
      ],
      impacts: [],
      cycle: {
        periodSec: uniform(rng, 2, 5),
        onFraction: uniform(rng, 0.5, 0.8),
        rampSec: uniform(rng, 0.15, 0.4),
        speedDrop: uniform(rng, 0.12, 0.3),
      },
    };
  },
);
