/**
 * Our own JSON files, truncated (a kill or a full disk mid-write by another tool, a damaged
 * copy): every read names the file; a corrupt unit result is treated as unfinished (recomputed,
 * with a note); a corrupt cached corpus manifest makes the corpus be rebuilt; a corrupt
 * spec.resolved.json in a run directory is an error saying which file and what to do.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readJsonFile } from '../../src/util/readJson.ts';
import { badJsonFile, runMessages } from '../../src/messages/index.ts';
import { finishedUnit } from '../../src/experiment/unit.ts';
import { readRunSpec } from '../../src/experiment/runSpec.ts';
import { corpusScales } from '../../src/data/synthetic/config.ts';
import { planCorpus } from '../../src/data/synthetic/plan.ts';
import { writeCorpus } from '../../src/data/synthetic/write.ts';
import { readManifest } from '../../src/data/manifest.ts';

const dir = mkdtempSync(join(tmpdir(), 'npasd-json-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));

/** The bad-input corpus: a valid document cut short, and other damage. */
const TRUNCATED = '{ "key": "abc", "clips": [1, 2';

test('readJsonFile names the file and the reason', () => {
  const file = join(dir, 'cut.json');
  writeFileSync(file, TRUNCATED);
  assert.throws(
    () => readJsonFile(file),
    (e: Error) => {
      assert.ok(e.message.startsWith(`${file}: `), e.message);
      assert.ok(e.message.includes('not valid JSON'), e.message);
      return true;
    },
  );
  writeFileSync(file, '');
  assert.throws(() => readJsonFile(file), { message: badJsonFile(file, 'the file is empty') });
  writeFileSync(file, '{"a":1}');
  assert.deepEqual(readJsonFile(file), { a: 1 });
});

test('a truncated scores.json is an unfinished unit, with a note naming it', () => {
  const unitDir = join(dir, 'run', 'cells', 'main', 'prop', 'seed-1');
  mkdirSync(unitDir, { recursive: true });
  const scores = join(unitDir, 'scores.json');
  writeFileSync(scores, TRUNCATED);
  const notes: string[] = [];
  const unit = { id: 'main/prop/seed-1', key: 'abc' } as Parameters<typeof finishedUnit>[1];
  assert.equal(
    finishedUnit(join(dir, 'run'), unit, (n) => notes.push(n)),
    null,
  );
  assert.equal(notes.length, 1);
  assert.ok(notes[0].includes(scores), notes[0]);
  assert.ok(notes[0].includes('computed again'), notes[0]);
  // A whole one is read as before.
  writeFileSync(scores, JSON.stringify({ key: 'abc' }));
  assert.deepEqual(
    finishedUnit(join(dir, 'run'), unit, (n) => notes.push(n)),
    { key: 'abc' },
  );
});

test('a truncated spec.resolved.json in a run directory: an error naming it and what to do', () => {
  const path = join(dir, 'spec.resolved.json');
  writeFileSync(path, '{ "plan": "12');
  assert.throws(
    () => readRunSpec(path),
    (e: Error) => {
      assert.ok(e.message.startsWith(`${path}: not valid JSON`), e.message);
      assert.ok(e.message.includes(runMessages.runSpecDamaged()), e.message);
      return true;
    },
  );
  writeFileSync(path, JSON.stringify({ plan: 'p' }));
  assert.equal(readRunSpec(path).plan, 'p');
});

test('a truncated cached corpus manifest: the corpus is rebuilt, byte for byte', async () => {
  const config = {
    ...corpusScales.smoke,
    normalTrainSec: 6,
    normalTestSec: 5,
    otherSec: 5,
    fileSec: 5,
  };
  const plan = planCorpus(config, 1);
  const corpus = join(dir, 'corpus');
  const first = await writeCorpus(plan, corpus);
  const manifest = join(corpus, 'manifest.json');
  const whole = readFileSync(manifest, 'utf8');
  writeFileSync(manifest, whole.slice(0, whole.length / 2));
  const notes: string[] = [];
  const again = await writeCorpus(plan, corpus, { onNote: (n) => notes.push(n) });
  assert.deepEqual(again, first);
  assert.equal(readFileSync(manifest, 'utf8'), whole);
  assert.deepEqual(readManifest(corpus), first);
  assert.equal(notes.length, 1);
  assert.ok(notes[0].includes(manifest), notes[0]);
});
