import { test } from 'node:test';
import assert from 'node:assert/strict';
import { experimentSchema } from '../../src/experiment/schema.ts';
import { explainField, explainObject } from '../../src/messages/index.ts';
import { explainSchema } from '../../src/spec/explain.ts';
import { s, schemaAt } from '../../src/spec/schema.ts';

const schema = s.object('an example', {
  seed: s.number({ doc: 'seed of everything', default: 1, integer: true, min: 0 }),
  rho: s.number({ doc: 'FPR', default: 0.05, min: 0, max: 1, exclusive: true }),
  name: s.string({ doc: 'a name', default: 'x' }),
  snrs: s.array({
    doc: 'SNRs',
    default: [-10, 0],
    item: s.number({ doc: 'dB', default: 0 }),
    minLength: 1,
  }),
  train: s.object('training', {
    kind: s.enum({ doc: 'kind', default: 'ae', values: ['ae', 'vae'] as const }),
  }),
  over: s.partial('overrides', {
    epochs: s.number({ doc: 'epochs', default: 5, integer: true, min: 1 }),
  }),
});

test('every field: path, what it allows, default and doc; objects with their doc', () => {
  assert.deepEqual(explainSchema(schema), [
    explainField('seed', 'an integer >= 0', '1', 'seed of everything'),
    explainField('rho', 'a number in (0, 1)', '0.05', 'FPR'),
    explainField('name', 'a string', '"x"', 'a name'),
    explainField('snrs', 'a non-empty array of numbers', '[-10,0]', 'SNRs'),
    explainObject('train', 'training', false),
    explainField('train.kind', 'one of ae, vae', '"ae"', 'kind'),
    explainObject('over', 'overrides', true),
    explainField('over.epochs', 'an integer >= 1', '', 'epochs'),
  ]);
  assert.equal(
    explainField('seed', 'an integer >= 0', '1', 'seed'),
    'seed: an integer >= 0, default 1\n    seed',
  );
  assert.equal(explainField('a.b', 'a string', '', 'doc'), 'a.b: a string\n    doc');
});

test('the experiment schema: every path shown is one --set accepts', () => {
  const lines = explainSchema(experimentSchema);
  const paths = lines.map((l) => l.slice(0, l.indexOf(': ')));
  assert.ok(paths.includes('train.epochs'));
  assert.ok(paths.includes('prop.rho'));
  for (const p of paths) assert.ok(schemaAt(experimentSchema, p), p);
  for (const l of lines) assert.doesNotMatch(l, /\(\)|: \n/, l);
});
