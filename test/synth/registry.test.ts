import { test } from 'node:test';
import assert from 'node:assert/strict';
import { generatorNames, getGenerator, generatorRole } from '../../src/synth/registry.ts';
import { unknownGenerator } from '../../src/messages/index.ts';

test('every registered name resolves to its generator; unknown names list the known ones', () => {
  const names = generatorNames();
  assert.equal(new Set(names).size, names.length);
  for (const n of names) assert.equal(getGenerator(n).name, n);
  assert.throws(() => getGenerator('enigne'), new Error(unknownGenerator('enigne', names)));
  assert.equal(generatorRole('engine'), 'normal');
});

test('every generator has a one-sentence description', () => {
  for (const n of generatorNames()) {
    const d = getGenerator(n).description;
    assert.ok(d.length > 20 && d.endsWith('.'), `${n}: "${d}"`);
  }
});
