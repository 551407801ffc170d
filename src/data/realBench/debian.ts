/**
 * The Debian tools the real-sound benchmark uses (I/O edge): `apt-get download` (no root
 * needed; the .deb lands in the working directory), `dpkg-deb -f` (a control field) and
 * `dpkg-deb -x` (unpack without installing).
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { realBenchMessages } from '../../messages/index.ts';

/** Runs `cmd args` in `cwd`; resolves to stdout, rejects with the command and its stderr. */
export function run(cmd: string, args: string[], cwd?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new Error(`${cmd}: ${e.message}`)));
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(new Error(realBenchMessages.toolFailed(`${cmd} ${args.join(' ')}`, code, err))),
    );
  });
}

/** A function that puts `pkg`'s .deb into `dir` and returns its path. */
export type FetchDeb = (pkg: string, dir: string) => Promise<string>;

/** apt-get download, then the package's .deb in `dir`. */
export const aptDownload: FetchDeb = async (pkg, dir) => {
  await run('apt-get', ['download', pkg], dir);
  return findDeb(pkg, dir);
};

/** The .deb of `pkg` in `dir` (the newest name if several). */
export function findDeb(pkg: string, dir: string): string {
  const debs = readdirSync(dir)
    .filter((f) => f.startsWith(`${pkg}_`) && f.endsWith('.deb'))
    .sort();
  if (debs.length === 0) throw new Error(realBenchMessages.noDeb(pkg, dir));
  return join(dir, debs[debs.length - 1]);
}

/** A control field (Version, Package, ...) of a .deb. */
export async function debField(deb: string, field: string): Promise<string> {
  return (await run('dpkg-deb', ['-f', deb, field])).trim();
}

/** Unpacks `deb` into `dir`. */
export async function debExtract(deb: string, dir: string): Promise<void> {
  await run('dpkg-deb', ['-x', deb, dir]);
}
