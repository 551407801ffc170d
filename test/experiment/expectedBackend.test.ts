/**
 * The estimate's backend guess, made without loading TensorFlow.js, against the engine's own
 * resolution on this machine; the threads per unit against the engine's threadsPerJob.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { availableParallelism } from 'node:os';
import { BACKENDS, backendInfo, initBackend, threadsPerJob } from '../../src/engine/backend.ts';
import {
  BACKEND_NAMES,
  estimateBasis,
  expectedBackend,
  expectedThreads,
} from '../../src/experiment/expectedBackend.ts';
import { engineMessages, runMessages } from '../../src/messages/index.ts';

test('the names and their order are the engine’s', () => {
  assert.deepEqual([...BACKEND_NAMES], [...BACKENDS]);
});

test('with no choice, the guess is the backend the engine resolves here', async () => {
  const guess = await expectedBackend();
  await initBackend();
  const info = await backendInfo();
  assert.equal(guess.backend, info.backend);
  assert.equal(guess.source, info.source);
});

test('--backend wins, then NPASD_TF_BACKEND; an unknown name is the engine’s error', async () => {
  assert.deepEqual(await expectedBackend('cpu', { NPASD_TF_BACKEND: 'wasm' }), {
    backend: 'cpu',
    source: 'argument',
  });
  assert.deepEqual(await expectedBackend(undefined, { NPASD_TF_BACKEND: 'wasm' }), {
    backend: 'wasm',
    source: 'NPASD_TF_BACKEND',
  });
  await assert.rejects(
    expectedBackend(undefined, { NPASD_TF_BACKEND: 'webgl' }),
    new Error(engineMessages.unknownBackend('NPASD_TF_BACKEND=', 'webgl', BACKENDS)),
  );
  await assert.rejects(
    expectedBackend('gpu', {}),
    new Error(engineMessages.unknownBackend('--backend ', 'gpu', BACKENDS)),
  );
});

test('threads per unit: floor(cores / jobs), at least 1, or NPASD_THREADS, as the engine', () => {
  assert.equal(expectedThreads(1, 2, {}), 2);
  assert.equal(expectedThreads(2, 2, {}), 1);
  assert.equal(expectedThreads(3, 2, {}), 1);
  assert.equal(expectedThreads(2, 8, {}), 4);
  assert.equal(expectedThreads(2, 2, { NPASD_THREADS: '3' }), 3);
  const saved = process.env.NPASD_THREADS;
  try {
    for (const env of [undefined, '3']) {
      if (env === undefined) delete process.env.NPASD_THREADS;
      else process.env.NPASD_THREADS = env;
      for (const jobs of [1, 2, 3, 4])
        assert.equal(
          expectedThreads(jobs, availableParallelism(), process.env),
          threadsPerJob(jobs),
          `jobs ${jobs}, NPASD_THREADS ${env}`,
        );
    }
  } finally {
    if (saved === undefined) delete process.env.NPASD_THREADS;
    else process.env.NPASD_THREADS = saved;
  }
});

test('the words of the basis: threads only for the native backends, assumed speeds said', async () => {
  const dnnl = await estimateBasis(1, 'wasm+dnnl', 2);
  assert.deepEqual(dnnl, {
    backend: 'wasm+dnnl',
    threads: process.env.NPASD_THREADS ? Number(process.env.NPASD_THREADS) : 2,
    on: runMessages.estimateOn('wasm+dnnl', dnnl.threads, false),
  });
  assert.equal((await estimateBasis(2, 'wasm', 2)).on, 'wasm');
  assert.equal(
    (await estimateBasis(2, 'cpu', 2)).on,
    'cpu (its speeds partly assumed: src/experiment/estimateRates.ts)',
  );
  assert.equal(
    runMessages.estimateOn('wasm+dnnl', 1, false),
    'wasm+dnnl, 1 native thread per unit',
  );
});
