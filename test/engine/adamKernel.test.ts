// The Adam pass (src/engine/adamKernel.ts): the WebAssembly SIMD function on a wasm memory
// equals the JavaScript pass bit for bit (weights, moments, sum of squares; lengths with every
// remainder mod 4, in place and out of place), and the JavaScript pass follows a float64 Adam
// written here from the paper's formula within float32 rounding.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AdamOnHeap, adamPass, type PassConstants } from '../../src/engine/adamKernel.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';

/** The WebAssembly.Memory constructor (the project's lib has no WebAssembly types). */
type WasmGlobal = {
  WebAssembly: { Memory: new (d: { initial: number }) => { buffer: ArrayBuffer } };
};

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && a.every((x, i) => Object.is(x, b[i]));
}

const constantsAt = (t: number, lr = 1e-3): PassConstants => ({
  b1: 0.9,
  b2: 0.999,
  stepScale: lr / (1 - 0.9 ** t),
  rootScale: 1 / Math.sqrt(1 - 0.999 ** t),
  eps: 1e-7,
});

test('the SIMD pass on a wasm memory equals the JavaScript pass bit for bit', () => {
  const memory = new (globalThis as unknown as WasmGlobal).WebAssembly.Memory({ initial: 4 });
  const kernel = AdamOnHeap.create(memory);
  assert.ok(kernel, 'WebAssembly SIMD available in Node 20');
  for (const n of [1, 2, 3, 4, 5, 7, 1000, 4097]) {
    for (const inPlace of [true, false]) {
      const rng = makeRng(5, `adam-kernel-${n}`);
      const w = new Float32Array(n);
      fillGaussian(rng, w);
      const m = new Float32Array(n);
      const v = new Float32Array(n);
      const g = new Float32Array(n);
      // Offsets 4 bytes apart from 16-byte boundaries: the kernel must not assume alignment.
      const [wAt, gAt, mAt, vAt, outAt] = [4, 1, 2, 3, 5].map((k) => 4 + k * 4 * (n + 8));
      const view = (at: number) => new Float32Array(memory.buffer, at, n);
      view(wAt).set(w);
      view(mAt).fill(0);
      view(vAt).fill(0);
      const out = inPlace ? wAt : outAt;
      for (let t = 1; t <= 6; t++) {
        fillGaussian(rng, g);
        view(gAt).set(g);
        const c = t % 2 === 0 ? 2e-5 : 0;
        const ssJs = adamPass(w, g, m, v, w, c, constantsAt(t));
        const ssWasm: number = kernel.step(wAt, gAt, mAt, vAt, out, n, c, constantsAt(t));
        assert.equal(ssWasm, ssJs, `sum of squares, n ${n}, step ${t}`);
        assert.ok(sameBits(view(out), w), `weights, n ${n}, step ${t}, in place ${inPlace}`);
        if (!inPlace) view(wAt).set(view(outAt));
        assert.ok(sameBits(view(mAt), m) && sameBits(view(vAt), v), `moments, n ${n}, step ${t}`);
      }
    }
  }
});

test('the pass is Adam: within float32 rounding of a float64 Adam from the formula', () => {
  const n = 1003;
  const rng = makeRng(6, 'adam-ref');
  const w = new Float32Array(n);
  fillGaussian(rng, w);
  const [m, v, g] = [new Float32Array(n), new Float32Array(n), new Float32Array(n)];
  const ref = { w: Float64Array.from(w), m: new Float64Array(n), v: new Float64Array(n) };
  const lr = 0.01;
  const c = 0.1; // an L2 gradient 2 lambda w with lambda 0.05
  for (let t = 1; t <= 20; t++) {
    fillGaussian(rng, g);
    let ssRef = 0;
    for (let i = 0; i < n; i++) {
      // Kingma and Ba, Algorithm 1, with the gradient g + c w.
      const gi = g[i] + c * ref.w[i];
      ssRef += ref.w[i] * ref.w[i];
      ref.m[i] = 0.9 * ref.m[i] + 0.1 * gi;
      ref.v[i] = 0.999 * ref.v[i] + 0.001 * gi * gi;
      const mHat = ref.m[i] / (1 - 0.9 ** t);
      const vHat = ref.v[i] / (1 - 0.999 ** t);
      ref.w[i] -= (lr * mHat) / (Math.sqrt(vHat) + 1e-7);
    }
    const ss = adamPass(w, g, m, v, w, c, constantsAt(t, lr));
    assert.ok(Math.abs(ss - ssRef) < 1e-4 * ssRef, `sum of squares at step ${t}`);
  }
  let worst = 0;
  for (let i = 0; i < n; i++) worst = Math.max(worst, Math.abs(w[i] - ref.w[i]));
  // 20 steps of at most lr each move w by up to 0.2; float32 keeps it to ~1e-6.
  assert.ok(worst < 1e-5, `max |w - w_ref| = ${worst}`);
});
