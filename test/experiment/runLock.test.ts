/**
 * The run-directory lock: a second holder is refused naming the first (pid, start); a lock left
 * by a dead process (same host) is taken over; another host's lock is refused with how to remove
 * it; release removes only our own lock. reproduce on a locked run directory is refused before it
 * touches spec.resolved.json or provenance.json; an unwritable --out is said to be unwritable.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { LOCK_FILE, lockRunDir } from '../../src/experiment/runLock.ts';
import { reproduce } from '../../src/experiment/runner.ts';
import { fileMessages, runMessages } from '../../src/messages/index.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-lock-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
const DEAD = 2 ** 22 + 1; // above Linux's default pid_max: never a live process
const lockAs = (dir: string, pid: number, host = hostname(), started = '2026-01-01T00:00:00Z') =>
  writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host, started }));

test('lockRunDir: exclusive; a dead holder is taken over; another host is refused', () => {
  const dir = join(root, 'a');
  mkdirSync(dir);
  const release = lockRunDir(dir);
  const held = JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));
  assert.equal(held.pid, process.pid);
  assert.equal(held.host, hostname());
  release();
  assert.ok(!existsSync(join(dir, LOCK_FILE)));

  lockAs(dir, process.ppid); // a live process
  assert.throws(() => lockRunDir(dir), {
    message: runMessages.runLocked(dir, process.ppid, '2026-01-01T00:00:00Z'),
  });
  lockAs(dir, DEAD); // killed with SIGKILL: stale
  const r2 = lockRunDir(dir);
  assert.equal(JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8')).pid, process.pid);
  r2();
  writeFileSync(join(dir, LOCK_FILE), '{"pi'); // killed while writing the lock: stale
  lockRunDir(dir)();
  lockAs(dir, 123, 'elsewhere');
  assert.throws(() => lockRunDir(dir), {
    message: runMessages.runLockedElsewhere(dir, 123, 'elsewhere', join(dir, LOCK_FILE)),
  });
});

test('reproduce on a run directory another reproduce holds is refused; provenance untouched', async () => {
  const dir = join(root, 'busy');
  mkdirSync(dir);
  lockAs(dir, process.ppid);
  await assert.rejects(
    reproduce({ spec: 'table1', scale: 'smoke', out: dir, jobs: 1, stream: quiet }),
    { message: runMessages.runLocked(dir, process.ppid, '2026-01-01T00:00:00Z') },
  );
  assert.ok(!existsSync(join(dir, 'spec.resolved.json')));
  assert.ok(!existsSync(join(dir, 'provenance.json')));
});

test('reproduce --out where a directory cannot be made says it cannot write there', async () => {
  const file = join(root, 'plain-file');
  writeFileSync(file, 'x');
  const out = join(file, 'run');
  await assert.rejects(reproduce({ spec: 'table1', scale: 'smoke', out, jobs: 1, stream: quiet }), {
    message: fileMessages.notWritable(out, 'a part of the path is not a directory (ENOTDIR)'),
  });
});
