/** Electrical generator (alternator): buzzy mains-frequency hum, rotor tones, cooling fan. */
import { randInt, uniform } from '../../util/rng.ts';
import { band, drawMains, machineGenerator, pick, tone } from './machine.ts';

export const electricGenerator = machineGenerator(
  'generator',
  'Alternator: buzzy electromagnetic hum at the line frequency with strong odd and even ' +
    'harmonics, rotor rotation tones, exciter whine and cooling-fan airflow.',
  (rng) => {
    const mains = drawMains(rng);
    const shaftHz = mains / pick(rng, [1, 2]);
    const hum = Array.from(
      { length: 12 },
      (_, k) => ((k % 2 === 0 ? 1 : 0.5) * uniform(rng, 0.3, 1)) / (1 + k * 0.3),
    );
    const fanBlades = randInt(rng, 8, 14);
    return {
      speedDepth: 0.002,
      speedTraverseSec: 30,
      tones: [
        tone(mains, hum, uniform(rng, 0.6, 0.9), false),
        tone(shaftHz, [1, 0.5, 0.3], uniform(rng, 0.1, 0.25)),
        tone(uniform(rng, 500, 1500), [1, 0.2], uniform(rng, 0.05, 0.15), false),
      ],
      bands: [
        {
          ...band(uniform(rng, 100, 200), uniform(rng, 2000, 5000), uniform(rng, 0.4, 0.7)),
          amHz: shaftHz * fanBlades,
          amDepth: 0.1,
        },
      ],
      impacts: [],
      cycle: null,
    };
  },
);
