import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fillGaussian, makeRng, randInt, shuffle } from '../../src/util/rng.ts';

test('same (seed, purpose) gives the same stream; another seed or purpose differs', () => {
  const a = makeRng(7, 'x');
  const b = makeRng(7, 'x');
  const c = makeRng(8, 'x');
  const d = makeRng(7, 'y');
  const sa = Array.from({ length: 5 }, a);
  assert.deepEqual(sa, Array.from({ length: 5 }, b));
  assert.notDeepEqual(sa, Array.from({ length: 5 }, c));
  assert.notDeepEqual(sa, Array.from({ length: 5 }, d));
  for (const v of sa) assert.ok(v >= 0 && v < 1);
});

test('fillGaussian has mean 0 and variance 1 within sampling error', () => {
  const n = 200_000;
  const x = new Float64Array(n);
  fillGaussian(makeRng(1, 'g'), x);
  let m = 0;
  for (const v of x) m += v;
  m /= n;
  let s = 0;
  for (const v of x) s += (v - m) ** 2;
  s /= n;
  assert.ok(Math.abs(m) < 0.01, `mean ${m}`);
  assert.ok(Math.abs(s - 1) < 0.02, `variance ${s}`);
});

test('randInt covers both ends; shuffle is a permutation', () => {
  const r = makeRng(3, 'i');
  const seen = new Set<number>();
  for (let i = 0; i < 1000; i++) seen.add(randInt(r, 2, 5));
  assert.deepEqual([...seen].sort(), [2, 3, 4, 5]);
  const p = shuffle(r, [1, 2, 3, 4, 5, 6]);
  assert.deepEqual([...p].sort(), [1, 2, 3, 4, 5, 6]);
});
