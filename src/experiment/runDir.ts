/**
 * The run directory of `npasd reproduce` (I/O edge): checked before anything is written, so a
 * mistyped `--out` never overwrites someone's files. A directory is used when it is absent,
 * empty (hidden temp files of an interrupted atomic write aside) or an npasd run directory of
 * the same plan (its spec.resolved.json has the plan's hash: the run is resumed). Anything else
 * is refused with the directory named: a file, a folder with other files, another plan's run,
 * and always the file-system root and the home directory.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, parse, resolve } from 'node:path';
import { runMessages } from '../messages/index.ts';
import { readRunSpec } from './runSpec.ts';

/** Hidden names the run's own writers leave behind when killed (atomicWrite.ts, runLock.ts). */
const LEFTOVER = /^\.[^/]+\.\d+\.(tmp|lock)$|^\.run\.lock$/;

/** 'new' (absent or empty) or 'resume' (a run directory of `planHash`); throws otherwise. */
export function checkRunDir(dir: string, planHash: string): 'new' | 'resume' {
  const abs = resolve(dir);
  const real = existsSync(abs) ? realpathSync(abs) : abs;
  const home = existsSync(homedir()) ? realpathSync(homedir()) : resolve(homedir());
  if (real === parse(real).root || real === home) throw new Error(runMessages.runDirSystem(dir));
  if (!existsSync(abs)) return 'new';
  if (!statSync(abs).isDirectory()) throw new Error(runMessages.runDirNotDir(dir));
  const resolvedPath = join(abs, 'spec.resolved.json');
  if (existsSync(resolvedPath)) {
    // A damaged one is an error naming it and what to do (runSpec.ts).
    const { plan } = readRunSpec(resolvedPath);
    if (plan !== planHash) throw new Error(runMessages.runDirHoldsOther(dir));
    return 'resume';
  }
  if (readdirSync(abs).some((name) => !LEFTOVER.test(name))) {
    throw new Error(runMessages.runDirNotRun(dir));
  }
  return 'new';
}
