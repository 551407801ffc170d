/** Two-stage gearbox: gear-mesh harmonics with shaft-rate sidebands. */
import { randInt, uniform } from '../../util/rng.ts';
import { band, harmonicAmps, machineGenerator, tone } from './machine.ts';

export const gearbox = machineGenerator(
  'gearbox',
  'Gearbox: gear-mesh frequency (teeth x shaft rate) and harmonics, amplitude-modulated by ' +
    'the shaft rotation (sidebands), a second slower mesh stage, and gear noise.',
  (rng) => {
    const shaftHz = uniform(rng, 15, 40);
    const teeth = randInt(rng, 17, 41);
    const ratio = uniform(rng, 0.25, 0.6);
    const teeth2 = randInt(rng, 20, 50);
    return {
      speedDepth: uniform(rng, 0.02, 0.06),
      speedTraverseSec: uniform(rng, 8, 25),
      tones: [
        {
          ...tone(shaftHz * teeth, harmonicAmps(rng, 3, 0.7), uniform(rng, 0.5, 0.8)),
          amHz: shaftHz,
          amDepth: uniform(rng, 0.3, 0.6),
        },
        {
          ...tone(shaftHz * ratio * teeth2, harmonicAmps(rng, 3, 0.8), uniform(rng, 0.2, 0.4)),
          amHz: shaftHz * ratio,
          amDepth: uniform(rng, 0.2, 0.5),
        },
        tone(shaftHz, [1, 0.5], uniform(rng, 0.05, 0.15)),
      ],
      bands: [
        {
          ...band(uniform(rng, 150, 400), uniform(rng, 2500, 5000), uniform(rng, 0.2, 0.4)),
          amHz: shaftHz,
          amDepth: 0.3,
        },
      ],
      impacts: [],
      cycle: null,
    };
  },
);
