/**
 * Can a file or directory be created at `path`? Checked before long work (training), without
 * creating anything: the nearest existing ancestor must be a directory this process may write
 * (access W_OK, which also reports a read-only file system as EROFS). Throws the system error.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function checkCreatable(path: string): void {
  let dir = dirname(resolve(path));
  while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
  if (!statSync(dir).isDirectory()) {
    throw Object.assign(new Error(`ENOTDIR: not a directory, ${dir}`), {
      code: 'ENOTDIR',
      syscall: 'access',
      path: dir,
    });
  }
  accessSync(dir, constants.W_OK);
}
