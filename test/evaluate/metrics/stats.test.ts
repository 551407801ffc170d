import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  ciHalfWidth,
  mean,
  sampleStd,
  summarize,
  tCdf,
  tQuantile,
} from '../../../src/evaluate/metrics/stats.ts';
import { evalMessages } from '../../../src/messages/index.ts';

// Reference values from test/fixtures/make_stats.py (scipy 1.10, numpy, mpmath at 40 digits).
// scipy < 1.16 computes t.ppf with cdflib's stdtrit, good to only ~4e-9 relative: our quantile is
// held to the mpmath value at 1e-12 and to scipy's at 1e-8 (the script's docstring has details).
interface Fixture {
  /** [df, scipy t.ppf(0.975, df), mpmath quantile] */
  ppf975: [number, number, number][];
  /** [p, df, scipy t.ppf(p, df), mpmath quantile] */
  ppf: [number, number, number, number][];
  /** [x, df, scipy t.cdf(x, df)] */
  cdf: [number, number, number][];
  summaries: {
    name: string;
    values: number[];
    n: number;
    mean: number;
    std: number;
    ciLow: number;
    ciHigh: number;
    ciLowMp: number;
    ciHighMp: number;
  }[];
}
const fx = JSON.parse(
  readFileSync(new URL('../../fixtures/stats.json', import.meta.url), 'utf8'),
) as Fixture;
const rel = (a: number, b: number): number =>
  b === 0 ? Math.abs(a) : Math.abs(a - b) / Math.abs(b);
const near = (a: number, b: number, tol: number, what: string): void =>
  assert.ok(rel(a, b) <= tol, `${what}: ${a} vs ${b} (relative ${rel(a, b)})`);

test('t(0.975, df) for df 1..40, 60, 120, 1000 equals mpmath to 1e-12 and scipy to 1e-8', () => {
  assert.equal(fx.ppf975.length, 43);
  for (const [df, scipy, mp] of fx.ppf975) {
    const t = tQuantile(0.975, df);
    near(t, mp, 1e-12, `df ${df} vs mpmath`);
    near(t, scipy, 1e-8, `df ${df} vs scipy`);
  }
});

test('t quantiles at other p (both tails, p = 0.5) and fractional df', () => {
  for (const [p, df, scipy, mp] of fx.ppf) {
    const t = tQuantile(p, df);
    if (p === 0.5) assert.equal(t, 0);
    else near(t, mp, 1e-12, `p ${p}, df ${df} vs mpmath`);
    assert.ok(Math.abs(t - scipy) <= 1e-8 * Math.max(1, Math.abs(scipy)), `p ${p}, df ${df}`);
  }
});

test('t CDF equals scipy to 1e-15 and closed forms for df 1 (Cauchy) and df 2', () => {
  for (const [x, df, c] of fx.cdf) {
    assert.ok(Math.abs(tCdf(x, df) - c) < 1e-15, `x ${x}, df ${df}: ${tCdf(x, df)} vs ${c}`);
  }
  for (const x of [-3, -0.5, 0, 0.7, 4]) {
    assert.ok(Math.abs(tCdf(x, 1) - (0.5 + Math.atan(x) / Math.PI)) < 1e-15);
    assert.ok(Math.abs(tCdf(x, 2) - (0.5 + x / (2 * Math.sqrt(2 + x * x)))) < 1e-15);
  }
  assert.equal(tCdf(Infinity, 3), 1);
  assert.equal(tCdf(-Infinity, 3), 0);
});

test('extreme tails keep their precision (df 1: t = -1 / (pi p) to first order)', () => {
  near(tQuantile(1e-10, 1), -1 / (Math.PI * 1e-10), 1e-12, 'p 1e-10');
  near(tQuantile(1e-300, 1), -1 / (Math.PI * 1e-300), 1e-12, 'p 1e-300');
  near(tCdf(tQuantile(1 - 1e-12, 5), 5), 1 - 1e-12, 1e-15, 'round trip');
});

test('mean, sample std and 95% CI equal numpy/scipy (CI: mpmath quantile to 1e-12)', () => {
  for (const s of fx.summaries) {
    const got = summarize(s.values);
    assert.equal(got.n, s.n);
    near(got.mean, s.mean, 1e-14, `${s.name} mean`);
    assert.ok(Math.abs(got.std - s.std) <= 1e-14 * Math.max(1, s.std), `${s.name} std`);
    near(got.ciLow, s.ciLowMp, 1e-12, `${s.name} ci low`);
    near(got.ciHigh, s.ciHighMp, 1e-12, `${s.name} ci high`);
    near(got.ciLow, s.ciLow, 1e-9, `${s.name} ci low vs scipy`);
    assert.equal(mean(s.values), got.mean);
    assert.equal(sampleStd(s.values), got.std);
  }
});

test('hand-computed: 0.8, 0.9, 1.0; one value gives std 0 and the interval [mean, mean]', () => {
  // mean 0.9, std 0.1, half-width t(0.975, 2) 0.1 / sqrt 3 with t(0.975, 2) = 4.302652729749464.
  const s = summarize([0.8, 0.9, 1.0]);
  const half = (4.302652729749464 * 0.1) / Math.sqrt(3);
  near(s.mean, 0.9, 1e-15, 'mean');
  near(s.std, 0.1, 1e-15, 'std');
  near(s.ciHigh - s.mean, half, 1e-12, 'half-width');
  near(ciHalfWidth(0.1, 3), half, 1e-13, 'ciHalfWidth');
  assert.deepEqual(summarize([0.7]), { n: 1, mean: 0.7, std: 0, ciLow: 0.7, ciHigh: 0.7 });
  assert.equal(ciHalfWidth(0.3, 1), 0);
});

test('bad input: no values, non-finite values, p outside (0, 1), df <= 0', () => {
  assert.throws(() => summarize([]), { message: evalMessages.noValues('mean') });
  assert.throws(() => mean([1, NaN]), { message: evalMessages.notFinite('mean', 1, NaN) });
  assert.throws(() => sampleStd([Infinity]), {
    message: evalMessages.notFinite('mean', 0, Infinity),
  });
  for (const p of [0, 1, NaN, -0.5]) {
    assert.throws(() => tQuantile(p, 3), { message: evalMessages.probability(p) });
  }
  for (const df of [0, -1, NaN, Infinity]) {
    assert.throws(() => tQuantile(0.975, df), { message: evalMessages.degreesOfFreedom(df) });
    assert.throws(() => tCdf(1, df), { message: evalMessages.degreesOfFreedom(df) });
  }
});
