/**
 * One `reproduce` per run directory: `<runDir>/.run.lock` holds the pid, host and start time of
 * the process running it, created exclusively (O_EXCL). A second `reproduce` on the same
 * directory refuses at once, naming the holder (it does not wait: a run takes minutes to weeks,
 * and the first one's results are what the second would compute). A lock whose process is dead
 * (same host, pid gone: a run killed with SIGKILL or a crashed machine) is stale and is taken
 * over; a lock from another host (a shared file system) cannot be checked and is refused, with
 * how to remove it. The lock is taken before spec.resolved.json and provenance.json are read or
 * written, so no run's attempts are lost to another's write.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { runMessages } from '../messages/index.ts';
import { pidAlive as alive } from '../util/pidAlive.ts';

export const LOCK_FILE = '.run.lock';

interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

function readLock(path: string): LockInfo | null {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as LockInfo;
    return Number.isInteger(v?.pid) && typeof v.host === 'string' ? v : null;
  } catch {
    return null; // Unreadable (a writer killed between create and write): stale.
  }
}

/** Takes the run directory's lock (the directory exists); returns its release function. */
export function lockRunDir(runDir: string): () => void {
  const path = join(runDir, LOCK_FILE);
  const me: LockInfo = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      const held = readLock(path);
      if (held && held.host !== me.host)
        throw new Error(runMessages.runLockedElsewhere(runDir, held.pid, held.host, path), {
          cause: e,
        });
      if (held && alive(held.pid) && held.pid !== process.pid)
        throw new Error(runMessages.runLocked(runDir, held.pid, held.started), { cause: e });
      rmSync(path, { force: true }); // stale: its process is gone
      continue;
    }
    writeSync(fd, `${JSON.stringify(me)}\n`);
    closeSync(fd);
    return () => {
      if (readLock(path)?.pid === process.pid) rmSync(path, { force: true });
    };
  }
  const held = readLock(path);
  throw new Error(runMessages.runLocked(runDir, held?.pid ?? -1, held?.started ?? '?'));
}
