/**
 * Unpacks one verified archive into `<out>/<machine>/` safely: every entry is checked first
 * (placeEntry), so an unsafe one refuses the archive before a byte is written; the files are
 * then written to a temporary directory beside the output and the machine's directory is
 * renamed into place at the end, so an archive is either wholly unpacked or not at all.
 */
import { createWriteStream, existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { downloadMessages } from '../../messages/index.ts';
import { DownloadError } from './errors.ts';
import { isSymlinkMode, placeEntry, type LayoutRules } from './layout.ts';

interface UnpackResult {
  /** Files written (audio and extra). */
  files: number;
  /** Names of entries outside the layout that were left out. */
  skipped: string[];
}

/**
 * Unpacks `zipPath` (named `archive` in messages) into `out/<machine>`, using `workDir` (on
 * the same file system as `out`) for the temporary directory. `out/<machine>` must not exist.
 */
export async function unpackArchive(
  zipPath: string,
  archive: string,
  machine: string,
  rules: LayoutRules,
  out: string,
  workDir: string,
): Promise<UnpackResult> {
  const target = join(out, machine);
  if (existsSync(target))
    throw new DownloadError(downloadMessages.targetExists(archive, target), 2);
  let zip: yauzl.ZipFile;
  try {
    zip = await yauzl.openPromise(zipPath, {
      lazyEntries: true,
      autoClose: false,
      // Names are decoded below, so that the checks here (not yauzl's) name the entry.
      decodeStrings: false,
    });
  } catch (e) {
    throw new DownloadError(downloadMessages.badZip(archive, (e as Error).message), 2);
  }
  const tmp = join(workDir, `unpack-${archive}`);
  try {
    const { files, skipped } = await planArchive(zip, archive, machine, rules);
    await rm(tmp, { recursive: true, force: true });
    const root = resolve(tmp);
    for (const { entry, path } of files) {
      const dest = resolve(root, path);
      // placeEntry already refused every way out; this guards the join itself.
      if (!dest.startsWith(root + sep))
        throw new DownloadError(
          downloadMessages.unsafeEntry(archive, path, downloadMessages.parentDir()),
          2,
        );
      await mkdir(dirname(dest), { recursive: true });
      await pipeline(
        await zip.openReadStreamPromise(entry),
        createWriteStream(dest, { flags: 'wx' }),
      );
    }
    await rename(join(tmp, machine), target);
    return { files: files.length, skipped };
  } catch (e) {
    // File-system errors (a full disk, permissions) pass as they are; yauzl's are the archive's.
    if (e instanceof DownloadError || (e as NodeJS.ErrnoException).code !== undefined) throw e;
    throw new DownloadError(downloadMessages.badZip(archive, (e as Error).message), 2);
  } finally {
    zip.close();
    await rm(tmp, { recursive: true, force: true });
  }
}

interface Planned {
  entry: yauzl.Entry;
  /** Relative target path, "/"-separated. */
  path: string;
}

/** Reads the central directory and places every entry; throws on the first unsafe one. */
async function planArchive(
  zip: yauzl.ZipFile,
  archive: string,
  machine: string,
  rules: LayoutRules,
): Promise<{ files: Planned[]; skipped: string[] }> {
  const files: Planned[] = [];
  const skipped: string[] = [];
  const targets = new Set<string>();
  let audio = 0;
  for await (const entry of zip.eachEntry()) {
    const name = yauzl.getFileNameLowLevel(
      entry.generalPurposeBitFlag,
      entry.fileNameRaw,
      entry.extraFields,
      false,
    );
    const p = placeEntry(name, isSymlinkMode(entry.externalFileAttributes), machine, rules);
    if (p.kind === 'unsafe')
      throw new DownloadError(downloadMessages.unsafeEntry(archive, name, p.reason), 2);
    if (p.kind === 'skip') skipped.push(name);
    if (p.kind !== 'file') continue;
    if (targets.has(p.target))
      throw new DownloadError(
        downloadMessages.unsafeEntry(archive, name, downloadMessages.duplicate(p.target)),
        2,
      );
    targets.add(p.target);
    files.push({ entry, path: p.target });
    if (p.audio) audio++;
  }
  if (audio === 0)
    throw new DownloadError(downloadMessages.noLayoutFiles(archive, machine, rules.splits), 2);
  return { files, skipped };
}
