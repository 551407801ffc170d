/** Axial/centrifugal fan: blade-pass tones on turbulent broadband flow noise. */
import { logUniform, randInt, uniform } from '../../util/rng.ts';
import { band, harmonicAmps, machineGenerator, tone } from './machine.ts';

export const fan = machineGenerator(
  'fan',
  'Fan: blade-pass frequency (rpm/60 x blades) and harmonics, weakly modulated at the shaft ' +
    'rate by blade differences, over turbulent broadband airflow noise.',
  (rng) => {
    const shaftHz = logUniform(rng, 600, 1800) / 60;
    const blades = randInt(rng, 3, 9);
    const bpf = shaftHz * blades;
    return {
      speedDepth: uniform(rng, 0.005, 0.03),
      speedTraverseSec: uniform(rng, 10, 40),
      tones: [
        tone(shaftHz, [1, 0.3], uniform(rng, 0.05, 0.2)),
        {
          ...tone(bpf, harmonicAmps(rng, 5, 1.2), uniform(rng, 0.3, 0.7)),
          amHz: shaftHz,
          amDepth: uniform(rng, 0.1, 0.3),
        },
      ],
      bands: [
        {
          ...band(uniform(rng, 40, 120), uniform(rng, 1200, 4000), 1),
          amHz: bpf,
          amDepth: uniform(rng, 0.05, 0.2),
        },
        band(uniform(rng, 2000, 3000), uniform(rng, 5000, 7500), uniform(rng, 0.1, 0.3)),
      ],
      impacts: [],
      cycle: null,
    };
  },
);
