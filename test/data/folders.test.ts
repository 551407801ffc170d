/**
 * The `folders` data source: recordings in directories become a corpus with the synthetic
 * corpus's manifest (D pieces with a seeded hold-out, O, categorised anomalies), cached by
 * content; bad folders and files are errors naming them before anything is written.
 * `reproduce` on such a spec runs end to end in test/e2e/folders-reproduce.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { anomalyIdOf, categoryOf, holdOut, prepareFolderCorpus } from '../../src/data/folders.ts';
import type { FolderCorpusConfig } from '../../src/data/sources.ts';
import { folderMessages, folderSourceMessages } from '../../src/messages/index.ts';
import { engineGenerator, defaultEngineParams } from '../../src/synth/engine.ts';
import { renderAll } from '../../src/synth/source.ts';
import { makeRng } from '../../src/util/rng.ts';

const SR = 16000;
const root = mkdtempSync(join(tmpdir(), 'npasd-folders-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

const engine = (sec: number, seed: number): Float32Array =>
  renderAll(engineGenerator.create(defaultEngineParams, makeRng(seed, 'f'), SR), sec * SR);
const knock = (sec: number): Float32Array =>
  Float32Array.from({ length: sec * SR }, (_, i) => Math.exp(-i / 400) * Math.sin(i * 0.3));

/** normal/ (4 x 12 s), other/ (2 x 8 s), anomalies/{sudden/knock.wav, flat.wav}. */
function fixture(name: string): Record<'normal' | 'other' | 'anomalies', string> {
  const dir = join(root, name);
  const d = { normal: join(dir, 'normal'), other: join(dir, 'other'), anomalies: join(dir, 'an') };
  for (const p of [d.normal, d.other, join(d.anomalies, 'sudden')])
    mkdirSync(p, { recursive: true });
  for (let i = 0; i < 4; i++) writeWav(join(d.normal, `n${i}.wav`), engine(12, i), SR);
  for (let i = 0; i < 2; i++) writeWav(join(d.other, `o${i}.wav`), engine(8, 10 + i), SR);
  writeWav(join(d.anomalies, 'sudden', 'knock.wav'), knock(1), SR);
  writeWav(join(d.anomalies, 'flat one.wav'), knock(3), SR);
  return d;
}

const config = (d: ReturnType<typeof fixture>, over = {}): FolderCorpusConfig => ({
  source: 'folders',
  sampleRate: SR,
  fileSec: 5,
  folders: {
    normal: d.normal,
    normalTest: '',
    testFraction: 0.25,
    other: d.other,
    anomalies: d.anomalies,
    ...over,
  },
});

test('ids, categories and the seeded hold-out', () => {
  assert.equal(anomalyIdOf('sudden/a b.flac'), 'sudden-a_b');
  assert.equal(categoryOf('sudden/x.wav'), 'sudden');
  assert.equal(categoryOf('time-varying/deep/x.wav'), 'time-varying');
  assert.equal(categoryOf('other/x.wav'), 'uncategorised');
  assert.equal(categoryOf('sudden.wav'), 'uncategorised');
  const a = holdOut(12, 0.25, 1);
  assert.equal(a.size, 3);
  assert.deepEqual(holdOut(12, 0.25, 1), a);
  assert.notDeepEqual([...holdOut(12, 0.25, 2)], [...a]);
  assert.equal(holdOut(2, 0.01, 1).size, 1);
  assert.equal(holdOut(2, 0.99, 1).size, 1);
  assert.throws(
    () => holdOut(1, 0.2, 1),
    (e: Error) => e.message === folderSourceMessages.tooFewPieces(1),
  );
});

test('a folder corpus: D cut into pieces with 25% held out, O, anomalies whole; cached by content', async () => {
  const d = fixture('a');
  const cache = join(root, 'cache-a');
  const { dir, manifest } = await prepareFolderCorpus(config(d), 1, cache);
  const of = (role: string, split?: string) =>
    manifest.files.filter((f) => f.role === role && (split === undefined || f.split === split));
  // 4 files of 12 s at <= 5 s: 3 pieces of 4 s each = 12 pieces; round(0.25 x 12) = 3 held out.
  assert.equal(of('normal', 'train').length, 9);
  assert.equal(of('normal', 'test').length, 3);
  assert.ok(of('normal').every((f) => f.samples === 4 * SR));
  assert.equal(of('other').length, 4);
  const anomalies = of('anomaly');
  assert.deepEqual(
    anomalies.map((f) => [f.path, f.category, f.anomalyId, f.samples]),
    [
      ['anomaly/uncategorised/flat_one.wav', 'uncategorised', 'flat_one', 3 * SR],
      ['anomaly/sudden/sudden-knock.wav', 'sudden', 'sudden-knock', SR],
    ],
  );
  for (const f of manifest.files) assert.ok(existsSync(join(dir, f.path)), f.path);
  // Same content: the same directory, not rebuilt; a changed file: another corpus.
  const again = await prepareFolderCorpus(config(d), 1, cache);
  assert.equal(again.dir, dir);
  assert.equal(again.manifest.planHash, manifest.planHash);
  assert.notEqual(
    (await prepareFolderCorpus(config(d), 2, cache)).manifest.planHash,
    manifest.planHash,
  );
  writeWav(join(d.normal, 'n0.wav'), engine(12, 99), SR);
  const changed = await prepareFolderCorpus(config(d), 1, cache);
  assert.notEqual(changed.dir, dir);
  // An explicit test folder: nothing held out of D.
  const t = await prepareFolderCorpus(config(d, { normalTest: d.other }), 1, cache);
  const tf = t.manifest.files.filter((f) => f.role === 'normal');
  assert.equal(tf.filter((f) => f.split === 'train').length, 12);
  assert.equal(tf.filter((f) => f.split === 'test').length, 4);
});

test('bad folders and files: errors naming them, and nothing is left in the cache', async () => {
  const d = fixture('bad');
  const cache = join(root, 'cache-bad');
  const missing = join(root, 'nope');
  await assert.rejects(
    prepareFolderCorpus(config(d, { other: missing }), 1, cache),
    (e: Error) => e.message === folderMessages.missing(missing),
  );
  await assert.rejects(
    prepareFolderCorpus(config(d, { anomalies: '' }), 1, cache),
    (e: Error) => e.message === folderSourceMessages.required('anomalies'),
  );
  const empty = join(root, 'empty');
  mkdirSync(empty);
  await assert.rejects(prepareFolderCorpus(config(d, { other: empty }), 1, cache), (e: Error) =>
    e.message.startsWith(`${empty}: `),
  );
  writeFileSync(join(d.other, 'broken.wav'), 'RIFF....WAVEjunk');
  await assert.rejects(prepareFolderCorpus(config(d), 1, cache), (e: Error) =>
    e.message.includes(join(d.other, 'broken.wav')),
  );
  const left = existsSync(join(cache, 'recordings')) ? readdirSync(join(cache, 'recordings')) : [];
  assert.deepEqual(left, []);
});
