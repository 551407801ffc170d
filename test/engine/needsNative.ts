/**
 * Tests of the native matmul path ('wasm+dnnl': koffi + oneDNN) skip when it cannot load here,
 * except under CI (CI=true or CI=1), where .ci/run installs libdnnl2 and a missing library
 * fails them instead: CI must not pass by skipping what it is there to run.
 */
import assert from 'node:assert/strict';
import { isCi, type Skippable } from './needsWasm.ts';

export const NO_NATIVE = 'the native matmul path (koffi + oneDNN libdnnl2) did not load';

/**
 * true when the test can go on. Otherwise skips `t` and returns false, or under CI fails.
 * `why` is the loader's reason, shown in the skip or failure.
 */
export function needsNative(
  t: Skippable,
  loaded: boolean,
  why = '',
  env: NodeJS.ProcessEnv = process.env,
): boolean {
  if (loaded) return true;
  const message = why ? `${NO_NATIVE}: ${why}` : NO_NATIVE;
  if (isCi(env)) assert.fail(`${message} (CI: failing instead of skipping)`);
  t.skip(message);
  return false;
}
