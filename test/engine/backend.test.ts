// initBackend() resolves once per process, so each case that needs a fresh resolution runs in a
// child process with its own NPASD_TF_BACKEND.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { BACKENDS, tf } from '../../src/engine/backend.ts';
import { engineMessages } from '../../src/messages/index.ts';
import { needsNative } from './needsNative.ts';

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
  assert.equal(
    resolveIn('propp'),
    `ERROR ${engineMessages.unknownBackend('NPASD_TF_BACKEND=', 'propp', BACKENDS)}`,
  );
  assert.equal(
    engineMessages.unknownBackend('NPASD_TF_BACKEND=', 'propp', BACKENDS),
    'NPASD_TF_BACKEND=propp: unknown backend (known: tensorflow, wasm+dnnl, wasm, cpu)',
  );
});

/** Runs initBackend(choice) then backendInfo() in a child; returns the info as JSON or the error. */
function infoIn(choice: string | undefined, env: Record<string, string | undefined>): string {
  const code =
    `const { initBackend, backendInfo } = await import(${JSON.stringify(backendUrl)});` +
    `try { await initBackend(${choice === undefined ? '' : JSON.stringify(choice)});` +
    ` console.log(JSON.stringify(await backendInfo())); } catch (e) { console.log('ERROR ' + e.message); }`;
  const childEnv = { ...process.env, ...env };
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  return execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    env: childEnv,
    encoding: 'utf8',
  }).trim();
}

/**
 * Whether tfjs-node loads (its package can be installed without its native binding: npm does not
 * run dependencies' install scripts by default, and the download fails here).
 */
const hasTfjsNode =
  execFileSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      "import('@tensorflow/tfjs-node').then(() => console.log('yes'), () => console.log('no'))",
    ],
    { encoding: 'utf8' },
  ).trim() === 'yes';

test('without a choice, wasm+dnnl is picked here (no tfjs-node) and reported with its library', (t) => {
  if (hasTfjsNode) return t.skip('@tensorflow/tfjs-node is installed: it wins');
  const info = JSON.parse(infoIn(undefined, { NPASD_TF_BACKEND: undefined, NPASD_THREADS: '1' }));
  if (!needsNative(t, info.backend === 'wasm+dnnl', info.nativeUnavailable)) return;
  assert.deepEqual(
    {
      ...info,
      tfjs: typeof info.tfjs,
      native: { ...info.native, version: typeof info.native.version },
    },
    {
      backend: 'wasm+dnnl',
      source: 'auto',
      tfjs: 'string',
      wasmMatMul: 'dnnl',
      wasmThreads: 1,
      native: { library: 'libdnnl.so.2', version: 'string', threads: 1 },
    },
  );
});

test('without oneDNN, auto resolution falls back to wasm and records why; forcing wasm+dnnl fails', (t) => {
  if (hasTfjsNode) return t.skip('@tensorflow/tfjs-node is installed: it wins');
  const env = { NPASD_TF_BACKEND: undefined, NPASD_DNNL_LIBRARY: '/nonexistent/libdnnl.so' };
  const info = JSON.parse(infoIn(undefined, env));
  assert.deepEqual(
    { ...info, tfjs: typeof info.tfjs, nativeUnavailable: typeof info.nativeUnavailable },
    {
      backend: 'wasm',
      source: 'auto',
      tfjs: 'string',
      wasmMatMul: 'explicit-transpose',
      wasmThreads: 1,
      nativeUnavailable: 'string',
    },
  );
  assert.match(info.nativeUnavailable, /^oneDNN not found \(tried \/nonexistent\/libdnnl\.so;/);
  assert.equal(
    infoIn('wasm+dnnl', env),
    `ERROR ${engineMessages.unavailableBackend('--backend ', 'wasm+dnnl')}`,
  );
  // Chosen explicitly, plain wasm records no fallback.
  assert.equal(JSON.parse(infoIn('wasm', env)).nativeUnavailable, undefined);
});

test('NPASD_THREADS sets the native threads; a bad value is an error naming it', (t) => {
  const info = JSON.parse(infoIn('wasm+dnnl', { NPASD_THREADS: '2' }));
  if (!needsNative(t, info.backend === 'wasm+dnnl', info.nativeUnavailable)) return;
  assert.equal(info.native.threads, 2);
  assert.equal(
    infoIn('wasm+dnnl', { NPASD_THREADS: 'two' }),
    `ERROR ${engineMessages.badThreads('NPASD_THREADS=', 'two')}`,
  );
});

test('an explicit choice overrides NPASD_TF_BACKEND; a bad one names --backend', () => {
  assert.deepEqual(JSON.parse(infoIn('cpu', { NPASD_TF_BACKEND: 'wasm' })), {
    backend: 'cpu',
    source: 'argument',
    tfjs: tf.version_core,
  });
  assert.equal(
    JSON.parse(infoIn(undefined, { NPASD_TF_BACKEND: 'cpu' })).source,
    'NPASD_TF_BACKEND',
  );
  assert.equal(
    infoIn('propp', {}),
    `ERROR ${engineMessages.unknownBackend('--backend ', 'propp', BACKENDS)}`,
  );
  assert.equal(
    engineMessages.unknownBackend('--backend ', 'propp', BACKENDS),
    '--backend propp: unknown backend (known: tensorflow, wasm+dnnl, wasm, cpu)',
  );
});
