/**
 * The Fig. 4 stand-in: the 3D printer (D) and the sweeper collision (A). The streaming contract,
 * level calibration and determinism are covered for every registered generator in
 * streaming.test.ts; here: the layer cycle, the motors' pitches, parameter checks, the collision.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { makeRng } from '../../src/util/rng.ts';
import {
  defaultPrinterParams,
  printerGenerator,
  resolvePrinterParams,
  trapezoid,
} from '../../src/synth/printer.ts';
import { familyEntries, renderAnomaly } from '../../src/synth/anomaly/catalogue.ts';
import { renderAll } from '../../src/synth/source.ts';
import { badGeneratorParam, unknownGeneratorParam } from '../../src/messages/index.ts';
import { peakProminenceDb, rms } from './helpers.ts';

const SR = 16000;

function render(overrides: Record<string, unknown>, seconds: number, seed = 1): Float32Array {
  const p = resolvePrinterParams(overrides);
  return renderAll(printerGenerator.create(p, makeRng(seed, 'printer-test'), SR), seconds * SR);
}

test('trapezoid: 0 outside the move, ramps over the first and last 20%, 1 in between', () => {
  assert.deepEqual(
    [-0.1, 0, 0.1, 0.2, 0.5, 0.8, 0.9, 1].map((u) => Number(trapezoid(u).toFixed(12))),
    [0, 0, 0.5, 1, 1, 1, 0.5, 0],
  );
});

test('the sound repeats with the layer period: envelope autocorrelation peaks at layerSec', () => {
  // 0.1 s RMS envelope over 48 s; without jitter the strongest lag in 4..12 s is the period.
  const x = render({ layerSec: 7, layerJitter: 0 }, 48);
  const w = SR / 10;
  const env = Array.from({ length: x.length / w }, (_, i) => rms(x, i * w, (i + 1) * w));
  const m = env.reduce((s, v) => s + v, 0) / env.length;
  const c = env.map((v) => v - m);
  let best = 0;
  let bestLag = 0;
  for (let lag = 40; lag <= 120; lag++) {
    let s = 0;
    for (let i = 0; i + lag < c.length; i++) s += c[i] * c[i + lag];
    if (s > best) [best, bestLag] = [s, lag];
  }
  // Alternating stroke directions make the full pattern repeat at 2 x 7 s; either is right.
  assert.ok(
    [70, 140].some((l) => Math.abs(bestLag - l) <= 1),
    `strongest lag ${bestLag / 10} s`,
  );
  // Moves are louder than the idle part (fan and air only): envelope spread of several dB.
  const sorted = [...env].sort((a, b) => a - b);
  const spreadDb =
    20 *
    Math.log10(sorted[Math.floor(0.95 * sorted.length)] / sorted[Math.floor(0.2 * sorted.length)]);
  assert.ok(spreadDb > 6, `95th / 20th percentile envelope: ${spreadDb.toFixed(1)} dB`);
});

test('the motors whine at their step rates: Z, sweeper forward and return, and the fan hum', () => {
  const x = render({ layerJitter: 0, zStepHz: 1100, sweepStepHz: 600, returnSpeed: 1.5 }, 32);
  const off = [-37, -29, -23, 23, 29, 37];
  for (const [what, f] of [
    ['Z', 1100],
    ['sweep', 600],
    ['return', 900],
    ['fan', defaultPrinterParams.fanHz],
  ] as const) {
    const db = peakProminenceDb(x, f, SR, off);
    assert.ok(db > 10, `${what} at ${f} Hz stands ${db.toFixed(1)} dB above its neighbours`);
  }
});

test('printer parameters: ranges, moves that do not fit the cycle, unknown keys', () => {
  assert.throws(
    () => resolvePrinterParams({ layerSec: 2 }),
    (e: Error) =>
      e.message === badGeneratorParam('printer', 'layerSec', 'a number in [3, 60], got 2'),
  );
  assert.throws(
    () => resolvePrinterParams({ layerSec: 4, sweepSec: 3 }),
    (e: Error) =>
      e.message ===
      badGeneratorParam(
        'printer',
        'layerSec',
        'a cycle of at least zMoveSec + sweepDelaySec + sweepSec + 0.5 = 4.8 s after jitter, got 3.8 s',
      ),
  );
  assert.throws(
    () => resolvePrinterParams({ rpm: 1 }),
    (e: Error) =>
      e.message === unknownGeneratorParam('printer', 'rpm', Object.keys(defaultPrinterParams)),
  );
});

test('sweeper collision: 15 entries cycling the 3 pitch ranges; each an impact that decays', () => {
  const entries = familyEntries(1, ['sweeper-collision'], 15);
  assert.equal(entries.length, 15);
  assert.deepEqual(entries.map((e) => e.id).slice(0, 2), [
    'sudden-01-sweeper-collision',
    'sudden-02-sweeper-collision',
  ]);
  assert.ok(entries.every((e) => e.category === 'sudden' && e.generator === 'sweeper-collision'));
  assert.equal(new Set(entries.map((e) => JSON.stringify(e.params))).size, 15);
  // Variant k mod 3 picks the low / middle / high third of 400-2500 Hz.
  const edges = [400, 400 * (2500 / 400) ** (1 / 3), 400 * (2500 / 400) ** (2 / 3), 2500];
  entries.forEach((e, k) => {
    const f = e.params.baseHz as number;
    assert.ok(f >= edges[k % 3] && f <= edges[(k % 3) + 1], `${e.id}: ${f} Hz`);
  });
  assert.deepEqual(familyEntries(1, ['sweeper-collision'], 15), entries);
  for (const e of entries.slice(0, 3)) {
    const a = renderAnomaly(e, 1, SR);
    assert.equal(a.length, Math.round(e.durationSec * SR));
    assert.ok(a.every(Number.isFinite));
    const early = rms(a, 0, 0.1 * SR);
    const late = rms(a, a.length - 0.1 * SR);
    assert.ok(early > 10 * late, `${e.id}: first 100 ms ${early}, last 100 ms ${late}`);
  }
});
