import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  appendFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusScales } from '../../../src/data/synthetic/config.ts';
import { planCorpus } from '../../../src/data/synthetic/plan.ts';
import { writeCorpus } from '../../../src/data/synthetic/write.ts';
import { readManifest } from '../../../src/data/manifest.ts';
import { corpusDirHoldsOther } from '../../../src/messages/index.ts';

// A smaller smoke corpus keeps these tests to a few seconds.
const config = {
  ...corpusScales.smoke,
  normalTrainSec: 12,
  normalTestSec: 10,
  otherSec: 15,
  fileSec: 5,
};
const root = mkdtempSync(join(tmpdir(), 'npasd-corpus-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

const shas = (dir: string) => readManifest(dir).files.map((f) => [f.path, f.sha256]);

test("same seed, same bytes; the manifest hashes are the files' hashes; another seed differs", async () => {
  const a = await writeCorpus(planCorpus(config, 1), join(root, 'a'));
  const b = await writeCorpus(planCorpus(config, 1), join(root, 'b'), { workers: 2 });
  assert.deepEqual(shas(join(root, 'b')), shas(join(root, 'a')));
  for (const f of a.files) {
    const bytes = readFileSync(join(root, 'a', f.path));
    assert.equal(createHash('sha256').update(bytes).digest('hex'), f.sha256, f.path);
    assert.equal(bytes.length, 44 + 2 * f.samples);
  }
  const c = await writeCorpus(planCorpus(config, 2), join(root, 'c'));
  const other = new Map(c.files.map((f) => [f.path, f.sha256]));
  for (const f of a.files) assert.notEqual(other.get(f.path), f.sha256, f.path);
  assert.equal(b.planHash, a.planHash);
  assert.ok(!existsSync(join(root, 'a', '.journal.jsonl')));
});

test('an interrupted run resumes: nothing lost, nothing duplicated, same bytes', async () => {
  const plan = planCorpus(config, 1);
  const dir = join(root, 'resume');
  let seen = 0;
  await assert.rejects(
    writeCorpus(plan, dir, {
      onProgress: (p) => {
        if (p.filesDone > 0 && ++seen === 7) throw new Error('simulated crash');
      },
    }),
    /simulated crash/,
  );
  // A torn last journal line, as a kill -9 in mid-write leaves it.
  const journal = join(dir, '.journal.jsonl');
  const lines = readFileSync(journal, 'utf8').trim().split('\n');
  assert.equal(lines.length, 7);
  // ...and a temp file of a WAV that was being written when the process died.
  writeFileSync(join(dir, 'other', '.half.wav.999.0.tmp'), 'partial');
  appendFileSync(journal, '{"planHash":"' + plan.planHash.slice(0, 9));
  const written: string[] = [];
  const m = await writeCorpus(plan, dir, {
    onProgress: (p) => written.push(String(p.filesDone)),
  });
  assert.equal(Number(written[0]), 7, 'resumed after the 7 journaled files');
  assert.equal(written.length, plan.files.length - 7 + 1);
  assert.deepEqual(shas(dir), shas(join(root, 'a')));
  assert.equal(m.files.length, plan.files.length);
  assert.ok(!existsSync(join(dir, 'other', '.half.wav.999.0.tmp')), 'stale temp file removed');
});

test('a directory holding another corpus is refused', async () => {
  await assert.rejects(writeCorpus(planCorpus(config, 2), join(root, 'a')), {
    message: corpusDirHoldsOther(join(root, 'a')),
  });
});
