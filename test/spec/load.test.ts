import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { s } from '../../src/spec/schema.ts';
import { loadSpec, specNames } from '../../src/spec/load.ts';
import {
  didYouMean,
  specExtendsCycle,
  specField,
  specInFile,
  specInSet,
  specNotFound,
  specUnknownScale,
} from '../../src/messages/index.ts';

const schema = s.object('x', {
  seed: s.number({ doc: '', default: 1, integer: true }),
  train: s.object('t', {
    epochs: s.number({ doc: '', default: 500, integer: true, min: 1 }),
    rho: s.number({ doc: '', default: 0.05, min: 0, max: 1, exclusive: true }),
    hidden: s.array({ doc: '', default: [512, 512], item: s.number({ doc: '', default: 1 }) }),
  }),
});

const dir = mkdtempSync(join(tmpdir(), 'npasd-spec-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, value: unknown) =>
  writeFileSync(
    join(dir, `${name}.json`),
    typeof value === 'string' ? value : JSON.stringify(value),
  );
write('base', {
  seed: 3,
  train: { epochs: 500, hidden: [256, 256] },
  scales: { smoke: { train: { epochs: 2 } } },
  defaultScale: 'smoke',
});
write('child', {
  extends: 'base',
  train: { rho: 0.1 },
  scales: { quick: { train: { epochs: 50 } } },
});
write('grid', {
  extends: 'base',
  seed: { grid: [1, 2] },
  train: { rho: { grid: [0.01, 0.05, 0.1] } },
});
write('over', {
  extends: 'base',
  train: { epochs: { grid: [3, 4] } },
  scales: { smoke: { train: { rho: 0.2 } } },
});
write('cycle-a', { extends: 'cycle-b' });
write('cycle-b', { extends: 'cycle-a' });
write('bad', { train: { rho: 5 } });
write('broken', '{ "seed": ');
const at = (n: string) => join(dir, `${n}.json`);

test('extends merges base under child; scales merge in; defaultScale applies', () => {
  const r = loadSpec(schema, 'child', { dir });
  assert.equal(r.file, at('child'));
  assert.equal(r.scale, 'smoke');
  assert.deepEqual(r.scales, ['smoke', 'quick']);
  assert.deepEqual(r.cells, [
    { assignments: {}, spec: { seed: 3, train: { epochs: 2, rho: 0.1, hidden: [256, 256] } } },
  ]);
  const q = loadSpec(schema, 'child', { dir, scale: 'quick' });
  assert.equal(q.cells[0].spec.train.epochs, 50);
});

test('--set applies last and is type-checked; errors name the file (or the --set) and field', () => {
  const r = loadSpec(schema, 'child', { dir, sets: ['train.epochs=7', 'train.hidden=[8]'] });
  assert.deepEqual(r.cells[0].spec.train, { epochs: 7, rho: 0.1, hidden: [8] });
  assert.throws(() => loadSpec(schema, 'bad', { dir }), {
    message: specInFile(at('bad'), specField('train.rho', 'got 5, expected a number in (0, 1)')),
  });
});

test('grid nodes expand into validated cells', () => {
  const r = loadSpec(schema, 'grid', { dir });
  assert.equal(r.cells.length, 6);
  assert.deepEqual(r.cells[5].assignments, { seed: 2, 'train.rho': 0.1 });
  assert.deepEqual(r.cells[5].spec, {
    seed: 2,
    train: { epochs: 2, rho: 0.1, hidden: [256, 256] },
  });
  const g = loadSpec(schema, 'child', { dir, sets: ['seed={"grid":[1,2]}'] });
  assert.deepEqual(
    g.cells.map((c) => c.spec.seed),
    [1, 2],
  );
});

test("a child's own values win over its base's scale; its own scale entry applies last", () => {
  const r = loadSpec(schema, 'over', { dir, scale: 'smoke' });
  assert.deepEqual(
    r.cells.map((c) => c.spec.train),
    [
      { epochs: 3, rho: 0.2, hidden: [256, 256] },
      { epochs: 4, rho: 0.2, hidden: [256, 256] },
    ],
  );
});

test('unknown names, scales, cycles and broken JSON are clear errors', () => {
  assert.throws(() => loadSpec(schema, 'nope', { dir }), {
    message: specNotFound('nope', specNames(dir)),
  });
  assert.deepEqual(specNames(dir), [
    'bad',
    'base',
    'broken',
    'child',
    'cycle-a',
    'cycle-b',
    'grid',
    'over',
  ]);
  assert.throws(() => loadSpec(schema, 'child', { dir, scale: 'paper' }), {
    message: specInFile(at('child'), specUnknownScale('paper', ['smoke', 'quick'])),
  });
  assert.throws(() => loadSpec(schema, 'cycle-a', { dir }), {
    message: specExtendsCycle([at('cycle-a'), at('cycle-b'), at('cycle-a')]),
  });
  assert.throws(
    () => loadSpec(schema, at('broken'), { dir }),
    (e: Error) => e.message.startsWith(`${at('broken')}: not valid JSON: `),
  );
});

test('a mistyped spec name gets a "did you mean"', () => {
  assert.throws(() => loadSpec(schema, 'chidl', { dir }), {
    message: specNotFound('chidl', specNames(dir), 'child'),
  });
  assert.match(specNotFound('chidl', ['child'], 'child'), /did you mean "child"\?/);
});

test('a bad --set value or path is blamed on the --set, not on the spec file', () => {
  assert.throws(() => loadSpec(schema, 'child', { dir, sets: ['train.epochs=0'] }), {
    message: specInSet(
      'train.epochs=0',
      specField('train.epochs', 'got 0, expected an integer >= 1'),
    ),
  });
  assert.throws(() => loadSpec(schema, 'child', { dir, sets: ['train.epoch=3'] }), {
    message: specInSet(
      'train.epoch=3',
      specField('train.epoch', `unknown field${didYouMean('epochs')} (known: epochs, rho, hidden)`),
    ),
  });
  // A problem of the file itself still names the file.
  assert.throws(
    () => loadSpec(schema, 'bad', { dir, sets: ['seed=2'] }),
    (e: Error) => e.message.startsWith(at('bad')),
  );
});
