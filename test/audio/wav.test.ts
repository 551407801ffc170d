import { test } from 'node:test';
import assert from 'node:assert/strict';
import wavefile from 'wavefile';
import { decodeWav, encodeWav } from '../../src/audio/wav.ts';
import { AudioError } from '../../src/audio/errors.ts';
import { audioMessages } from '../../src/messages/index.ts';
import { makeRng } from '../../src/util/rng.ts';
import { chunk, fmt, floatBytes, intBytes, riff } from './riff.ts';

/** A WAV built by the independent reference codec (`wavefile`) from known samples. */
function reference(channels: number, rate: number, depth: string, samples: number[] | number[][]) {
  const w = new wavefile.WaveFile();
  w.fromScratch(channels, rate, depth, samples);
  return w.toBuffer();
}

/** Every int16 value once, as the float k / 32768 our decoder must return. */
function allInt16(): { ints: Int16Array; floats: Float32Array } {
  const ints = new Int16Array(65536);
  for (let i = 0; i < 65536; i++) ints[i] = i - 32768;
  return { ints, floats: Float32Array.from(ints, (k) => k / 32768) };
}

test('16-bit: every value round-trips bit-exactly and decodes to exactly int / 32768', () => {
  const { ints, floats } = allInt16();
  const bytes = encodeWav(floats, 16000, 'pcm16');
  assert.equal(bytes.length, 44 + 2 * 65536);
  // The data chunk holds the integers themselves (checked with DataView, not the codec).
  const dv = new DataView(bytes.buffer, bytes.byteOffset);
  for (let i = 0; i < ints.length; i++) assert.equal(dv.getInt16(44 + 2 * i, true), ints[i]);
  const decoded = decodeWav(bytes);
  assert.equal(decoded.sampleRate, 16000);
  assert.deepEqual(decoded.samples, floats);
  assert.deepEqual(encodeWav(decoded.samples, 16000, 'pcm16'), bytes);
});

test('16-bit: a noisy signal re-encodes to identical bytes; wavefile reads the same ints', () => {
  const rng = makeRng(1, 'wav-test');
  const x = Float32Array.from({ length: 5000 }, () => 2 * rng() - 1);
  const bytes = encodeWav(x, 8000, 'pcm16');
  const again = encodeWav(decodeWav(bytes).samples, 8000, 'pcm16');
  assert.deepEqual(again, bytes);
  const w = new wavefile.WaveFile(bytes);
  const ref = w.getSamples(false, Int16Array) as unknown as Int16Array;
  const ours = decodeWav(bytes).samples;
  for (let i = 0; i < x.length; i++) assert.equal(ours[i], ref[i] / 32768);
});

test('16-bit encoding rounds to nearest and clips to [-32768, 32767]', () => {
  const x = new Float32Array([0.4 / 32768, 0.6 / 32768, -0.6 / 32768, 1.5 / 32768, 1, 1.7, -1, -3]);
  const ints = new Int16Array(encodeWav(x, 8000).slice(44).buffer);
  assert.deepEqual(Array.from(ints), [0, 1, -1, 2, 32767, 32767, -32768, -32768]);
});

test('float32 round-trips exactly, including values beyond [-1, 1) and tiny ones', () => {
  const x = new Float32Array([0, 0.1, -0.3333, 1, -1, 1.75, -12.5, 1e-30, 3e38]);
  const bytes = encodeWav(x, 48000, 'float32');
  const d = decodeWav(bytes);
  assert.equal(d.encoding, 'float');
  assert.equal(d.bitsPerSample, 32);
  assert.deepEqual(d.samples, x);
  assert.deepEqual(encodeWav(d.samples, 48000, 'float32'), bytes);
});

test('8-bit unsigned files (wavefile) read back as (u - 128) / 128', () => {
  const u = [0, 1, 64, 127, 128, 129, 200, 255];
  const d = decodeWav(reference(1, 8000, '8', u));
  assert.equal(d.bitsPerSample, 8);
  assert.deepEqual(
    Array.from(d.samples),
    u.map((v) => (v - 128) / 128),
  );
});

test('24-bit files (wavefile) read back as k / 2^23', () => {
  const k = [-8388608, -4194304, -1, 0, 1, 123456, -7654321, 8388607];
  const d = decodeWav(reference(1, 22050, '24', k));
  assert.equal(d.sampleRate, 22050);
  assert.deepEqual(
    Array.from(d.samples),
    k.map((v) => Math.fround(v / 8388608)),
  );
});

test('32-bit integer files (wavefile) read back as k / 2^31 (rounded to float32)', () => {
  const k = [-2147483648, -1, 0, 1, 123456789, -987654321, 2147483647];
  const d = decodeWav(reference(1, 8000, '32', k));
  assert.deepEqual(
    Array.from(d.samples),
    k.map((v) => Math.fround(v / 2147483648)),
  );
});

test('32- and 64-bit float files (wavefile) read back to the known values', () => {
  const v = [0, 0.1, -0.25, 1e-10, 1.5, -1, 0.999];
  assert.deepEqual(Array.from(decodeWav(reference(1, 8000, '32f', v)).samples), v.map(Math.fround));
  const d64 = decodeWav(reference(1, 8000, '64', v));
  assert.equal(d64.bitsPerSample, 64);
  assert.deepEqual(Array.from(d64.samples), v.map(Math.fround));
});

test('multichannel: mixed down by averaging, or one 0-based channel selected', () => {
  const a = [1000, -2000, 32767, -32768];
  const b = [3000, 2000, 32767, -32768];
  const c = [-1, 7, 0, 5];
  const stereo = reference(2, 8000, '16', [a, b]);
  const d = decodeWav(stereo);
  assert.equal(d.channels, 2);
  assert.deepEqual(Array.from(d.samples), [4000 / 65536, 0, 32767 / 32768, -1]);
  assert.deepEqual(
    Array.from(decodeWav(stereo, { channel: 1 }).samples),
    b.map((v) => v / 32768),
  );
  const three = reference(3, 8000, '16', [a, b, c]);
  const mixed = decodeWav(three).samples;
  a.forEach((_, i) => {
    const expected = (a[i] + b[i] + c[i]) / 3 / 32768;
    assert.ok(Math.abs(mixed[i] - expected) < 1e-7, `frame ${i}: ${mixed[i]} vs ${expected}`);
  });
  assert.deepEqual(
    Array.from(decodeWav(three, { channel: 2 }).samples),
    c.map((v) => v / 32768),
  );
  assert.throws(
    () => decodeWav(three, { file: 'x.wav', channel: 3 }),
    new AudioError('x.wav', audioMessages.channelOutOfRange('x.wav', 3, 3)),
  );
});

test('WAVE_FORMAT_EXTENSIBLE: 24-bit PCM in stereo and 32-bit float', () => {
  const k = [100000, -200000, 8388607, -8388608];
  const pcm = riff(
    fmt({ tag: 0xfffe, subTag: 1, channels: 2, sampleRate: 44100, bits: 24 }),
    chunk('data', intBytes(k, 3)),
  );
  const d = decodeWav(pcm, { channel: 0 });
  assert.equal(d.channels, 2);
  assert.deepEqual(Array.from(d.samples), [100000 / 8388608, 8388607 / 8388608]);
  assert.deepEqual(Array.from(decodeWav(pcm).samples), [-50000 / 8388608, -0.5 / 8388608]);

  const fl = riff(
    fmt({ tag: 0xfffe, subTag: 3, channels: 1, sampleRate: 16000, bits: 32 }),
    chunk('data', floatBytes([0.5, -0.125], 32)),
  );
  assert.deepEqual(Array.from(decodeWav(fl).samples), [0.5, -0.125]);
});

test('unknown chunks are skipped, odd sizes padded, and fmt after a LIST chunk is found', () => {
  const odd = new Uint8Array([1, 2, 3, 4, 5]); // odd size: followed by one pad byte
  const bytes = riff(
    chunk('LIST', odd),
    fmt({ tag: 1, channels: 1, sampleRate: 8000, bits: 8 }),
    chunk('junk', new Uint8Array([9])),
    chunk('data', new Uint8Array([128, 255, 0])), // odd data chunk, padded
    chunk('id3 ', odd),
  );
  assert.deepEqual(Array.from(decodeWav(bytes).samples), [0, 127 / 128, -1]);
});

test('a buffer at an odd byte offset (unaligned views) decodes the same', () => {
  const x = new Float32Array([0.25, -0.5, 0.75]);
  for (const format of ['pcm16', 'float32'] as const) {
    const bytes = encodeWav(x, 8000, format);
    const shifted = new Uint8Array(bytes.length + 1).subarray(1);
    shifted.set(bytes);
    assert.deepEqual(decodeWav(shifted).samples, x);
  }
});
