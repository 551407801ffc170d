/**
 * `npasd detect --out FILE` (I/O edge): checked before any scoring, written atomically.
 *
 * checkDetectOut refuses an output that is one of the inputs or lies in the model directory
 * (compared by real path, so through symbolic links, and by inode, so through hard links), and
 * an existing output that is not a regular file (a directory, a device, a pipe).
 *
 * DetectOutput writes into a hidden temporary sibling `.<name>.<pid>.tmp` created when it is
 * opened (so an unwritable or read-only target fails before any scoring) and renamed over FILE
 * at the end, so FILE is whole or untouched. A failed write (disk full, I/O error) is an
 * OutputError naming FILE, never an input. The temporary file is removed on failure and on
 * SIGINT, SIGTERM and SIGHUP; one left by a process killed with SIGKILL is removed by the next
 * run that writes the same FILE (its pid is no longer alive).
 */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileMessages, fsReason, ownDataMessages } from '../messages/index.ts';
import { tempSibling } from '../util/atomicWrite.ts';
import { checkCreatable } from '../util/writable.ts';
import { pidAlive as alive } from '../util/pidAlive.ts';

/** A failure to write the output file (as opposed to a failure to score an input). */
export class OutputError extends Error {
  override name = 'OutputError';
}

/** The real path `p` names: symbolic links resolved in its longest existing prefix. */
export function realTarget(p: string): string {
  const abs = resolve(p);
  if (existsSync(abs)) return realpathSync(abs);
  const rest: string[] = [];
  let dir = abs;
  while (!existsSync(dir) && dirname(dir) !== dir) {
    rest.unshift(basename(dir));
    dir = dirname(dir);
  }
  return join(realpathSync(dir), ...rest);
}

const inside = (parent: string, child: string): boolean => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
};

/** Throws when writing `out` would replace an input or a file of the model, or is not a file. */
export function checkDetectOut(out: string, modelDir: string, inputs: readonly string[]): void {
  const real = realTarget(out);
  const outStat = existsSync(real) ? statSync(real) : null;
  if (existsSync(modelDir) && inside(realpathSync(modelDir), real)) {
    throw new Error(ownDataMessages.outInModel(out, modelDir));
  }
  for (const input of inputs) {
    if (!existsSync(input)) continue;
    const s = statSync(input);
    if (realpathSync(input) === real || (outStat && s.ino === outStat.ino && s.dev === outStat.dev))
      throw new Error(ownDataMessages.outIsInput(out, input));
  }
  if (outStat && !outStat.isFile()) throw new Error(ownDataMessages.outNotFile(out));
}

/** Removes `.<name>.<pid>.tmp` siblings of `path` left by processes that are no longer alive. */
export function removeStaleTemps(path: string): string[] {
  const dir = dirname(path);
  if (!existsSync(dir)) return [];
  const prefix = `.${basename(path)}.`;
  const removed: string[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.startsWith(prefix) || !name.endsWith('.tmp')) continue;
    const pid = Number(name.slice(prefix.length, -'.tmp'.length));
    if (!Number.isInteger(pid) || pid === process.pid || alive(pid)) continue;
    rmSync(join(dir, name), { force: true });
    removed.push(name);
  }
  return removed;
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** An output file written through a temporary sibling and renamed into place by commit(). */
export class DetectOutput {
  private fd: number | null;
  private readonly tmp: string;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    this.abort();
    // Then the signal's default action (the handlers are gone): exit as killed by it.
    process.kill(process.pid, signal);
  };

  /** Opens the temporary file now: an unwritable target fails here, before any work. */
  constructor(readonly path: string) {
    this.tmp = tempSibling(path, 'tmp');
    try {
      checkCreatable(path);
      mkdirSync(dirname(path), { recursive: true });
      removeStaleTemps(path);
      rmSync(this.tmp, { force: true });
      this.fd = openSync(this.tmp, 'wx');
    } catch (e) {
      throw new OutputError(fileMessages.notWritable(path, fsReason(e)), { cause: e });
    }
    for (const s of SIGNALS) process.once(s, this.onSignal);
  }

  write(text: string): void {
    if (this.fd === null) throw new Error('DetectOutput: write after commit or abort');
    try {
      const bytes = Buffer.from(text);
      for (let at = 0; at < bytes.length;) at += writeSync(this.fd, bytes, at);
    } catch (e) {
      this.abort();
      throw new OutputError(fileMessages.writeFailed(this.path, fsReason(e)), { cause: e });
    }
  }

  /** Closes and renames the temporary file over `path`. */
  commit(): void {
    if (this.fd === null) throw new Error('DetectOutput: commit after commit or abort');
    try {
      closeSync(this.fd);
      this.fd = null;
      renameSync(this.tmp, this.path);
    } catch (e) {
      this.abort();
      throw new OutputError(fileMessages.writeFailed(this.path, fsReason(e)), { cause: e });
    }
    this.release();
  }

  /** Drops the temporary file (idempotent). */
  abort(): void {
    if (this.fd !== null) {
      try {
        closeSync(this.fd);
      } catch {
        // Already failing: the temporary file is removed below either way.
      }
      this.fd = null;
    }
    rmSync(this.tmp, { force: true });
    this.release();
  }

  private release(): void {
    for (const s of SIGNALS) process.removeListener(s, this.onSignal);
  }
}
