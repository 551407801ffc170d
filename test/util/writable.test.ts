import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { epochLogLine, type EpochLog } from '../../src/models/train.ts';
import { checkCreatable } from '../../src/util/writable.ts';
import { DetectOutput } from '../../src/recordings/detectOutput.ts';
import { reproduce } from '../../src/experiment/runner.ts';
import { downloadMessages, fileMessages } from '../../src/messages/index.ts';
import { loadCatalogue } from '../../src/data/download/catalogue.ts';
import { downloadDataset } from '../../src/data/download/dataset.ts';

const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

const root = mkdtempSync(join(tmpdir(), 'npasd-writable-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

test('checkCreatable: a new path under a writable directory passes, creating nothing', () => {
  checkCreatable(join(root, 'a', 'b', 'model'));
  assert.ok(!existsSync(join(root, 'a')));
  const file = join(root, 'file');
  writeFileSync(file, 'x');
  assert.throws(() => checkCreatable(join(file, 'model')), { code: 'ENOTDIR' });
});

test('train-log.jsonl lines leave out wall-clock seconds: identical runs, identical bytes', () => {
  const log: EpochLog = { model: 'ae', epoch: 1, steps: 10, seconds: 1.234, loss: 0.5, recon: 0.5 };
  const again = { ...log, seconds: 9.876 };
  assert.equal(epochLogLine(log), epochLogLine(again));
  assert.deepEqual(JSON.parse(epochLogLine(log)), {
    model: 'ae',
    epoch: 1,
    steps: 10,
    loss: 0.5,
    recon: 0.5,
  });
});

test('a read-only file system is named as such (a read-only tmpfs; needs mount rights)', async (t) => {
  const ro = join(root, 'ro');
  mkdirSync(ro);
  const mounted =
    spawnSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=64k', 'tmpfs', ro]).status === 0;
  if (!mounted) return t.skip('cannot mount a read-only tmpfs here (needs root)');
  try {
    assert.throws(() => checkCreatable(join(ro, 'model')), { code: 'EROFS' });
    const out = join(ro, 'out.csv');
    assert.throws(() => new DetectOutput(out), {
      message: fileMessages.notWritable(out, 'the file system is read-only (EROFS)'),
    });
    const run = join(ro, 'run');
    await assert.rejects(
      reproduce({ spec: 'table1', scale: 'smoke', out: run, jobs: 1, stream: quiet }),
      { message: fileMessages.notWritable(run, 'the file system is read-only (EROFS)') },
    );
    const dl = join(ro, 'dcase');
    await assert.rejects(
      downloadDataset({ catalogue: loadCatalogue(), dataset: 'dcase2020', out: dl }),
      { message: downloadMessages.localOut(dl, 'the file system is read-only (EROFS)') },
    );
  } finally {
    spawnSync('umount', [ro]);
  }
});
