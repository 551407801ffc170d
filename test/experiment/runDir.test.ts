/**
 * The run directory of `reproduce --out DIR` is checked before anything is written: an absent or
 * empty directory, or an npasd run directory of the same plan, is used; anything else (an
 * unrelated folder with files, the file-system root, the home directory, another plan's run)
 * is refused with the directory named, and nothing in it changes.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { checkRunDir } from '../../src/experiment/runDir.ts';
import { reproduce } from '../../src/experiment/runner.ts';
import { runMessages } from '../../src/messages/index.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-rundir-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

test('reproduce --out an unrelated non-empty folder is refused, naming it; nothing there changes', async () => {
  const dir = join(root, 'mine');
  mkdirSync(join(dir, 'charts'), { recursive: true });
  writeFileSync(join(dir, 'report.md'), 'my notes\n');
  writeFileSync(join(dir, 'table1.csv'), 'a,b\n');
  writeFileSync(join(dir, 'charts', 'x.png'), 'png');
  const before = readdirSync(dir, { recursive: true }).sort();
  await assert.rejects(
    reproduce({ spec: 'table1', scale: 'smoke', out: dir, jobs: 1, stream: quiet }),
    { message: runMessages.runDirNotRun(dir) },
  );
  assert.deepEqual(readdirSync(dir, { recursive: true }).sort(), before);
  assert.equal(readFileSync(join(dir, 'report.md'), 'utf8'), 'my notes\n');
  assert.equal(readFileSync(join(dir, 'table1.csv'), 'utf8'), 'a,b\n');
});

test('checkRunDir: absent, empty or same-plan run directories pass; the root, home and others are refused', () => {
  assert.equal(checkRunDir(join(root, 'absent'), 'p1'), 'new');
  const empty = join(root, 'empty');
  mkdirSync(empty);
  assert.equal(checkRunDir(empty, 'p1'), 'new');
  const run = join(root, 'run');
  mkdirSync(run);
  writeFileSync(join(run, 'spec.resolved.json'), JSON.stringify({ plan: 'p1' }));
  writeFileSync(join(run, 'log.txt'), 'x');
  assert.equal(checkRunDir(run, 'p1'), 'resume');
  assert.throws(() => checkRunDir(run, 'p2'), { message: runMessages.runDirHoldsOther(run) });
  assert.throws(() => checkRunDir('/', 'p1'), { message: runMessages.runDirSystem('/') });
  assert.throws(() => checkRunDir(homedir(), 'p1'), {
    message: runMessages.runDirSystem(homedir()),
  });
  const file = join(root, 'a-file');
  writeFileSync(file, 'x');
  assert.throws(() => checkRunDir(file, 'p1'), { message: runMessages.runDirNotDir(file) });
  // Only hidden temp files of an interrupted atomic write: still a new run directory.
  const interrupted = join(root, 'interrupted');
  mkdirSync(interrupted);
  writeFileSync(join(interrupted, '.spec.resolved.json.123.tmp'), '{');
  assert.equal(checkRunDir(interrupted, 'p1'), 'new');
});
