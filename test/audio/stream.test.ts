/**
 * Streaming input (src/audio/stream.ts): for WAV files at the requested rate the blocks
 * concatenate to readAudio's samples exactly, for every encoding and block size, and a broken
 * file gives readAudio's own error message (both readers check the header with the same
 * wavHeader.ts pieces; this pins them together). Through SoX: FLAC equals readAudio's, a WAV at another rate is
 * resampled; without sox the error says how to install it.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { readAudio } from '../../src/audio/read.ts';
import { audioBlocks } from '../../src/audio/stream.ts';
import { encodeWav } from '../../src/audio/wav.ts';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { audioMessages } from '../../src/messages/index.ts';
import { chunk, floatBytes, fmt, intBytes, riff } from './riff.ts';

const HAVE_SOX = spawnSync('sox', ['--version']).status === 0;
const NO_SOX = 'sox is not installed (apt-get install sox libsox-fmt-all)';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'npasd-stream-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function streamed(path: string, sampleRate: number, blockSamples: number) {
  const blocks: Float32Array[] = [];
  for await (const b of audioBlocks(path, { sampleRate, blockSamples })) blocks.push(b);
  const out = new Float32Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return { samples: out, sizes: blocks.map((b) => b.length) };
}

async function message(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  return '(no error)';
}

const n = 1001;
const ints = (bits: number) =>
  Array.from({ length: 2 * n }, (_, i) => {
    const full = 2 ** (bits - 1);
    const v = Math.round((full - 1) * Math.sin(i / 7));
    return bits === 8 ? v + 128 : v;
  });
const floats = Array.from({ length: 2 * n }, (_, i) => 0.5 * Math.sin(i / 5));
const list = chunk('LIST', new TextEncoder().encode('INFOISFT\x05\x00\x00\x00npasd\x00'));

const GOOD: [string, Uint8Array][] = [
  [
    'pcm8 stereo',
    riff(
      fmt({ tag: 1, channels: 2, sampleRate: 16000, bits: 8 }),
      chunk('data', intBytes(ints(8), 1)),
    ),
  ],
  [
    'pcm16 stereo, LIST first',
    riff(
      list,
      fmt({ tag: 1, channels: 2, sampleRate: 16000, bits: 16 }),
      chunk('data', intBytes(ints(16), 2)),
    ),
  ],
  [
    'pcm24 mono',
    riff(
      fmt({ tag: 1, channels: 1, sampleRate: 16000, bits: 24 }),
      chunk('data', intBytes(ints(24), 3)),
    ),
  ],
  [
    'pcm32 extensible',
    riff(
      fmt({ tag: 0xfffe, subTag: 1, channels: 2, sampleRate: 16000, bits: 32 }),
      chunk('data', intBytes(ints(32), 4)),
    ),
  ],
  ['float32 (odd offset)', encodeWav(Float32Array.from(floats), 16000, 'float32')],
  [
    'float64 stereo',
    riff(
      fmt({ tag: 3, channels: 2, sampleRate: 16000, bits: 64 }),
      chunk('data', floatBytes(floats, 64)),
    ),
  ],
];

test('WAV at the requested rate: blocks concatenate to readAudio exactly', async (t) => {
  const dir = tempDir(t);
  for (const [name, bytes] of GOOD) {
    const path = join(dir, `${name.replace(/\W+/g, '_')}.wav`);
    writeFileSync(path, bytes);
    const whole = await readAudio(path, { sampleRate: 16000 });
    for (const block of [1, 37, 1000, 100000]) {
      const s = await streamed(path, 16000, block);
      assert.deepEqual(s.samples, whole.samples, `${name}, blocks of ${block}`);
      assert.ok(
        s.sizes.slice(0, -1).every((k) => k === block),
        `${name}: block sizes`,
      );
    }
  }
});

test("a broken WAV gives readAudio's message", async (t) => {
  const dir = tempDir(t);
  const pcm = fmt({ tag: 1, channels: 1, sampleRate: 16000, bits: 16 });
  const whole = encodeWav(new Float32Array(100).fill(0.5), 16000);
  const cases: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['tiny', new TextEncoder().encode('RIFF')],
    ['text', new TextEncoder().encode('hello, this is not audio\n')],
    ['cut in fmt', whole.slice(0, 24)],
    ['cut in data header', whole.slice(0, 38)],
    ['cut in data', whole.slice(0, 44 + 150)],
    ['no data', whole.slice(0, 36)],
    ['no fmt', riff(chunk('data', new Uint8Array(4)))],
    ['short fmt', riff(chunk('fmt ', new Uint8Array(14)), chunk('data', new Uint8Array(2)))],
    [
      'mu-law',
      riff(
        fmt({ tag: 7, channels: 1, sampleRate: 8000, bits: 8 }),
        chunk('data', new Uint8Array(8)),
      ),
    ],
    [
      '12 bits',
      riff(
        fmt({ tag: 1, channels: 1, sampleRate: 16000, bits: 12 }),
        chunk('data', new Uint8Array(8)),
      ),
    ],
    [
      'bad align',
      riff(
        fmt({ tag: 1, channels: 2, sampleRate: 16000, bits: 16, blockAlign: 3 }),
        chunk('data', new Uint8Array(12)),
      ),
    ],
    [
      'zero channels',
      riff(
        fmt({ tag: 1, channels: 0, sampleRate: 16000, bits: 16, blockAlign: 0 }),
        chunk('data', new Uint8Array(4)),
      ),
    ],
    ['partial frame', riff(pcm, chunk('data', new Uint8Array(3)))],
    ['no samples', riff(pcm, chunk('data', new Uint8Array(0)))],
    [
      'NaN',
      riff(
        fmt({ tag: 3, channels: 2, sampleRate: 16000, bits: 32 }),
        chunk('data', floatBytes([0, 0, 0.1, NaN], 32)),
      ),
    ],
  ];
  for (const [name, bytes] of cases) {
    const path = join(dir, `${name.replace(/\W+/g, '_')}.wav`);
    writeFileSync(path, bytes);
    const expected = await message(readAudio(path, { sampleRate: 16000 }));
    assert.notEqual(expected, '(no error)', name);
    assert.equal(await message(streamed(path, 16000, 1)), expected, name);
  }
  const missing = join(dir, 'missing.wav');
  assert.equal(
    await message(streamed(missing, 16000, 10)),
    await message(readAudio(missing, { sampleRate: 16000 })),
  );
  // The index of a NaN counts from the start of the file, not of the block.
  const path = join(dir, 'late-nan.wav');
  const bytes = encodeWav(new Float32Array(50), 16000, 'float32');
  new DataView(bytes.buffer, bytes.byteOffset).setFloat32(bytes.length - 4 * 17, NaN, true);
  writeFileSync(path, bytes);
  assert.equal(
    await message(streamed(path, 16000, 10)),
    audioMessages.nonFinite(path, 33, undefined, NaN),
  );
});

test('through SoX: FLAC equals readAudio; a WAV at 22.05 kHz is resampled', async (t) => {
  if (!HAVE_SOX) {
    t.skip(NO_SOX);
    return;
  }
  const dir = tempDir(t);
  const x = Float32Array.from({ length: 40000 }, (_, i) => 0.4 * Math.sin(i / 9));
  const wav = join(dir, 'a.wav');
  writeWav(wav, x, 16000);
  const flac = join(dir, 'a.flac');
  assert.equal(spawnSync('sox', [wav, flac]).status, 0);
  const s = await streamed(flac, 16000, 4096);
  assert.deepEqual(s.samples, (await readAudio(flac, { sampleRate: 16000 })).samples);
  assert.ok(s.sizes.length > 5);
  const hi = join(dir, 'b.wav');
  writeWav(
    hi,
    Float32Array.from({ length: 22050 }, (_, i) => 0.4 * Math.sin(i / 9)),
    22050,
  );
  const r = await streamed(hi, 16000, 1000);
  const ref = (await readAudio(hi, { sampleRate: 16000 })).samples;
  assert.equal(r.samples.length, ref.length);
  let err = 0;
  for (let i = 0; i < ref.length; i++) err = Math.max(err, Math.abs(r.samples[i] - ref[i]));
  assert.ok(err < 1e-5, `max difference ${err}`);
});

test('without sox: a FLAC names the file and how to install sox', async (t) => {
  const before = process.env.NPASD_SOX;
  process.env.NPASD_SOX = '/nonexistent/sox';
  t.after(() => {
    if (before === undefined) delete process.env.NPASD_SOX;
    else process.env.NPASD_SOX = before;
  });
  const dir = tempDir(t);
  const flac = join(dir, 'a.flac');
  writeFileSync(flac, 'fLaC and more');
  assert.equal(
    await message(streamed(flac, 16000, 10)),
    audioMessages.soxMissing(flac, 'it is not a WAV file', '/nonexistent/sox'),
  );
});
