import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  unitFraction,
  unitsEta,
  unitsLines,
  type UnitsState,
} from '../../src/experiment/unitsProgress.ts';

const epoch = (n: number) => ({ kind: 'epoch', log: { epoch: n } }) as never;

test('unitFraction: epochs, then scoring as one more epoch', () => {
  assert.deepEqual(unitFraction(epoch(3), 9), { fraction: 0.3, phase: 'epoch 3/9' });
  assert.deepEqual(unitFraction({ kind: 'score', done: 5, total: 10 }, 9), {
    fraction: 0.95,
    phase: 'scoring 5/10',
  });
});

const state = (over: Partial<UnitsState> = {}): UnitsState => ({
  label: 'train+score',
  total: 4,
  done: 1,
  start: 0,
  finishedSec: [10],
  running: new Map([
    ['a', { start: 5000, fraction: 0.5, phase: 'epoch 5/9' }],
    ['b', { start: 5000, fraction: 0.5, phase: 'epoch 5/9' }],
  ]),
  jobs: 2,
  ...over,
});

test('unitsEta by hand: running units finish their projected time, waiting ones take the mean', () => {
  // Running: 5 s elapsed at half done -> 5 s left each (10 s); one waiting unit at the finished
  // mean of 10 s; spread over 2 jobs: (10 + 10) / 2 = 10 s.
  assert.equal(unitsEta(state(), 10_000), 10);
  // Nothing finished yet: the running units' projections (10 s) are the mean.
  assert.equal(unitsEta(state({ finishedSec: [] }), 10_000), 10);
  // Nothing measured at all: unknown.
  assert.ok(Number.isNaN(unitsEta(state({ finishedSec: [], running: new Map() }), 1)));
  assert.equal(unitsEta(state({ done: 4, running: new Map() }), 1), 0);
});

test('unitsLines: a header with bar, counts and ETA, then a line per running unit', () => {
  const lines = unitsLines(state(), 10_000);
  assert.equal(lines.length, 3);
  assert.equal(lines[0], 'train+score [###---------] 1/4 units, 10 s, ETA 10 s');
  assert.equal(lines[1], '  [#####-----] epoch 5/9  a');
});
