/**
 * Tests that need the wasm backend skip when it did not load, except under CI (CI=true or CI=1),
 * where a missing wasm backend fails them: CI must not pass by skipping what it is there to run.
 */
import assert from 'node:assert/strict';

export const NO_WASM = 'the wasm backend did not load';

/** The part of node:test's TestContext used here. */
export interface Skippable {
  skip(message?: string): void;
}

export function isCi(env: NodeJS.ProcessEnv = process.env): boolean {
  return env.CI === 'true' || env.CI === '1';
}

/**
 * true when the test can go on (on wasm). Otherwise skips `t` and returns false, or under CI
 * fails with NO_WASM. Use as `if (!needsWasm(t, onWasm)) return;`.
 */
export function needsWasm(
  t: Skippable,
  onWasm: boolean,
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (onWasm) return true;
  if (isCi(env)) assert.fail(`${NO_WASM} (CI: failing instead of skipping)`);
  t.skip(NO_WASM);
  return false;
}
