import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LogMelExtractor, logMel } from '../../src/features/logmel.ts';
import { hzToMel, melToHz } from '../../src/features/mel.ts';
import { featureMessages, outputTooSmall } from '../../src/messages/index.ts';

interface LogMelFixture {
  nSamples: number;
  nFrames: number;
  nMels: number;
  data: number[];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/frontend.json', import.meta.url), 'utf8'),
) as {
  logmel: LogMelFixture;
  logmelHtk: LogMelFixture & {
    hop: number;
    floor: number;
    fMin: number;
    fMax: number;
    melScale: 'htk';
    melNorm: 'none';
  };
};

/**
 * Worst |got - ref| / tolerance over the matrix. fft.js computes in float64: every band matches to
 * the fixture's 6 decimals (plus float32 output rounding). PFFFT computes in float32, whose
 * rounding noise is ~1e-7 of the frame's peak magnitude, so a band e^d times weaker than the
 * loudest band of its frame can be off by ~1e-7 e^d nats (up to 0.1 nat for the bands 18 nats
 * down here): the tolerance models that.
 */
function worstError(got: Float32Array, ref: LogMelFixture, engine: 'pffft' | 'fftjs'): number {
  let worst = 0;
  for (let t = 0; t < ref.nFrames; t++) {
    let peak = -Infinity;
    for (let b = 0; b < ref.nMels; b++) peak = Math.max(peak, ref.data[t * ref.nMels + b]);
    for (let b = 0; b < ref.nMels; b++) {
      const i = t * ref.nMels + b;
      const allowed = engine === 'pffft' ? 1e-5 + 1e-6 * Math.exp(peak - ref.data[i]) : 1e-5;
      worst = Math.max(worst, Math.abs(got[i] - ref.data[i]) / allowed);
    }
  }
  return worst;
}

/** Same formula as test_signal() in test/fixtures/make_frontend.py. */
function signalFor(n: number, sr: number): Float32Array {
  const x = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    x[i] =
      0.5 * Math.sin(2 * Math.PI * 1000 * t) +
      0.2 * Math.sin(2 * Math.PI * 3333.3 * t + 0.7) +
      0.1 * Math.sin(2 * Math.PI * (100 * t + 2000 * t * t));
  }
  return x;
}

test('log-mel of a fixed signal equals the numpy/scipy reference (both FFT engines)', async () => {
  const ref = fixture.logmel;
  const x = signalFor(ref.nSamples, 16000);
  for (const engine of ['pffft', 'fftjs'] as const) {
    const ex = await LogMelExtractor.create({}, engine);
    assert.equal(ex.engine, engine);
    const got = ex.extract(x);
    assert.equal(got.nFrames, ref.nFrames);
    assert.equal(got.nMels, ref.nMels);
    const worst = worstError(got.data, ref, engine);
    assert.ok(worst < 1, `${engine}: worst |diff| / tolerance ${worst}`);
    ex.dispose();
  }
});

test('options: HTK scale, unnormalised filters, 40 bands over 50-7000 Hz, hop 160, floor 1e-6', async () => {
  const ref = fixture.logmelHtk;
  const x = signalFor(ref.nSamples, 16000);
  const { hop, floor, fMin, fMax, melScale, melNorm, nMels } = ref;
  for (const engine of ['pffft', 'fftjs'] as const) {
    const ex = await LogMelExtractor.create(
      { hop, floor, fMin, fMax, melScale, melNorm, nMels },
      engine,
    );
    assert.deepEqual(ex.options, {
      sampleRate: 16000,
      nFft: 512,
      hop,
      nMels,
      fMin,
      fMax,
      melScale,
      melNorm,
      floor,
    });
    const got = ex.extract(x);
    assert.deepEqual([got.nFrames, got.nMels], [ref.nFrames, ref.nMels]);
    const worst = worstError(got.data, ref, engine);
    assert.ok(worst < 1, `${engine}: worst |diff| / tolerance ${worst}`);
    ex.dispose();
  }
});

test('defaults are the paper settings and librosa defaults; invalid hop or floor is an error', async () => {
  const ex = await LogMelExtractor.create();
  assert.deepEqual(ex.options, {
    sampleRate: 16000,
    nFft: 512,
    hop: 256,
    nMels: 64,
    fMin: 0,
    fMax: 8000,
    melScale: 'slaney',
    melNorm: 'slaney',
    floor: 1e-10,
  });
  ex.dispose();
  await assert.rejects(
    LogMelExtractor.create({ hop: 0 }),
    new RangeError(featureMessages.logmelHop(0)),
  );
  await assert.rejects(
    LogMelExtractor.create({ hop: 2.5 }),
    new RangeError(featureMessages.logmelHop(2.5)),
  );
  await assert.rejects(
    LogMelExtractor.create({ floor: 0 }),
    new RangeError(featureMessages.logmelFloor(0)),
  );
});

test('a pure tone peaks in the mel band whose range contains its frequency', async () => {
  const ex = await LogMelExtractor.create();
  for (const hz of [300, 1000, 2500, 6000]) {
    const x = new Float32Array(8000);
    for (let i = 0; i < x.length; i++) x[i] = 0.3 * Math.sin((2 * Math.PI * hz * i) / 16000);
    const { data, nFrames, nMels } = ex.extract(x);
    let best = 0;
    for (let m = 1; m < nMels; m++) if (data[m] > data[best]) best = m;
    // Band m spans edges m .. m+2 of 66 edges equally spaced in Slaney mel over 0 .. 8 kHz.
    const step = hzToMel(8000) / 65;
    const lo = melToHz(best * step);
    const hi = melToHz((best + 2) * step);
    assert.ok(hz >= lo && hz <= hi, `${hz} Hz peaked in band ${best} (${lo}..${hi} Hz)`);
    assert.ok(nFrames > 0);
  }
  ex.dispose();
});

test('silence gives the finite floor ln(1e-10); short input gives no frames', async () => {
  const got = await logMel(new Float32Array(1024));
  assert.equal(got.nFrames, 3);
  for (const v of got.data) assert.ok(Math.abs(v - Math.log(1e-10)) < 1e-5);
  assert.equal((await logMel(new Float32Array(100))).nFrames, 0);
});

test('extract into a caller buffer reuses it; too small a buffer is an error', async () => {
  const ex = await LogMelExtractor.create();
  const x = signalFor(4096, 16000);
  const buf = new Float32Array(ex.frameCount(4096) * 64 + 10);
  const got = ex.extract(x, buf);
  assert.equal(got.data.buffer, buf.buffer);
  assert.deepEqual(Array.from(got.data), Array.from(ex.extract(x).data));
  assert.throws(
    () => ex.extract(x, new Float32Array(10)),
    new RangeError(outputTooSmall('logmel', 10, ex.frameCount(4096) * 64)),
  );
  ex.dispose();
});
