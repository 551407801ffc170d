import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { epochLogLine, type EpochLog } from '../../src/models/train.ts';
import { checkCreatable } from '../../src/util/writable.ts';

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
