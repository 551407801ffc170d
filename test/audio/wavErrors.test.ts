import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioError } from '../../src/audio/errors.ts';
import { readAudio } from '../../src/audio/read.ts';
import { decodeWav, encodeWav } from '../../src/audio/wav.ts';
import { audioMessages } from '../../src/messages/index.ts';
import { chunk, fmt, floatBytes, intBytes, riff } from './riff.ts';

const F = 'clips/bad.wav';

/** Decoding `bytes` (named F) raises exactly AudioError(F, message). */
function rejects(bytes: Uint8Array, message: string, channel?: number): void {
  assert.throws(() => decodeWav(bytes, { file: F, channel }), new AudioError(F, message));
}

const pcm16 = (channels = 1) => fmt({ tag: 1, channels, sampleRate: 16000, bits: 16 });

test('empty and tiny buffers', () => {
  rejects(new Uint8Array(0), audioMessages.empty(F));
  rejects(new TextEncoder().encode('RIFF'), audioMessages.truncatedHeader(F, 12, 4));
  rejects(new TextEncoder().encode('hi'), audioMessages.notRiffWave(F, 'hi'));
});

test('not a RIFF/WAVE file: text, and RIFF of another form type', () => {
  const text = new TextEncoder().encode('hello, this is not audio\n');
  rejects(text, audioMessages.notRiffWave(F, 'hello, this '));
  const avi = riff(chunk('LIST', new Uint8Array(4)));
  avi.set(new TextEncoder().encode('AVI '), 8);
  rejects(avi, audioMessages.notRiffWave(F, 'RIFF....AVI '));
});

test('truncated header and truncated data chunk say expected vs present bytes', () => {
  const whole = encodeWav(new Float32Array(100).fill(0.5), 16000);
  rejects(whole.slice(0, 24), audioMessages.truncatedChunk(F, 'fmt ', 16, 4));
  rejects(whole.slice(0, 38), audioMessages.truncatedHeader(F, 44, 38)); // cut inside the data chunk header
  rejects(whole.slice(0, 44 + 150), audioMessages.truncatedChunk(F, 'data', 200, 150));
  rejects(whole.slice(0, 36), audioMessages.missingChunk(F, 'data'));
});

test('missing or short fmt chunk', () => {
  rejects(riff(chunk('data', new Uint8Array(4))), audioMessages.missingChunk(F, 'fmt '));
  rejects(
    riff(chunk('fmt ', new Uint8Array(14)), chunk('data', new Uint8Array(2))),
    audioMessages.fmtTooShort(F, 14),
  );
});

test('unsupported encodings (mu-law, ADPCM, unknown) suggest converting with sox', () => {
  const data = chunk('data', new Uint8Array(8));
  const with8 = (tag: number) => riff(fmt({ tag, channels: 1, sampleRate: 8000, bits: 8 }), data);
  rejects(with8(7), audioMessages.unsupportedEncoding(F, 7, 'mu-law'));
  rejects(with8(2), audioMessages.unsupportedEncoding(F, 2, 'Microsoft ADPCM'));
  rejects(with8(0x1234), audioMessages.unsupportedEncoding(F, 0x1234, 'unknown'));
  assert.match(
    audioMessages.unsupportedEncoding(F, 7, 'mu-law'),
    /sox "clips\/bad.wav" -e signed-integer/,
  );
  const ext = riff(fmt({ tag: 0xfffe, subTag: 6, channels: 1, sampleRate: 8000, bits: 8 }), data);
  rejects(ext, audioMessages.unsupportedEncoding(F, 6, 'A-law'));
  rejects(
    riff(fmt({ tag: 1, channels: 1, sampleRate: 8000, bits: 12, blockAlign: 2 }), data),
    audioMessages.unsupportedBits(F, 'PCM integer', 12),
  );
  rejects(
    riff(fmt({ tag: 3, channels: 1, sampleRate: 8000, bits: 16 }), data),
    audioMessages.unsupportedBits(F, 'IEEE float', 16),
  );
});

test('zero channels, zero sample rate, inconsistent block align, partial frames', () => {
  const data = chunk('data', new Uint8Array(8));
  rejects(
    riff(fmt({ tag: 1, channels: 0, sampleRate: 8000, bits: 16 }), data),
    audioMessages.zeroChannels(F),
  );
  rejects(
    riff(fmt({ tag: 1, channels: 1, sampleRate: 0, bits: 16 }), data),
    audioMessages.zeroSampleRate(F),
  );
  rejects(
    riff(fmt({ tag: 1, channels: 2, sampleRate: 8000, bits: 16, blockAlign: 2 }), data),
    audioMessages.badBlockAlign(F, 2, 2, 16),
  );
  rejects(riff(pcm16(2), chunk('data', new Uint8Array(6))), audioMessages.partialFrame(F, 6, 4));
});

test('no samples: an empty data chunk is an error, never an empty signal', () => {
  rejects(riff(pcm16(), chunk('data', new Uint8Array(0))), audioMessages.noSamples(F));
  rejects(encodeWav(new Float32Array(0), 16000), audioMessages.noSamples(F));
});

test('NaN / Infinity: the first bad sample index, and its channel when there are several', () => {
  const f32 = fmt({ tag: 3, channels: 1, sampleRate: 8000, bits: 32 });
  rejects(
    riff(f32, chunk('data', floatBytes([0, 0.5, 0.1, NaN, Infinity], 32))),
    audioMessages.nonFinite(F, 3, undefined, NaN),
  );
  const f64 = fmt({ tag: 3, channels: 2, sampleRate: 8000, bits: 64 });
  const frames = [0, 0, 0.25, 0.25, 0.5, -Infinity, NaN, 0];
  rejects(
    riff(f64, chunk('data', floatBytes(frames, 64))),
    audioMessages.nonFinite(F, 2, 1, -Infinity),
  );
  // Even with one channel selected, a bad sample in another channel is reported.
  rejects(
    riff(f64, chunk('data', floatBytes(frames, 64))),
    audioMessages.nonFinite(F, 2, 1, -Infinity),
    0,
  );
  // float64 beyond float32 range would silently become Infinity.
  const huge = riff(
    fmt({ tag: 3, channels: 1, sampleRate: 8000, bits: 64 }),
    chunk('data', floatBytes([0, 1e300], 64)),
  );
  rejects(huge, audioMessages.nonFinite(F, 1, undefined, Infinity));
});

test('channel out of range or not an integer', () => {
  const stereo = riff(pcm16(2), chunk('data', intBytes([1, 2, 3, 4], 2)));
  rejects(stereo, audioMessages.channelOutOfRange(F, 2, 2), 2);
  rejects(stereo, audioMessages.channelOutOfRange(F, -1, 2), -1);
  rejects(stereo, audioMessages.channelOutOfRange(F, 0.5, 2), 0.5);
});

test('readAudio: missing, empty and non-WAV files named .wav', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'npasd-wav-errors-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const missing = join(dir, 'missing.wav');
  await assert.rejects(readAudio(missing), (e: unknown) => {
    assert.ok(e instanceof AudioError);
    assert.match(e.message, new RegExp(`^${missing}: cannot read the file: ENOENT`));
    return true;
  });
  const empty = join(dir, 'empty.wav');
  writeFileSync(empty, '');
  await assert.rejects(readAudio(empty), new AudioError(empty, audioMessages.empty(empty)));
  const text = join(dir, 'notes.wav');
  writeFileSync(text, 'just some notes, not a recording\n');
  await assert.rejects(
    readAudio(text),
    new AudioError(text, audioMessages.notRiffWave(text, 'just some no')),
  );
  const trunc = join(dir, 'trunc.wav');
  writeFileSync(trunc, encodeWav(new Float32Array(1000), 16000).subarray(0, 1044));
  await assert.rejects(
    readAudio(trunc),
    new AudioError(trunc, audioMessages.truncatedChunk(trunc, 'data', 2000, 1000)),
  );
});

test('every message starts with the file name', () => {
  const all = Object.values(audioMessages) as Array<(...args: never[]) => string>;
  for (const fn of all) {
    const args = ['some/file.wav', '1', '2', '3'].slice(0, fn.length) as never[];
    assert.ok(fn(...args).startsWith('some/file.wav: '), fn.toString());
  }
});
