import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createSpectrumPlan, loadPffft, PffftSpectrumPlan } from '../../src/features/pffft.ts';
import { frameCount, hannMagnitude, hannWindow, stftMagnitude } from '../../src/features/stft.ts';
import { featureMessages } from '../../src/messages/index.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';

function noise(n: number, seed: number): Float64Array {
  const x = new Float64Array(n);
  fillGaussian(makeRng(seed, 'stft-test'), x);
  return x;
}

test('frame count: no padding, edge frames dropped', () => {
  assert.equal(frameCount(511, 512, 256), 0);
  assert.equal(frameCount(512, 512, 256), 1);
  assert.equal(frameCount(767, 512, 256), 1);
  assert.equal(frameCount(768, 512, 256), 2);
  assert.equal(frameCount(16000, 512, 256), 61);
});

test('Parseval: sum (w x)^2 = (1/N) sum_k |Y_k|^2 for every frame', () => {
  const x = noise(4096, 1);
  const n = 512;
  const w = hannWindow(n);
  const { data, nFrames, nBins } = stftMagnitude(x);
  assert.equal(nFrames, frameCount(4096, 512, 256));
  for (let t = 0; t < nFrames; t++) {
    let time = 0;
    for (let i = 0; i < n; i++) time += (w[i] * x[t * 256 + i]) ** 2;
    let freq = data[t * nBins] ** 2 + data[t * nBins + n / 2] ** 2;
    for (let k = 1; k < n / 2; k++) freq += 2 * data[t * nBins + k] ** 2;
    assert.ok(Math.abs(freq / n - time) < 1e-9 * time, `frame ${t}: ${freq / n} vs ${time}`);
  }
});

test('frequency-domain Hann equals a direct windowed DFT (fft.js and PFFFT plans)', async () => {
  const n = 64;
  const x = noise(n, 2);
  const w = hannWindow(n);
  const ref = new Float64Array(n / 2 + 1);
  for (let k = 0; k <= n / 2; k++) {
    let re = 0;
    let im = 0;
    for (let i = 0; i < n; i++) {
      re += w[i] * x[i] * Math.cos((2 * Math.PI * k * i) / n);
      im -= w[i] * x[i] * Math.sin((2 * Math.PI * k * i) / n);
    }
    ref[k] = Math.hypot(re, im);
  }
  for (const engine of ['fftjs', 'pffft'] as const) {
    const plan = await createSpectrumPlan(n, engine);
    assert.equal(plan.engine, engine);
    const got = new Float64Array(n / 2 + 1);
    hannMagnitude(plan.transform(x, 0), got, 0);
    const tol = engine === 'pffft' ? 1e-5 : 1e-12;
    for (let k = 0; k <= n / 2; k++)
      assert.ok(Math.abs(got[k] - ref[k]) < tol * 8, `${engine} bin ${k}`);
    plan.dispose();
  }
});

test('PFFFT falls back to fft.js for sizes it cannot do', async () => {
  const plan = await createSpectrumPlan(16);
  assert.equal(plan.engine, 'fftjs');
  assert.throws(
    () => stftMagnitude(new Float64Array(10), { nFft: 12 }),
    new RangeError(featureMessages.stftNfft(12)),
  );
  assert.throws(
    () => stftMagnitude(new Float64Array(10), { hop: 0 }),
    new RangeError(featureMessages.stftHop(0)),
  );
});

test('PFFFT plan errors: unsupported size, frame past the end, use after dispose', async () => {
  const mod = await loadPffft();
  assert.throws(
    () => new PffftSpectrumPlan(mod, 48),
    new RangeError(featureMessages.pffftNfft(48)),
  );
  const plan = new PffftSpectrumPlan(mod, 64);
  assert.throws(
    () => plan.transform(new Float32Array(100), 40),
    new RangeError(featureMessages.pffftPastEnd(40, 64, 100)),
  );
  plan.dispose();
  assert.throws(
    () => plan.transform(new Float32Array(64), 0),
    new Error(featureMessages.pffftDisposed()),
  );
});
