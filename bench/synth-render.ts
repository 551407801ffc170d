/**
 * Listening aid: renders generators to 16-bit WAV files for ears and sox spectrograms.
 * Usage: npx tsx bench/synth-render.ts OUTDIR [seconds] [name...]   (default: every generator)
 * Writes OUTDIR/<name>.wav (continuous generators; 3 seeds as <name>-<seed>.wav) and
 * OUTDIR/anomaly/<id>.wav for the 45 catalogue anomalies. Never commit the output.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRng } from '../src/util/rng.ts';
import { renderAll } from '../src/synth/source.ts';
import { generatorNames, getGenerator } from '../src/synth/registry.ts';
import { anomalyCatalogue, renderAnomaly } from '../src/synth/anomaly/catalogue.ts';

const SR = 16000;

function wav16(x: Float32Array, sampleRate: number): Buffer {
  const b = Buffer.alloc(44 + 2 * x.length);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + 2 * x.length, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(sampleRate, 24);
  b.writeUInt32LE(2 * sampleRate, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(2 * x.length, 40);
  for (let i = 0; i < x.length; i++) {
    b.writeInt16LE(Math.round(32767 * Math.max(-1, Math.min(1, x[i]))), 44 + 2 * i);
  }
  return b;
}

const [out = '/tmp/synth', secArg = '10', ...names] = process.argv.slice(2);
const seconds = Number(secArg);
mkdirSync(join(out, 'anomaly'), { recursive: true });
const continuous = names.length > 0 ? names : generatorNames('continuous');
for (const name of continuous) {
  const g = getGenerator(name);
  for (const seed of [1, 2, 3]) {
    const rng = makeRng(seed, `render/${name}`);
    const params = g.draw(rng);
    const x = renderAll(g.create(params, rng, SR), Math.round(seconds * SR));
    writeFileSync(join(out, `${name}-${seed}.wav`), wav16(x, SR));
  }
}
if (names.length === 0) {
  for (const entry of anomalyCatalogue(1)) {
    writeFileSync(join(out, 'anomaly', `${entry.id}.wav`), wav16(renderAnomaly(entry, 1, SR), SR));
  }
}
console.log(`wrote to ${out}`);
