// needsWasm: on wasm the test goes on; without it, a skip locally and a failure under CI.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { NO_WASM, isCi, needsWasm } from './needsWasm.ts';

function recorder(): { skips: (string | undefined)[]; skip(message?: string): void } {
  const skips: (string | undefined)[] = [];
  return { skips, skip: (m) => skips.push(m) };
}

test('on wasm: go on, no skip, with or without CI', () => {
  for (const env of [{}, { CI: 'true' }]) {
    const t = recorder();
    assert.equal(needsWasm(t, true, env), true);
    assert.deepEqual(t.skips, []);
  }
});

test('without wasm, locally: skipped with the reason', () => {
  for (const env of [{}, { CI: 'false' }, { CI: '' }]) {
    const t = recorder();
    assert.equal(needsWasm(t, false, env), false);
    assert.deepEqual(t.skips, [NO_WASM]);
  }
});

test('without wasm under CI=true or CI=1: a failure, not a skip', () => {
  for (const env of [{ CI: 'true' }, { CI: '1' }]) {
    const t = recorder();
    assert.throws(() => needsWasm(t, false, env), new RegExp(NO_WASM));
    assert.deepEqual(t.skips, []);
  }
  assert.equal(isCi({ CI: 'true' }), true);
  assert.equal(isCi({}), false);
});
