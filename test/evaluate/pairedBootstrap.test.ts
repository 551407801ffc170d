import { test } from 'node:test';
import assert from 'node:assert/strict';
import { auc } from '../../src/evaluate/metrics/roc.ts';
import {
  bootstrapP,
  pairedAucBootstrap,
  quantileSorted,
  type PairedSeed,
} from '../../src/evaluate/metrics/pairedBootstrap.ts';
import { makeRng } from '../../src/util/rng.ts';

test('AUC of a hand-computed case: 3 anomalous, 2 normal, one tie', () => {
  // Pairs (a, n): 0.9>0.5, 0.9>0.2, 0.5=0.5 (half), 0.5>0.2, 0.1<0.5, 0.1<0.2 -> 3.5 / 6.
  assert.ok(Math.abs(auc([0.9, 0.5, 0.1, 0.5, 0.2], [1, 1, 1, 0, 0]) - 3.5 / 6) < 1e-15);
});

const seedOf = (n: number, rng: () => number, shift: number): PairedSeed => {
  const labels = Array.from({ length: n }, (_, i) => (i < n / 2 ? 1 : 0));
  const b = labels.map((y) => rng() + 0.3 * y);
  return { labels, a: b.map((v, i) => v + shift * labels[i]), b };
};

test('identical scores: difference 0, CI [0, 0], p = 1', () => {
  const rng = makeRng(1, 'test');
  const seeds = [seedOf(40, rng, 0), seedOf(40, rng, 0)].map((s) => ({ ...s, a: s.b }));
  const r = pairedAucBootstrap(seeds, makeRng(7, 'boot'), 500);
  assert.deepEqual([r.diff, r.ciLow, r.ciHigh, r.p], [0, 0, 0, 1]);
});

test('a dominating method: positive difference, CI above 0, p at its floor 2 / (B + 1)', () => {
  const rng = makeRng(2, 'test');
  const seeds = [seedOf(40, rng, 5), seedOf(40, rng, 5)];
  const r = pairedAucBootstrap(seeds, makeRng(7, 'boot'), 999);
  assert.ok(r.diff > 0.2 && r.ciLow > 0, JSON.stringify(r));
  assert.equal(r.p, 2 / 1000);
});

test('the full-sample difference is the mean over seeds of the AUC differences', () => {
  const rng = makeRng(3, 'test');
  const seeds = [seedOf(30, rng, 0.2), seedOf(30, rng, -0.1)];
  const want =
    seeds.reduce((acc, s) => acc + auc(s.a, s.labels) - auc(s.b, s.labels), 0) / seeds.length;
  assert.equal(pairedAucBootstrap(seeds, makeRng(1, 'b'), 10).diff, want);
});

test('the same RNG seed gives the same result, another seed another interval', () => {
  const rng = makeRng(4, 'test');
  const seeds = [seedOf(30, rng, 0.1), seedOf(30, rng, 0.1)];
  const one = JSON.stringify(pairedAucBootstrap(seeds, makeRng(9, 'b'), 300));
  assert.equal(JSON.stringify(pairedAucBootstrap(seeds, makeRng(9, 'b'), 300)), one);
  assert.notEqual(JSON.stringify(pairedAucBootstrap(seeds, makeRng(10, 'b'), 300)), one);
});

test('p-value and quantile helpers', () => {
  assert.equal(bootstrapP([1, 2, 3]), 2 / 4);
  assert.equal(bootstrapP([-1, 1, 2, 3]), Math.min(1, (2 * 2) / 5));
  assert.equal(quantileSorted([0, 10], 0.25), 2.5);
});
