// Dropout masks (src/engine/dropout.ts): values 0 or 1 / (1 - rate), keep fraction 1 - rate
// within sampling error, deterministic per seed, different across seeds; the SIMD form equal to
// the JavaScript one bit for bit; the tensor form.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { dropout, fillDropoutMask, MaskOnHeap } from '../../src/engine/dropout.ts';

await initBackend();

test('masks keep 1 - rate of the elements, scaled by 1 / (1 - rate); seeded', () => {
  const n = 200000;
  for (const rate of [0.2, 0.5, 0.9]) {
    const a = new Float32Array(n);
    fillDropoutMask(a, rate, 12345);
    const scale = Math.fround(1 / (1 - rate));
    let kept = 0;
    for (const v of a) {
      assert.ok(v === 0 || v === scale);
      if (v !== 0) kept++;
    }
    const p = 1 - rate;
    const sd = Math.sqrt((p * (1 - p)) / n);
    assert.ok(Math.abs(kept / n - p) < 5 * sd, `rate ${rate}: kept ${kept / n}`);
    const b = new Float32Array(n);
    fillDropoutMask(b, rate, 12345);
    assert.deepEqual(b, a, 'same seed, same mask');
    fillDropoutMask(b, rate, 12346);
    assert.notDeepEqual(b, a, 'another seed, another mask');
  }
  // Neighbouring elements are not correlated (lag-1 agreement as for independent draws).
  const m = new Float32Array(n);
  fillDropoutMask(m, 0.5, 1);
  let same = 0;
  for (let i = 1; i < n; i++) if ((m[i] === 0) === (m[i - 1] === 0)) same++;
  assert.ok(Math.abs(same / (n - 1) - 0.5) < 5 * Math.sqrt(0.25 / n));
});

test('dropout(x) multiplies x by the mask; no leaks', () => {
  const before = tf.memory().numTensors;
  const y = tf.tidy(() => dropout(tf.ones([50, 40]), 0.5, 9));
  const mask = new Float32Array(2000);
  fillDropoutMask(mask, 0.5, 9);
  assert.deepEqual(y.dataSync(), mask);
  y.dispose();
  assert.equal(tf.memory().numTensors, before);
});

/** The WebAssembly.Memory constructor (the project's lib has no WebAssembly types). */
type WasmGlobal = {
  WebAssembly: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } };
};

test('the SIMD mask on a wasm memory equals the JavaScript mask bit for bit', () => {
  const memory = new (globalThis as unknown as WasmGlobal).WebAssembly.Memory({ initial: 2 });
  const kernel = MaskOnHeap.create(memory, 16);
  assert.ok(kernel, 'WebAssembly SIMD available in Node 20');
  for (const n of [1, 2, 3, 4, 5, 6, 7, 8, 9, 1000, 4099])
    for (const rate of [0, 0.2, 0.5, 0.999])
      for (const seed of [0, 1, 4294967295]) {
        const at = 100; // not 16-byte aligned
        const js = new Float32Array(n);
        fillDropoutMask(js, rate, seed);
        kernel.fill(at, n, rate, seed);
        const wasm = new Float32Array(memory.buffer, at, n);
        assert.ok(
          wasm.every((x, i) => Object.is(x, js[i])),
          `n ${n}, rate ${rate}, seed ${seed}`,
        );
      }
});
