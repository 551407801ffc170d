// The WebAssembly SIMD Adam pass (src/engine/adamKernel.ts) against fusedAdam.ts's JavaScript
// loop: the same new weights, moments and sum of squares bit for bit, odd and even lengths.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdamKernel } from '../../src/engine/adamKernel.ts';
import { adamPass } from '../../src/engine/fusedAdam.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

test('AdamKernel equals the JavaScript Adam loop bit for bit', () => {
  const kernel = AdamKernel.create();
  assert.ok(kernel, 'WebAssembly SIMD available in Node 20');
  for (const n of [1, 2, 7, 1000, 4097]) {
    const rng = makeRng(5, `adam-kernel-${n}`);
    const w = new Float32Array(n);
    fillGaussian(rng, w);
    const wk = w.slice();
    const m = new Float32Array(n);
    const v = new Float32Array(n);
    const g = new Float32Array(n);
    for (let t = 1; t <= 6; t++) {
      fillGaussian(rng, g);
      const k = {
        b1: 0.9,
        b2: 0.999,
        stepScale: 1e-3 / (1 - 0.9 ** t),
        rootScale: 1 / Math.sqrt(1 - 0.999 ** t),
        eps: 1e-7,
      };
      const c = t % 2 === 0 ? 2e-5 : 0;
      const ssJs = adamPass(w, g, m, v, w, c, k);
      const ssWasm: number = kernel.step(`v${n}`, wk, g, wk, c, k);
      assert.equal(ssWasm, ssJs, `sum of squares, n ${n}, step ${t}`);
      assert.ok(sameBits(wk, w), `weights, n ${n}, step ${t}`);
    }
    const mom = kernel.moments(`v${n}`);
    assert.ok(mom && sameBits(mom.m, m) && sameBits(mom.v, v), `moments, n ${n}`);
  }
  assert.throws(
    () =>
      kernel.step('v7', new Float32Array(8), new Float32Array(8), new Float32Array(8), 0, {
        b1: 0.9,
        b2: 0.999,
        stepScale: 1,
        rootScale: 1,
        eps: 1e-7,
      }),
    /changed size/,
  );
});
