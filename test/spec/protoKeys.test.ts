/**
 * Keys that name Object.prototype's machinery (`__proto__`, `constructor`, `prototype`) are
 * unknown fields like any other, in a spec file (at any depth, through `extends` and scales) and
 * in `--set`; none of them can change another field's value through the prototype chain.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { s, SpecError, validate } from '../../src/spec/schema.ts';
import { loadSpec } from '../../src/spec/load.ts';
import { deepMerge, parseOverride, setPath } from '../../src/spec/tree.ts';

const schema = s.object('x', {
  seed: s.number({ doc: '', default: 1, integer: true }),
  train: s.object('t', {
    epochs: s.number({ doc: '', default: 500, integer: true, min: 1 }),
  }),
});

const dir = mkdtempSync(join(tmpdir(), 'npasd-proto-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
/** Written as text: JSON.stringify of an object literal would drop a `__proto__` key. */
const write = (name: string, text: string): string => {
  const file = join(dir, `${name}.json`);
  writeFileSync(file, text);
  return file;
};

const unknown = (path: string) => (e: unknown) =>
  e instanceof Error && e.message.includes(`${path}: unknown field`);

test('a __proto__, constructor or prototype key in a spec file is an unknown field', () => {
  const cases: [string, string, string][] = [
    ['top', '{ "__proto__": { "seed": 7 } }', '__proto__'],
    ['top-scalar', '{ "__proto__": 1 }', '__proto__'],
    ['nested', '{ "train": { "__proto__": { "epochs": 9 } } }', 'train.__proto__'],
    ['ctor', '{ "constructor": 1 }', 'constructor'],
    ['proto', '{ "train": { "prototype": 1 } }', 'train.prototype'],
  ];
  for (const [name, text, path] of cases) {
    assert.throws(() => loadSpec(schema, write(name, text), { dir }), unknown(path), name);
  }
});

test('__proto__ in a base spec or a scale is refused too, and sets nothing', () => {
  write('base', '{ "scales": { "s": { "__proto__": { "seed": 5 } } } }');
  const child = write('child', '{ "extends": "base" }');
  assert.throws(() => loadSpec(schema, child, { dir, scale: 's' }), unknown('__proto__'));
  write('base2', '{ "__proto__": { "seed": 5 } }');
  const child2 = write('child2', '{ "extends": "base2", "seed": 2 }');
  assert.throws(() => loadSpec(schema, child2, { dir }), unknown('__proto__'));
});

test('--set __proto__=1, constructor=1, a.__proto__.b=1 are unknown fields', () => {
  for (const text of [
    '__proto__=1',
    '__proto__={"seed":3}',
    'constructor=1',
    'prototype=1',
    'train.__proto__=1',
    'train.constructor=1',
    'a.__proto__.b=1',
    'train.__proto__.epochs=2',
  ]) {
    assert.throws(
      () => parseOverride(schema, text),
      (e: unknown) => e instanceof SpecError && /unknown field/.test(e.message),
      text,
    );
  }
  const file = write('plain', '{}');
  assert.throws(() => loadSpec(schema, file, { dir, sets: ['__proto__=1'] }), unknown('__proto__'));
});

test('validate() reads only own fields, never the prototype chain', () => {
  const sneaky = Object.create({ seed: 42 }) as object;
  assert.equal(validate(schema, sneaky).seed, 1);
  const own = JSON.parse('{ "__proto__": { "seed": 42 } }') as object;
  assert.throws(() => validate(schema, own), unknown('__proto__'));
});

test('deepMerge and setPath keep __proto__ as an own key, never as the prototype', () => {
  const merged = deepMerge({}, JSON.parse('{ "__proto__": { "seed": 5 } }')) as object;
  assert.equal(Object.getPrototypeOf(merged), Object.prototype);
  assert.ok(Object.hasOwn(merged, '__proto__'));
  const set = setPath({}, '__proto__.seed', 5);
  assert.equal(Object.getPrototypeOf(set), Object.prototype);
  assert.ok(Object.hasOwn(set, '__proto__'));
  assert.equal(({} as Record<string, unknown>).seed, undefined);
});
