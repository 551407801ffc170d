import assert from 'node:assert/strict';
import { test } from 'node:test';
import { summarize, tCdf, tQuantile } from '../../src/experiment/stats.ts';

// Two-sided 95% critical values of Student's t, as printed in standard tables (e.g. NIST/SEMATECH
// e-Handbook, table 1.4.2.3.2) and by scipy.stats.t.ppf(0.975, df).
const T975: [number, number][] = [
  [1, 12.706204736],
  [2, 4.30265273],
  [3, 3.182446305],
  [4, 2.776445105],
  [9, 2.262157163],
  [29, 2.045229642],
  [100, 1.983971519],
];

test('t quantiles match the tables to 1e-8', () => {
  for (const [df, t] of T975) {
    assert.ok(Math.abs(tQuantile(0.975, df) - t) < 1e-8, `df ${df}: ${tQuantile(0.975, df)}`);
  }
});

test('t CDF: closed forms for df 1 (Cauchy) and df 2', () => {
  for (const x of [-3, -0.5, 0, 0.7, 4]) {
    assert.ok(Math.abs(tCdf(x, 1) - (0.5 + Math.atan(x) / Math.PI)) < 1e-12);
    assert.ok(Math.abs(tCdf(x, 2) - (0.5 + x / (2 * Math.sqrt(2 + x * x)))) < 1e-12);
  }
});

test('summarize: hand-computed mean, sample std and 95% CI', () => {
  // 0.8, 0.9, 1.0: mean 0.9, std 0.1, half-width t(0.975, 2) 0.1 / sqrt 3.
  const s = summarize([0.8, 0.9, 1.0]);
  const half = (4.30265273 * 0.1) / Math.sqrt(3);
  assert.equal(s.n, 3);
  assert.ok(Math.abs(s.mean - 0.9) < 1e-12);
  assert.ok(Math.abs(s.std - 0.1) < 1e-12);
  assert.ok(Math.abs(s.ciLow - (0.9 - half)) < 1e-8 && Math.abs(s.ciHigh - (0.9 + half)) < 1e-8);
  assert.deepEqual(summarize([0.7]), { n: 1, mean: 0.7, std: 0, ciLow: 0.7, ciHigh: 0.7 });
});
