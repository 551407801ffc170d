/**
 * Samples per second of each continuous generator on one core, drawn in 4096-sample chunks into
 * one reused buffer (as the corpus writer does). Usage: npx tsx bench/synth-throughput.ts [sec]
 * Target: >= 8e6 samples/s each (21 h of 16 kHz audio in under 10 minutes on 2 cores).
 */
import { makeRng } from '../src/util/rng.ts';
import { generatorNames, getGenerator } from '../src/synth/registry.ts';

const SR = 16000;
const seconds = Number(process.argv[2] ?? 300);
const buf = new Float32Array(4096);
const chunks = Math.ceil((seconds * SR) / buf.length);
for (const name of generatorNames('continuous')) {
  const g = getGenerator(name);
  const rates: number[] = [];
  for (const seed of [1, 2, 3]) {
    const rng = makeRng(seed, `bench/${name}`);
    const src = g.create(g.draw(rng), rng, SR);
    const t0 = performance.now();
    for (let c = 0; c < chunks; c++) src.fill(buf);
    rates.push((chunks * buf.length) / ((performance.now() - t0) / 1000));
  }
  const lo = Math.min(...rates) / 1e6;
  const avg = rates.reduce((a, b) => a + b, 0) / rates.length / 1e6;
  console.log(
    `${name.padEnd(18)} ${avg.toFixed(1).padStart(6)} M samples/s (min ${lo.toFixed(1)})`,
  );
}
