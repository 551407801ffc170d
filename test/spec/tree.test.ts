import { test } from 'node:test';
import assert from 'node:assert/strict';
import { s } from '../../src/spec/schema.ts';
import { deepMerge, expandGrid, gridPaths, parseOverride, setPath } from '../../src/spec/tree.ts';
import { badOverride, didYouMean, gridEmpty, specField } from '../../src/messages/index.ts';

const schema = s.object('x', {
  seed: s.number({ doc: '', default: 1, integer: true }),
  name: s.string({ doc: '', default: 'a' }),
  train: s.object('t', {
    rho: s.number({ doc: '', default: 0.05, min: 0, max: 1, exclusive: true }),
    hidden: s.array({ doc: '', default: [512], item: s.number({ doc: '', default: 1 }) }),
  }),
});

test('deepMerge: objects merge by key, arrays and scalars are replaced, inputs untouched', () => {
  const base = { a: 1, o: { x: 1, y: [1, 2] }, keep: true };
  const over = { a: 2, o: { y: [3] }, n: 'new' };
  assert.deepEqual(deepMerge(base, over), { a: 2, o: { x: 1, y: [3] }, keep: true, n: 'new' });
  assert.deepEqual(base, { a: 1, o: { x: 1, y: [1, 2] }, keep: true });
  assert.deepEqual(deepMerge({ o: { x: 1 } }, { o: { grid: [1, 2] } }), { o: { grid: [1, 2] } });
});

test('--set values are parsed as JSON, else strings, and type-checked against the schema', () => {
  assert.deepEqual(parseOverride(schema, 'train.rho=0.1'), { path: 'train.rho', value: 0.1 });
  assert.deepEqual(parseOverride(schema, 'name=hello world'), {
    path: 'name',
    value: 'hello world',
  });
  assert.deepEqual(parseOverride(schema, 'train.hidden=[256,256]'), {
    path: 'train.hidden',
    value: [256, 256],
  });
  assert.deepEqual(parseOverride(schema, 'train.rho={"grid":[0.01,0.1]}'), {
    path: 'train.rho',
    value: { grid: [0.01, 0.1] },
  });
  assert.throws(() => parseOverride(schema, 'seed=abc'), {
    message: specField('seed', 'got "abc", expected an integer'),
  });
  assert.throws(() => parseOverride(schema, 'train.rho=2'), {
    message: specField('train.rho', 'got 2, expected a number in (0, 1)'),
  });
  assert.throws(() => parseOverride(schema, 'train.rhoo=2'), {
    message: specField(
      'train.rhoo',
      `unknown field${didYouMean('rho')} (known: ${Object.keys(schema.fields.train.fields).join(', ')})`,
    ),
  });
  assert.throws(() => parseOverride(schema, 'seed'), { message: badOverride('seed') });
  assert.deepEqual(setPath({ a: { b: 1 } }, 'a.c.d', 2), { a: { b: 1, c: { d: 2 } } });
});

test('grids expand to the cartesian product, in document order', () => {
  const tree = {
    seed: 1,
    train: { featureDim: { grid: [8, 16, 32, 64] }, rho: { grid: [0.01, 0.05, 0.1] } },
  };
  assert.deepEqual(gridPaths(tree), ['train.featureDim', 'train.rho']);
  const cells = expandGrid(tree);
  assert.equal(cells.length, 12);
  assert.deepEqual(cells[0].assignments, { 'train.featureDim': 8, 'train.rho': 0.01 });
  assert.deepEqual(cells[11].tree, { seed: 1, train: { featureDim: 64, rho: 0.1 } });
  const seen = new Set(cells.map((c) => JSON.stringify(c.assignments)));
  assert.equal(seen.size, 12);
  assert.deepEqual(expandGrid({ a: 1 }), [{ assignments: {}, tree: { a: 1 } }]);
  assert.throws(() => expandGrid({ a: { grid: [] } }), { message: specField('a', gridEmpty()) });
});
