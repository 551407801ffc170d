/**
 * Properties every registered continuous generator must have: determinism per seed, difference
 * across seeds, chunk independence, finite and bounded output at a calibrated level, no DC.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../../src/util/rng.ts';
import { generatorNames, getGenerator } from '../../src/synth/registry.ts';
import { renderAll } from '../../src/synth/source.ts';
import { mean, peak, rms } from './helpers.ts';

const SR = 16000;
const N = 3 * SR + 123;

function render(name: string, seed: number, chunk: number): Float32Array {
  const g = getGenerator(name);
  const rng = makeRng(seed, `test/${name}`);
  const src = g.create(g.draw(rng), rng, SR);
  if (chunk >= N) return renderAll(src, N);
  const out = new Float32Array(N);
  for (let i = 0; i < N; i += chunk) src.fill(out.subarray(i, Math.min(N, i + chunk)));
  return out;
}

for (const name of generatorNames('continuous')) {
  test(`${name}: same seed same samples whatever the chunk size; another seed differs`, () => {
    const all = render(name, 1, N);
    assert.deepEqual(render(name, 1, 1000), all);
    assert.deepEqual(render(name, 1, 4096), all);
    assert.deepEqual(render(name, 1, 1), all.subarray(0, N));
    assert.notDeepEqual(render(name, 2, N), all);
  });

  test(`${name}: finite, within (-1, 1), calibrated level, no DC`, () => {
    for (const seed of [1, 2, 3]) {
      const x = render(name, seed, N);
      assert.ok(x.every(Number.isFinite), 'non-finite sample');
      assert.ok(peak(x) < 1, `peak ${peak(x)}`);
      const r = rms(x);
      assert.ok(r > 0.03 && r < 0.2, `rms ${r} (target 0.1, less for impulsive sounds)`);
      assert.ok(Math.abs(mean(x)) < 0.01, `mean ${mean(x)}`);
    }
  });
}
