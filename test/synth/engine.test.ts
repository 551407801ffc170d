import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../../src/util/rng.ts';
import {
  defaultEngineParams,
  engineGenerator,
  resolveEngineParams,
} from '../../src/synth/engine.ts';
import { renderAll } from '../../src/synth/source.ts';
import { badGeneratorParam, unknownGeneratorParam } from '../../src/messages/index.ts';
import { peakProminenceDb, rms, strongest, tonePower } from './helpers.ts';

const SR = 16000;

function render(overrides: Record<string, unknown>, seconds: number, seed = 1): Float32Array {
  const p = resolveEngineParams(overrides);
  return renderAll(engineGenerator.create(p, makeRng(seed, 'engine-test'), SR), seconds * SR);
}

test('at a fixed RPM the spectrum peaks at the firing-frequency harmonics', () => {
  // 1500 rpm, 4 cylinders, four-stroke: firing at 1500 / 60 * 4 / 2 = 50 Hz.
  const x = render({ rpmMin: 1500, rpmMax: 1500 }, 4);
  for (const k of [1, 2, 3, 4, 5]) {
    const db = peakProminenceDb(x, 50 * k, SR, [-19, -17, -13, -11, 11, 13, 17, 19]);
    assert.ok(
      db > 15,
      `harmonic ${k} (${50 * k} Hz) stands ${db.toFixed(1)} dB above its neighbours`,
    );
  }
  // Six cylinders at the same speed fire at 75 Hz, not 50.
  const y = render({ rpmMin: 1500, rpmMax: 1500, cylinders: 6 }, 4);
  assert.equal(strongest(y, [50, 60, 75, 90, 100], SR), 75);
});

test('the RPM wanders between rpmMin and rpmMax', () => {
  // Fundamental in 1 s windows over 60 s: varies, and stays inside [20, 60] Hz (600..1800 rpm).
  const x = render({ rpmMin: 600, rpmMax: 1800, wanderSec: 10 }, 60, 3);
  const cands = Array.from({ length: 61 }, (_, i) => 10 + i);
  const f0s: number[] = [];
  for (let s = 0; s < 60; s += 3) f0s.push(strongest(x.subarray(s * SR, (s + 1) * SR), cands, SR));
  assert.ok(Math.max(...f0s) - Math.min(...f0s) >= 8, `fundamentals ${f0s.join(' ')}`);
  for (const f of f0s) assert.ok(f >= 19 && f <= 61, `fundamental ${f} Hz outside the range`);
});

test('noiseLevel controls the broadband part', () => {
  const quiet = render({ rpmMin: 1500, rpmMax: 1500, noiseLevel: 0 }, 2);
  const noisy = render({ rpmMin: 1500, rpmMax: 1500, noiseLevel: 2 }, 2);
  // Between the harmonics (25 Hz off them, 1 to 3 kHz) the noisy engine has much more energy.
  const between = Array.from({ length: 40 }, (_, k) => 1025 + 50 * k);
  const rel = (x: Float32Array) =>
    between.reduce((s, f) => s + tonePower(x, f, SR), 0) / rms(x) ** 2;
  assert.ok(rel(noisy) > 10 * rel(quiet));
});

test('a stream drawn over a long time stays continuous and at level', () => {
  const p = defaultEngineParams;
  const src = engineGenerator.create(p, makeRng(5, 'engine-long'), SR);
  const buf = new Float32Array(SR * 10);
  let prev = 0;
  for (let k = 0; k < 12; k++) {
    src.fill(buf);
    // No jump at the chunk boundary bigger than the signal's own sample-to-sample steps.
    assert.ok(Math.abs(buf[0] - prev) < 0.5);
    prev = buf[buf.length - 1];
    const r = rms(buf);
    assert.ok(r > 0.03 && r < 0.3, `rms ${r} in chunk ${k}`);
  }
});

test('spec overrides: unknown keys, wrong types and out-of-range values are errors', () => {
  assert.deepEqual(resolveEngineParams({}), defaultEngineParams);
  assert.equal(resolveEngineParams({ cylinders: 6 }).cylinders, 6);
  assert.throws(
    () => resolveEngineParams({ rpm: 1000 }),
    new Error(unknownGeneratorParam('engine', 'rpm', Object.keys(defaultEngineParams))),
  );
  assert.throws(
    () => resolveEngineParams({ cylinders: '4' }),
    new Error(badGeneratorParam('engine', 'cylinders', 'of type number')),
  );
  assert.throws(
    () => resolveEngineParams({ rpmMin: 3000 }),
    new Error(badGeneratorParam('engine', 'rpmMin', 'a number in [100, 2200], got 3000')),
  );
  assert.throws(() => resolveEngineParams({ cylinders: 2.5 }), /cylinders.*integer/);
  assert.throws(() => resolveEngineParams({ strokes: 3 }), /strokes/);
});
