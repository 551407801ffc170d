/**
 * Folders of recordings (src/audio/folder.ts): the listing (recursive, sorted, hidden entries
 * and other files skipped), every folder error exactly as messages.ts words it, pieces, sha256,
 * and a FLAC and a 22.05 kHz WAV read through SoX at the requested rate (skipped without sox).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import {
  AUDIO_EXTENSIONS,
  listAudioFiles,
  pieceBounds,
  readAudioFolder,
  type FolderFile,
  type FolderPiece,
} from '../../src/audio/folder.ts';
import { readAudio } from '../../src/audio/read.ts';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { audioMessages, folderMessages } from '../../src/messages/index.ts';

const HAVE_SOX = spawnSync('sox', ['--version']).status === 0;
const NO_SOX = 'sox is not installed (apt-get install sox libsox-fmt-all)';

function tempDir(t: TestContext): string {
  const dir = mkdtempSync(join(tmpdir(), 'npasd-folder-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

const tone = (seconds: number, rate = 16000, hz = 440): Float32Array =>
  Float32Array.from(
    { length: Math.round(seconds * rate) },
    (_, i) => 0.3 * Math.sin((2 * Math.PI * hz * i) / rate),
  );

async function readAll(dir: string, opts: Parameters<typeof readAudioFolder>[1]) {
  const out: { file: FolderFile; pieces: FolderPiece[] }[] = [];
  for await (const f of readAudioFolder(dir, opts)) out.push(f);
  return out;
}

async function rejects(p: Promise<unknown>, message: string): Promise<void> {
  await assert.rejects(p, (e: Error) => {
    assert.equal(e.message, message);
    return true;
  });
}

test('listing: recursive, sorted by relative path, hidden entries and other files skipped', (t) => {
  const dir = tempDir(t);
  mkdirSync(join(dir, 'b', 'deep'), { recursive: true });
  mkdirSync(join(dir, 'a'));
  mkdirSync(join(dir, '.git'));
  for (const f of ['z.wav', 'a/y.FLAC', 'b/deep/x.mp3', 'b/c.ogg', 'a.aiff', '.git/h.wav']) {
    writeFileSync(join(dir, f), 'x');
  }
  writeFileSync(join(dir, '._z.wav'), 'resource fork');
  writeFileSync(join(dir, 'notes.txt'), 'not audio');
  symlinkSync(join(dir, 'a'), join(dir, 'b', 'loop')); // a second way to a/: not listed twice
  assert.deepEqual(listAudioFiles(dir), [
    join(dir, 'a.aiff'),
    join(dir, 'a/y.FLAC'),
    join(dir, 'b/c.ogg'),
    join(dir, 'b/deep/x.mp3'),
    join(dir, 'z.wav'),
  ]);
  assert.ok(AUDIO_EXTENSIONS.includes('.flac') && AUDIO_EXTENSIONS.includes('.wav'));
});

test('folder errors name the directory, exactly', async (t) => {
  const dir = tempDir(t);
  const missing = join(dir, 'nope');
  assert.throws(() => listAudioFiles(missing), { message: folderMessages.missing(missing) });
  const file = join(dir, 'f.wav');
  writeFileSync(file, 'x');
  assert.throws(() => listAudioFiles(file), { message: folderMessages.notADirectory(file) });
  const empty = join(dir, 'empty');
  mkdirSync(empty);
  assert.throws(() => listAudioFiles(empty), {
    message: folderMessages.empty(empty, AUDIO_EXTENSIONS),
  });
  const noAudio = join(dir, 'docs');
  mkdirSync(join(noAudio, 'sub'), { recursive: true });
  writeFileSync(join(noAudio, 'sub', 'readme.md'), '#');
  writeFileSync(join(noAudio, 'b.txt'), '');
  writeFileSync(join(noAudio, '.hidden.wav'), '');
  assert.throws(() => listAudioFiles(noAudio), {
    message: folderMessages.noAudio(noAudio, AUDIO_EXTENSIONS, 2, 'b.txt'),
  });
  // The generator reports the same errors at its first step.
  await rejects(readAll(missing, { sampleRate: 16000 }), folderMessages.missing(missing));
  await rejects(
    readAll(empty, { sampleRate: 16000 }),
    folderMessages.empty(empty, AUDIO_EXTENSIONS),
  );
});

test('a file that fails to decode: the folder and the AudioError naming the file', async (t) => {
  const dir = tempDir(t);
  writeWav(join(dir, 'a.wav'), tone(0.5), 16000);
  const bad = join(dir, 'b.wav');
  writeFileSync(bad, 'this is text, not audio');
  const emptyFile = join(dir, 'c.wav');
  writeFileSync(emptyFile, '');
  await rejects(
    readAll(dir, { sampleRate: 16000 }),
    folderMessages.badFile(dir, audioMessages.notRiffWave(bad, 'this is text')),
  );
  rmSync(bad);
  await rejects(
    readAll(dir, { sampleRate: 16000 }),
    folderMessages.badFile(dir, audioMessages.empty(emptyFile)),
  );
});

test('pieces: long files cut into equal pieces of at most pieceSec, short ones whole', async (t) => {
  assert.deepEqual(pieceBounds(10, 4), [
    [0, 3],
    [3, 6],
    [6, 10],
  ]);
  assert.deepEqual(pieceBounds(4, 4), [[0, 4]]);
  assert.deepEqual(pieceBounds(3, Infinity), [[0, 3]]);
  const dir = tempDir(t);
  const long = tone(5);
  writeWav(join(dir, 'long.wav'), long, 16000, 'float32');
  writeWav(join(dir, 'short.wav'), tone(1), 16000, 'float32');
  const seen: number[] = [];
  const files = await readAll(dir, { sampleRate: 16000, pieceSec: 2, onFile: (d) => seen.push(d) });
  assert.deepEqual(seen, [1, 2]);
  assert.deepEqual(
    files.map((f) => [f.file.relPath, f.file.samples, f.pieces.map((p) => p.samples.length)]),
    [
      ['long.wav', 80000, [26666, 26667, 26667]],
      ['short.wav', 16000, [16000]],
    ],
  );
  const [l] = files;
  assert.deepEqual(
    l.pieces.map((p) => p.startSec),
    [0, 26666 / 16000, 53333 / 16000],
  );
  const joined = new Float32Array(80000);
  for (const p of l.pieces) joined.set(p.samples, Math.round(p.startSec * 16000));
  assert.deepEqual(joined, long);
  const bytes = readFileSync(join(dir, 'long.wav'));
  assert.equal(l.file.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(l.file.bytes, bytes.length);
  assert.equal(l.file.seconds, 5);
});

test('FLAC and a WAV at another rate are read through SoX at the requested rate', async (t) => {
  if (!HAVE_SOX) {
    t.skip(NO_SOX);
    return;
  }
  const dir = tempDir(t);
  const wav = join(dir, 'src.wav');
  writeWav(wav, tone(1), 16000);
  const r = spawnSync('sox', [wav, join(dir, 'a.flac')]);
  assert.equal(r.status, 0, r.stderr.toString());
  rmSync(wav);
  writeWav(join(dir, 'b.wav'), tone(1, 22050), 22050);
  const files = await readAll(dir, { sampleRate: 16000 });
  assert.deepEqual(
    files.map((f) => [f.file.relPath, f.file.samples]),
    [
      ['a.flac', 16000],
      ['b.wav', 16000],
    ],
  );
  const flac = await readAudio(join(dir, 'a.flac'), { sampleRate: 16000 });
  assert.deepEqual(files[0].pieces[0].samples, flac.samples);
});
