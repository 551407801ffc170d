import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  DcaseLogMelExtractor,
  dcaseFrameCount,
  reflectPad,
  resolveDcaseFrontend,
} from '../../src/features/dcaseFrontend.ts';
import { denseFilterbank } from '../../src/features/mel.ts';
import { featureMessages } from '../../src/messages/index.ts';

// Written once by test/fixtures/make_dcase_frontend.py (plain Python, direct DFT in float64).
const fx = JSON.parse(
  readFileSync(new URL('../fixtures/dcase_frontend.json', import.meta.url), 'utf8'),
) as {
  sampleRate: number;
  nFft: number;
  hop: number;
  nMels: number;
  pcm16: number[];
  nFrames: number;
  logmel: number[];
  bankRow10: number[];
};
const signal = Float32Array.from(fx.pcm16, (v) => v / 32768);
const options = resolveDcaseFrontend({ sampleRate: fx.sampleRate });

test('the recipe defaults are the baseline settings: 1024-point FFT, hop 512, 128 mels, power', () => {
  assert.deepEqual(options, {
    kind: 'dcase2020',
    sampleRate: 16000,
    nFft: fx.nFft,
    hop: fx.hop,
    nMels: fx.nMels,
    power: 2,
  });
});

for (const engine of ['fftjs', 'pffft'] as const) {
  test(`dcase log-mel (${engine}) matches the Python reference within 2e-3 dB`, async () => {
    const ex = await DcaseLogMelExtractor.create(options, engine);
    try {
      const mel = ex.extract(signal);
      assert.equal(mel.nFrames, fx.nFrames);
      assert.equal(mel.nMels, fx.nMels);
      let worst = 0;
      for (let i = 0; i < fx.logmel.length; i++)
        worst = Math.max(worst, Math.abs(mel.data[i] - fx.logmel[i]));
      // float32 output of values up to ~60 dB (ulp ~4e-6) and PFFFT's float32 transform.
      assert.ok(worst < 2e-3, `worst |difference| ${worst} dB`);
    } finally {
      ex.dispose();
    }
  });
}

test('the mel bank is librosa Slaney (filter 10 as in the reference)', async () => {
  const ex = await DcaseLogMelExtractor.create(options, 'fftjs');
  try {
    const dense = denseFilterbank(ex.bank);
    const nBins = fx.nFft / 2 + 1;
    for (let k = 0; k < nBins; k++)
      assert.ok(Math.abs(dense[10 * nBins + k] - fx.bankRow10[k]) < 1e-7, `bin ${k}`);
  } finally {
    ex.dispose();
  }
});

test('centred framing: 1 + floor(n / hop) frames, reflect padding without the edge sample', () => {
  assert.equal(dcaseFrameCount(4096, options), 9);
  assert.equal(dcaseFrameCount(4095, options), 8);
  assert.equal(dcaseFrameCount(512, options), 0);
  assert.deepEqual(Array.from(reflectPad([1, 2, 3, 4], 2)), [3, 2, 1, 2, 3, 4, 3, 2]);
});

test('a bad setting names the field', () => {
  assert.throws(
    () => resolveDcaseFrontend({ sampleRate: 16000, nFft: 1000 }),
    (e: Error) => e.message === featureMessages.dcaseOption('nFft', 1000, 'a power of two >= 8'),
  );
});
