/** Gas turbine: high blade-pass whine over a broadband roar. */
import { randInt, uniform } from '../../util/rng.ts';
import { band, machineGenerator, tone } from './machine.ts';

export const turbine = machineGenerator(
  'turbine',
  'Gas turbine: high-pitched compressor blade-pass whine (2.5-6 kHz) with shaft-rate ' +
    'modulation, shaft tones, broadband combustion/exhaust roar and high hiss.',
  (rng) => {
    const shaftHz = uniform(rng, 100, 250);
    const blades = randInt(rng, 14, 40);
    const bpf = Math.min(6000, Math.max(2500, shaftHz * blades));
    return {
      speedDepth: uniform(rng, 0.005, 0.02),
      speedTraverseSec: 15,
      tones: [
        { ...tone(bpf, [1, 0.2], uniform(rng, 0.25, 0.5)), amHz: shaftHz, amDepth: 0.15 },
        tone(bpf * uniform(rng, 0.55, 0.8), [1], uniform(rng, 0.1, 0.25)),
        tone(shaftHz, [1, 0.5, 0.25], uniform(rng, 0.1, 0.2)),
      ],
      bands: [
        {
          ...band(25, uniform(rng, 800, 2500), 1),
          amHz: uniform(rng, 0.2, 0.8),
          amDepth: 0.15,
        },
        band(uniform(rng, 3000, 4500), 7500, uniform(rng, 0.2, 0.45)),
      ],
      impacts: [],
      cycle: null,
    };
  },
);
