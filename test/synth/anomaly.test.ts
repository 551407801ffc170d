import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../../src/util/rng.ts';
import { anomalyCatalogue, renderAnomaly } from '../../src/synth/anomaly/catalogue.ts';
import { generatorNames, generatorRole, getGenerator } from '../../src/synth/registry.ts';
import { unknownAnomaly } from '../../src/messages/index.ts';
import { mean, peak, rms } from './helpers.ts';

const SR = 16000;
const cat = anomalyCatalogue(1);

test('45 anomalies: 15 per category, distinct ids and distinct (generator, params)', () => {
  assert.equal(cat.length, 45);
  for (const c of ['sustained', 'time-varying', 'sudden'] as const) {
    const of = cat.filter((e) => e.category === c);
    assert.equal(of.length, 15, c);
    assert.ok(new Set(of.map((e) => e.generator)).size >= 4, `${c}: generator variety`);
    for (const e of of) {
      assert.ok(e.id.startsWith(`${c}-`) && e.id.endsWith(e.generator), e.id);
      assert.equal(generatorRole(e.generator), 'anomaly');
      assert.equal(e.durationSec, e.params.durationSec);
      const [lo, hi] = c === 'sudden' ? [0.2, 1.5] : [1, 5];
      assert.ok(e.durationSec >= lo && e.durationSec <= hi, `${e.id}: ${e.durationSec} s`);
    }
  }
  assert.equal(new Set(cat.map((e) => e.id)).size, 45);
  assert.equal(new Set(cat.map((e) => JSON.stringify([e.generator, e.params]))).size, 45);
  assert.deepEqual(anomalyCatalogue(1), cat);
  assert.notDeepEqual(anomalyCatalogue(2), cat);
  // Every registered anomaly family is in the catalogue, except Fig. 4's collision.
  assert.deepEqual(
    generatorNames('anomaly').sort(),
    [...new Set(cat.map((e) => e.generator)), 'sweeper-collision'].sort(),
  );
});

test('every clip renders deterministically, finite, levelled, without DC', () => {
  for (const e of cat) {
    const x = renderAnomaly(e, 1, SR);
    assert.equal(x.length, Math.round(e.durationSec * SR));
    assert.deepEqual(renderAnomaly(e, 1, SR), x, `${e.id} not deterministic`);
    assert.ok(x.every(Number.isFinite), e.id);
    assert.ok(peak(x) <= 0.8 + 1e-6, `${e.id} peak ${peak(x)}`);
    assert.ok(rms(x) > 0.02 && rms(x) <= 0.1 + 1e-6, `${e.id} rms ${rms(x)}`);
    assert.ok(Math.abs(mean(x)) < 1e-3, `${e.id} mean ${mean(x)}`);
    // Faded edges: starts and ends near silence.
    assert.ok(Math.abs(x[0]) < 0.01 && Math.abs(x[x.length - 1]) < 0.01, e.id);
  }
  assert.notDeepEqual(renderAnomaly(cat[0], 2, SR), renderAnomaly(cat[0], 1, SR));
});

test('the registry path (create with stream anomaly/<id>) gives the same samples in any chunks', () => {
  for (const e of [cat[0], cat[20], cat[40]]) {
    const n = Math.round(e.durationSec * SR);
    const src = getGenerator(e.generator).create(e.params, makeRng(1, `anomaly/${e.id}`), SR);
    const x = new Float32Array(n + 500);
    for (let i = 0; i < x.length; i += 1000) src.fill(x.subarray(i, Math.min(x.length, i + 1000)));
    assert.deepEqual(x.subarray(0, n), renderAnomaly(e, 1, SR));
    assert.ok(
      x.subarray(n).every((v) => v === 0),
      'silence after the clip',
    );
  }
});

test('impacts decay; an up-chirp rises; an acceleration sweep rises, a deceleration falls', () => {
  const zcr = (x: Float32Array, a: number, b: number) => {
    let z = 0;
    for (let i = a + 1; i < b; i++) if (x[i - 1] < 0 !== x[i] < 0) z++;
    return z / (b - a);
  };
  for (const e of cat.filter((c) => c.generator === 'metal-impact')) {
    const x = renderAnomaly(e, 1, SR);
    const q = Math.floor(x.length / 4);
    assert.ok(rms(x, 3 * q, 4 * q) < 0.1 * rms(x, 0, q), `${e.id} does not decay`);
  }
  const check = (gen: string, field: string, value: string, rises: boolean) => {
    const e = cat.find((c) => c.generator === gen && c.params[field] === value);
    assert.ok(e, `${gen} ${value}`);
    const x = renderAnomaly(e, 1, SR);
    const w = Math.round(0.3 * SR);
    const start = zcr(x, Math.round(0.2 * SR), Math.round(0.2 * SR) + w);
    const end = zcr(x, x.length - w - Math.round(0.2 * SR), x.length - Math.round(0.2 * SR));
    assert.ok(rises ? end > 1.3 * start : start > 1.3 * end, `${e.id}: ${start} -> ${end}`);
  };
  check('chirp', 'shape', 'up', true);
  check('chirp', 'shape', 'down', false);
  const sweeps = cat.filter((c) => c.generator === 'speed-sweep');
  for (const e of sweeps) {
    const up = (e.params.endHz as number) > (e.params.startHz as number);
    const x = renderAnomaly(e, 1, SR);
    const w = Math.round(0.3 * SR);
    const a = zcr(x, Math.round(0.2 * SR), Math.round(0.2 * SR) + w);
    const b = zcr(x, x.length - w - Math.round(0.2 * SR), x.length - Math.round(0.2 * SR));
    assert.ok(up ? b > 1.3 * a : a > 1.3 * b, `${e.id}: ${a} -> ${b}`);
  }
});

test('an entry naming an unknown generator is an error', () => {
  const bad = { ...cat[0], id: 'x-01-nope', generator: 'nope' };
  assert.throws(() => renderAnomaly(bad, 1, SR), new Error(unknownAnomaly('x-01-nope')));
});
