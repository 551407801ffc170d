// initBackend() resolves once per process, so each case that needs a fresh resolution runs in a
// child process with its own NPASD_TF_BACKEND.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BACKENDS } from '../../src/engine/backend.ts';
import { backendMessages as M } from '../../src/messages.ts';

const backendUrl = new URL('../../src/engine/backend.ts', import.meta.url).href;

/** Runs initBackend() in a child with NPASD_TF_BACKEND = forced; returns its name or error text. */
function resolveIn(forced: string): string {
  const code =
    `const { initBackend } = await import(${JSON.stringify(backendUrl)});` +
    `try { console.log(await initBackend()); } catch (e) { console.log('ERROR ' + e.message); }`;
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: { ...process.env, NPASD_TF_BACKEND: forced },
    encoding: 'utf8',
  }).trim();
}

test('NPASD_TF_BACKEND forces a backend; an unknown name lists the known ones', () => {
  assert.equal(resolveIn('cpu'), 'cpu');
  assert.equal(resolveIn('propp'), `ERROR ${M.unknown('propp', BACKENDS)}`);
  assert.equal(
    M.unknown('propp', BACKENDS),
    'NPASD_TF_BACKEND=propp: unknown backend (known: tensorflow, wasm, cpu)',
  );
});
