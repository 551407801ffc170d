/**
 * Numbers at the edge of what JSON and doubles hold: a literal that overflows to Infinity is
 * called "not a finite number" (never "null"), an integer literal a double cannot hold exactly is
 * refused rather than rounded, and integer fields take safe integers only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { s, validate } from '../../src/spec/schema.ts';
import { parseOverride } from '../../src/spec/tree.ts';
import { specField, specNotExact, specNotFinite } from '../../src/messages/index.ts';

const schema = s.object('x', {
  seed: s.number({ doc: '', default: 1, integer: true, min: 0 }),
  epochs: s.number({ doc: '', default: 500, integer: true, min: 1, max: 100000 }),
  rho: s.number({ doc: '', default: 0.05, min: 0, max: 1, exclusive: true }),
});

test('--set epochs=1e400 says the value is not a finite number, naming the literal', () => {
  assert.throws(() => parseOverride(schema, 'epochs=1e400'), {
    message: specField('epochs', specNotFinite('1e400', 'an integer in [1, 100000]')),
  });
  assert.throws(() => parseOverride(schema, 'rho=-1e999'), {
    message: specField('rho', specNotFinite('-1e999', 'a number in (0, 1)')),
  });
});

test('a non-finite number in a spec tree is worded as such, never as "null"', () => {
  assert.throws(() => validate(schema, { epochs: Infinity }), {
    message: specField('epochs', specNotFinite('Infinity', 'an integer in [1, 100000]')),
  });
  assert.throws(() => validate(schema, { rho: NaN }), {
    message: specField('rho', specNotFinite('NaN', 'a number in (0, 1)')),
  });
});

test('--set seed=9007199254740993 is refused: a double would round it', () => {
  assert.throws(() => parseOverride(schema, 'seed=9007199254740993'), {
    message: specField('seed', specNotExact('9007199254740993', 9007199254740992)),
  });
  assert.throws(() => parseOverride(schema, 'seed=[1,9007199254740993]'), /9007199254740993/);
  // Exact literals still pass, whatever their form.
  assert.equal(parseOverride(schema, 'seed=12').value, 12);
  assert.equal(parseOverride(schema, 'rho=0.1').value, 0.1);
  assert.equal(parseOverride(schema, 'epochs=1e3').value, 1000);
});

test('integer fields take safe integers only (seed=1e300 and 2^53 are refused)', () => {
  for (const seed of [1e300, 2 ** 53]) {
    assert.throws(() => validate(schema, { seed }), /seed: got .*expected an integer >= 0/);
  }
  assert.equal(validate(schema, { seed: 2 ** 53 - 1 }).seed, 2 ** 53 - 1);
});

test('digits inside a string value are not number literals', () => {
  const strings = s.object('x', { name: s.string({ doc: '', default: '' }) });
  assert.equal(
    parseOverride(strings, 'name=run-99999999999999999999').value,
    'run-99999999999999999999',
  );
  assert.equal(parseOverride(strings, 'name="1e400"').value, '1e400');
});
