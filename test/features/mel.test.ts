import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  applyFilterbank,
  denseFilterbank,
  hzToMel,
  melFilterbank,
  melToHz,
} from '../../src/features/mel.ts';
import { featureMessages } from '../../src/messages/index.ts';

interface BankFixture {
  sampleRate: number;
  nFft: number;
  nMels: number;
  fMin: number;
  fMax: number;
  nonzeros: [number, number, number][];
}
const fixture = JSON.parse(
  readFileSync(new URL('../fixtures/frontend.json', import.meta.url), 'utf8'),
) as {
  slaney: BankFixture;
  htk: BankFixture;
};

function checkAgainst(f: BankFixture, scale: 'slaney' | 'htk'): void {
  const bank = melFilterbank({ ...f, scale, norm: 'slaney' });
  const dense = denseFilterbank(bank);
  const ref = new Float32Array(f.nMels * (f.nFft / 2 + 1));
  for (const [m, k, w] of f.nonzeros) ref[m * (f.nFft / 2 + 1) + k] = w;
  for (let i = 0; i < ref.length; i++) {
    assert.ok(
      Math.abs(dense[i] - ref[i]) <= 1e-6 * Math.abs(ref[i]) + 1e-12,
      `weight ${i}: ${dense[i]} vs ${ref[i]}`,
    );
  }
}

test('Slaney filterbank equals the numpy re-implementation of librosa.filters.mel', () => {
  checkAgainst(fixture.slaney, 'slaney');
});

test('HTK filterbank (fMin 50, fMax 7000, 40 bands) equals the reference', () => {
  checkAgainst(fixture.htk, 'htk');
});

test('mel scale: 1 kHz is 15 Slaney mels and 1000 HTK mels; the maps invert', () => {
  assert.ok(Math.abs(hzToMel(1000) - 15) < 1e-12);
  assert.ok(Math.abs(hzToMel(1000, 'htk') - 999.9855) < 1e-4);
  for (const hz of [0, 123, 999, 1000, 4321, 8000]) {
    assert.ok(Math.abs(melToHz(hzToMel(hz)) - hz) < 1e-9);
    assert.ok(Math.abs(melToHz(hzToMel(hz, 'htk'), 'htk') - hz) < 1e-9);
  }
});

test('segment form of the bank (applyFilterbank) equals the dense matrix product', () => {
  for (const opts of [
    {},
    { nMels: 40, fMin: 50, fMax: 7000, scale: 'htk' as const },
    { nMels: 128, nFft: 256 },
  ]) {
    const bank = melFilterbank(opts);
    const dense = denseFilterbank(bank);
    const spec = new Float64Array(bank.nBins);
    for (let k = 0; k < spec.length; k++) spec[k] = 1 + Math.sin(0.37 * k) ** 2;
    const out = new Float64Array(bank.nMels);
    applyFilterbank(bank, spec, 0, out, 0);
    for (let m = 0; m < bank.nMels; m++) {
      let ref = 0;
      for (let k = 0; k < bank.nBins; k++) ref += dense[m * bank.nBins + k] * spec[k];
      assert.ok(Math.abs(out[m] - ref) <= 1e-12 * Math.max(1, ref), `band ${m}`);
    }
  }
});

test('invalid options are rejected with the option named', () => {
  assert.throws(
    () => melFilterbank({ fMax: 9000 }),
    new RangeError(featureMessages.melRange(0, 9000, 16000)),
  );
  assert.throws(
    () => melFilterbank({ fMin: 500, fMax: 500 }),
    new RangeError(featureMessages.melRange(500, 500, 16000)),
  );
  assert.throws(() => melFilterbank({ nFft: 511 }), new RangeError(featureMessages.melNfft(511)));
  assert.throws(() => melFilterbank({ nMels: 0 }), new RangeError(featureMessages.melNmels(0)));
});
