import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gainForSnr, meanPower, mixAtSnr, snrDb } from '../../src/audio/mix.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';

function noise(n: number, seed: number, scale: number): Float32Array {
  const x = new Float32Array(n);
  fillGaussian(makeRng(seed, 'mix-test'), x);
  for (let i = 0; i < n; i++) x[i] *= scale;
  return x;
}

test('meanPower of a hand-computed case', () => {
  assert.equal(meanPower(new Float32Array([1, -2, 2, 0])), 9 / 4);
  assert.equal(meanPower(new Float32Array([1, -2, 2, 0]), 1, 3), 4);
});

test('mixed signals have the requested SNR within 0.01 dB from -20 to +20 dB', () => {
  const background = noise(16000, 1, 0.3);
  const t = new Float32Array(4000);
  for (let i = 0; i < t.length; i++) t[i] = 0.8 * Math.sin((2 * Math.PI * 1234 * i) / 16000);
  const offset = 5000;
  for (let snr = -20; snr <= 20; snr += 2.5) {
    const { mixed, gain } = mixAtSnr(background, t, offset, snr);
    // Measure independently: subtract the background to recover the placed anomaly.
    let pa = 0;
    let pn = 0;
    for (let i = 0; i < t.length; i++) {
      const a = mixed[offset + i] - background[offset + i];
      pa += a * a;
      pn += background[offset + i] ** 2;
    }
    const measured = snrDb(pa, pn);
    assert.ok(Math.abs(measured - snr) < 0.01, `asked ${snr} dB, measured ${measured} dB`);
    assert.ok(gain > 0);
    // Outside the placement the background is untouched.
    assert.equal(mixed[offset - 1], background[offset - 1]);
    assert.equal(mixed[offset + t.length], background[offset + t.length]);
  }
});

test('gain scales by 10^(dB/20) per dB step', () => {
  const bg = noise(8000, 2, 0.1);
  const a = noise(1000, 3, 1);
  const g0 = gainForSnr(bg, a, 100, 0);
  const g10 = gainForSnr(bg, a, 100, 10);
  assert.ok(Math.abs(g10 / g0 - Math.sqrt(10)) < 1e-9);
});

test('silent parts and misplaced anomalies are errors, not NaN', () => {
  const bg = noise(1000, 4, 0.1);
  assert.throws(() => gainForSnr(bg, new Float32Array(10), 0, 0), /silent anomaly/);
  assert.throws(
    () => gainForSnr(new Float32Array(100), noise(10, 5, 1), 0, 0),
    /silent background/,
  );
  assert.throws(() => gainForSnr(bg, noise(10, 5, 1), 995, 0), /does not fit/);
});
