import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeWav, encodeWav } from '../../src/audio/wav.ts';
import { AudioError } from '../../src/audio/errors.ts';
import { openWavWriter, writeWav } from '../../src/audio/wavWriter.ts';
import { audioMessages } from '../../src/messages/index.ts';
import { makeRng } from '../../src/util/rng.ts';

function tempDir(t: { after: (fn: () => void) => void }): string {
  const dir = mkdtempSync(join(tmpdir(), 'npasd-wavwriter-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function signal(n: number): Float32Array {
  const rng = makeRng(3, 'wav-writer-test');
  return Float32Array.from({ length: n }, () => 1.2 * rng() - 0.6);
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

for (const format of ['pcm16', 'float32'] as const) {
  test(`streaming ${format}: bytes equal encodeWav of the whole signal, hash equals the file's`, (t) => {
    const dir = tempDir(t);
    const x = signal(100_003);
    const path = join(dir, 'a.wav');
    const w = openWavWriter(path, { sampleRate: 16000, format, totalSamples: x.length });
    // Uneven chunk sizes, including an empty one and one larger than the first buffer.
    const cuts = [0, 1, 1, 7000, 7001, 90_000, x.length];
    for (let i = 1; i < cuts.length; i++) w.write(x.subarray(cuts[i - 1], cuts[i]));
    const result = w.close();
    const onDisk = readFileSync(path);
    assert.deepEqual(new Uint8Array(onDisk), encodeWav(x, 16000, format));
    assert.equal(result.bytes, onDisk.length);
    assert.equal(result.sha256, sha256(onDisk));
    assert.deepEqual(readdirSync(dir), ['a.wav']); // no temporary file left
  });
}

test('too few samples: close() errors and leaves no file', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'short.wav');
  const w = openWavWriter(path, { sampleRate: 16000, format: 'pcm16', totalSamples: 10 });
  w.write(new Float32Array(9));
  assert.throws(
    () => w.close(),
    new AudioError(path, audioMessages.writeCountMismatch(path, 9, 10)),
  );
  assert.deepEqual(readdirSync(dir), []);
});

test('too many samples: write() errors and leaves no file; the writer is then closed', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'long.wav');
  const w = openWavWriter(path, { sampleRate: 16000, format: 'float32', totalSamples: 10 });
  w.write(new Float32Array(6));
  assert.throws(
    () => w.write(new Float32Array(5)),
    new AudioError(path, audioMessages.writeCountMismatch(path, 11, 10)),
  );
  assert.deepEqual(readdirSync(dir), []);
  assert.throws(
    () => w.close(),
    new AudioError(path, audioMessages.writerNotOpen(path, 'aborted')),
  );
});

test('abort() removes the temporary file and never touches an existing file', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'keep.wav');
  writeFileSync(path, 'old');
  const w = openWavWriter(path, { sampleRate: 8000, format: 'pcm16', totalSamples: 4 });
  w.write(new Float32Array(2));
  w.abort();
  w.abort(); // idempotent
  assert.deepEqual(readdirSync(dir), ['keep.wav']);
  assert.equal(readFileSync(path, 'utf8'), 'old');
});

test('NaN or Infinity in a chunk: error with the index in the whole signal, no file', (t) => {
  const dir = tempDir(t);
  for (const [format, value] of [
    ['pcm16', NaN],
    ['float32', -Infinity],
  ] as const) {
    const path = join(dir, `${format}.wav`);
    const w = openWavWriter(path, { sampleRate: 8000, format, totalSamples: 20 });
    w.write(new Float32Array(10));
    const chunk = new Float32Array(10);
    chunk[3] = value;
    assert.throws(
      () => w.write(chunk),
      new AudioError(path, audioMessages.writeNonFinite(path, 13, value)),
    );
  }
  assert.deepEqual(readdirSync(dir), []);
});

test('writeWav replaces a file atomically and reads back; 0 samples make a valid header', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'w.wav');
  writeFileSync(path, 'old');
  const x = new Float32Array([0.5, -0.25, 0.125]);
  const r = writeWav(path, x, 22050, 'float32');
  const d = decodeWav(readFileSync(path), { file: path });
  assert.deepEqual(d.samples, x);
  assert.equal(d.sampleRate, 22050);
  // Float, as SoX writes it: 18-byte "fmt " (tag 3, cbSize 0) + "fact" with the sample count.
  assert.equal(r.bytes, 58 + 12);
  const bytes = readFileSync(path);
  assert.equal(bytes.readUInt32LE(16), 18);
  assert.equal(bytes.readUInt16LE(20), 3);
  assert.equal(bytes.toString('latin1', 38, 42), 'fact');
  assert.equal(bytes.readUInt32LE(46), 3);
  assert.equal(bytes.toString('latin1', 50, 54), 'data');
  assert.deepEqual(new Uint8Array(bytes), encodeWav(x, 22050, 'float32'));
  const empty = join(dir, 'empty.wav');
  writeWav(empty, new Float32Array(0), 16000);
  assert.equal(readFileSync(empty).length, 44);
  assert.deepEqual(readdirSync(dir).sort(), ['empty.wav', 'w.wav']);
});

test('a missing directory or a bad sample rate is reported with the path', (t) => {
  const dir = tempDir(t);
  const path = join(dir, 'no', 'such', 'x.wav');
  assert.throws(
    () => writeWav(path, new Float32Array(1), 16000),
    (e: unknown) =>
      e instanceof AudioError && e.message.startsWith(`${path}: cannot write the file:`),
  );
  assert.ok(!existsSync(path));
  assert.throws(() => writeWav(join(dir, 'r.wav'), new Float32Array(1), 0), RangeError);
});
