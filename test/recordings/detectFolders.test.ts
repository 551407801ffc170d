/**
 * `detect` on folders: expandAudioPaths replaces a folder by its audio files (recursive, in
 * name order, hidden entries and other files skipped, as train reads --normal) and keeps files
 * where they stand; a folder without audio is an error naming it; the library's detect() takes
 * folders and files mixed, in that order, and refuses an empty folder before scoring anything.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AUDIO_EXTENSIONS, expandAudioPaths } from '../../src/audio/folder.ts';
import { detect } from '../../src/index.ts';
import { folderMessages } from '../../src/messages/index.ts';
import { writeNoiseWav, writeTinyModel } from './tinyModel.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-detect-folders-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

// rec/b.wav, rec/a.wav, rec/sub/c.wav, rec/.hidden.wav, rec/notes.txt; one.wav beside it.
const rec = join(root, 'rec');
mkdirSync(join(rec, 'sub'), { recursive: true });
writeNoiseWav(join(rec, 'b.wav'), 2);
writeNoiseWav(join(rec, 'a.wav'), 3);
writeNoiseWav(join(rec, 'sub', 'c.wav'), 4);
writeNoiseWav(join(rec, '.hidden.wav'), 5);
writeFileSync(join(rec, 'notes.txt'), 'not audio\n');
const one = join(root, 'one.wav');
writeNoiseWav(one, 6);
const empty = join(root, 'empty');
mkdirSync(empty);
const textOnly = join(root, 'text-only');
mkdirSync(textOnly);
writeFileSync(join(textOnly, 'readme.md'), '# no audio\n');

const inRec = [join(rec, 'a.wav'), join(rec, 'b.wav'), join(rec, 'sub', 'c.wav')];

test('expandAudioPaths: folders become their audio files in name order; files stay', () => {
  const missing = join(root, 'missing.wav');
  assert.deepEqual(expandAudioPaths([one, rec, missing]), [one, ...inRec, missing]);
  assert.deepEqual(expandAudioPaths([rec, one]), [...inRec, one]);
  assert.deepEqual(expandAudioPaths([]), []);
});

test('expandAudioPaths: a folder without audio is an error naming it', () => {
  assert.throws(() => expandAudioPaths([one, empty]), {
    message: folderMessages.empty(empty, AUDIO_EXTENSIONS),
  });
  assert.throws(() => expandAudioPaths([textOnly]), {
    message: folderMessages.noAudio(textOnly, AUDIO_EXTENSIONS, 1, 'readme.md'),
  });
});

test('library detect(): a folder and a file mixed, each file scored in order', async () => {
  const model = join(root, 'M');
  await writeTinyModel(model);
  const results = await detect(model, [rec, one]);
  assert.deepEqual(
    results.map((r) => r.file),
    [...inRec, one],
  );
  for (const r of results) {
    assert.ok(!('error' in r), `scored ${r.file}`);
    assert.equal(r.anomalous, false);
    assert.ok(r.scores.length > 0);
  }
  await assert.rejects(detect(model, [one, empty]), {
    message: folderMessages.empty(empty, AUDIO_EXTENSIONS),
  });
});
