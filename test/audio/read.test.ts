import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioError } from '../../src/audio/errors.ts';
import { readAudio } from '../../src/audio/read.ts';
import { decodeWav } from '../../src/audio/wav.ts';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { audioMessages } from '../../src/messages/index.ts';

const HAVE_SOX = spawnSync('sox', ['--version']).status === 0;
const NO_SOX_REASON = 'sox is not installed (apt-get install sox libsox-fmt-all)';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'npasd-read-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Point NPASD_SOX at `bin` for the duration of test t. */
function useSox(t: TestContext, bin: string): void {
  const before = process.env.NPASD_SOX;
  process.env.NPASD_SOX = bin;
  t.after(() => {
    if (before === undefined) delete process.env.NPASD_SOX;
    else process.env.NPASD_SOX = before;
  });
}

function tone(hz: number, rate: number, seconds: number, amp = 0.5): Float32Array {
  return Float32Array.from(
    { length: Math.round(rate * seconds) },
    (_, i) => amp * Math.sin((2 * Math.PI * hz * i) / rate),
  );
}

/** Frequency (Hz) from the first and last upward zero crossings (linearly interpolated). */
function zeroCrossingHz(x: Float32Array, rate: number): number {
  const ups: number[] = [];
  for (let i = 1; i < x.length; i++) {
    if (x[i - 1] < 0 && x[i] >= 0) ups.push(i - 1 + x[i - 1] / (x[i - 1] - x[i]));
  }
  return ((ups.length - 1) * rate) / (ups[ups.length - 1] - ups[0]);
}

/** Run the real sox to make a fixture. */
function sox(...args: string[]): void {
  const r = spawnSync('sox', args);
  assert.equal(r.status, 0, r.stderr?.toString());
}

test('a WAV at the requested rate is decoded in-process and never spawns sox', async (t) => {
  useSox(t, '/nonexistent/sox');
  const dir = tempDir(t);
  const path = join(dir, 'a.wav');
  const x = tone(440, 16000, 0.1);
  writeWav(path, x, 16000, 'float32');
  const a = await readAudio(path);
  assert.equal(a.sampleRate, 16000);
  assert.deepEqual(a.samples, x);
  assert.deepEqual((await readAudio(path, { sampleRate: 16000, channel: 0 })).samples, x);
});

test('without sox: resampling a WAV or reading FLAC names the file and how to install', async (t) => {
  useSox(t, '/nonexistent/sox');
  const dir = tempDir(t);
  const wav = join(dir, 'cd.wav');
  writeWav(wav, tone(440, 44100, 0.05), 44100);
  const why = 'resampling from 44100 Hz to 16000 Hz';
  await assert.rejects(
    readAudio(wav),
    new AudioError(wav, audioMessages.soxMissing(wav, why, '/nonexistent/sox')),
  );
  const flac = join(dir, 'x.flac');
  writeFileSync(flac, 'fLaC and more');
  const msg = audioMessages.soxMissing(flac, 'it is not a WAV file', '/nonexistent/sox');
  await assert.rejects(readAudio(flac), new AudioError(flac, msg));
  assert.match(msg, /apt-get install sox libsox-fmt-all/);
});

test('FLAC round trip through sox is exact for 16-bit audio', async (t) => {
  if (!HAVE_SOX) return t.skip(NO_SOX_REASON);
  const dir = tempDir(t);
  const wav = join(dir, 'src.wav');
  const flac = join(dir, 'src.flac');
  writeWav(wav, tone(1234, 16000, 0.5, 0.8), 16000, 'pcm16');
  sox(wav, flac);
  const expected = decodeWav(readFileSync(wav)).samples;
  const got = await readAudio(flac, { sampleRate: 16000 });
  assert.equal(got.sampleRate, 16000);
  assert.deepEqual(got.samples, expected);
});

test('stereo FLAC via sox: mixdown by averaging, channel selection, channel out of range', async (t) => {
  if (!HAVE_SOX) return t.skip(NO_SOX_REASON);
  const dir = tempDir(t);
  const left = join(dir, 'l.wav');
  const right = join(dir, 'r.wav');
  const stereo = join(dir, 'st.flac');
  const l = Float32Array.from({ length: 800 }, (_, i) => ((i % 200) - 100) / 256);
  const r = Float32Array.from({ length: 800 }, (_, i) => ((i % 50) - 25) / 128);
  writeWav(left, l, 8000);
  writeWav(right, r, 8000);
  sox('-M', left, right, stereo);
  const one = await readAudio(stereo, { sampleRate: 8000, channel: 1 });
  assert.deepEqual(one.samples, r);
  const mixed = await readAudio(stereo, { sampleRate: 8000 });
  assert.deepEqual(
    mixed.samples,
    Float32Array.from(l, (v, i) => (v + r[i]) / 2),
  );
  await assert.rejects(
    readAudio(stereo, { sampleRate: 8000, channel: 2 }),
    new AudioError(stereo, audioMessages.channelOutOfRange(stereo, 2, 2)),
  );
});

test('44.1 kHz -> 16 kHz resampling keeps a tone at its frequency and level', async (t) => {
  if (!HAVE_SOX) return t.skip(NO_SOX_REASON);
  const dir = tempDir(t);
  for (const [name, ext] of [
    ['WAV', 'wav'],
    ['AIFF', 'aiff'],
  ]) {
    const src = join(dir, `tone44k.wav`);
    writeWav(src, tone(1000, 44100, 1), 44100, 'float32');
    let path = src;
    if (ext !== 'wav') {
      path = join(dir, `tone44k.${ext}`);
      sox(src, '-b', '16', path);
    }
    const { samples, sampleRate } = await readAudio(path);
    assert.equal(sampleRate, 16000);
    assert.ok(Math.abs(samples.length - 16000) <= 1, `${name}: ${samples.length} samples`);
    const mid = samples.subarray(1000, 15000); // away from the filter's edge transients
    const hz = zeroCrossingHz(mid, 16000);
    assert.ok(Math.abs(hz - 1000) < 0.5, `${name}: tone at ${hz} Hz`);
    const rms = Math.sqrt(mid.reduce((s, v) => s + v * v, 0) / mid.length);
    assert.ok(Math.abs(rms - 0.5 / Math.SQRT2) < 0.005, `${name}: rms ${rms}`);
  }
});

test('sox failing on a file: the error names the file and carries sox stderr', async (t) => {
  if (!HAVE_SOX) return t.skip(NO_SOX_REASON);
  const dir = tempDir(t);
  const txt = join(dir, 'notes.txt');
  writeFileSync(txt, 'not audio at all\n');
  const stderr = "sox FAIL formats: no handler for file extension `txt'";
  await assert.rejects(
    readAudio(txt),
    new AudioError(txt, audioMessages.soxFailed(txt, 'exit code 1', stderr)),
  );
  const flac = join(dir, 'broken.flac');
  writeFileSync(flac, 'fLaC then garbage instead of metadata');
  await assert.rejects(readAudio(flac), (e: unknown) => {
    assert.ok(e instanceof AudioError);
    assert.match(e.message, new RegExp(`^${flac}: sox failed \\(exit code \\d\\): sox FAIL`));
    return true;
  });
});
