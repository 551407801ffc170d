/**
 * Unpacks one verified archive into `<out>/<machine>/` safely: every entry is checked first
 * (placeEntry), so an unsafe one refuses the archive before a byte is written; the files are
 * then written to a temporary directory beside the output and the machine's directory is
 * renamed into place at the end, so an archive is either wholly unpacked or not at all.
 *
 * Bounds: the entries' declared sizes must add up to at most `maxExpandedBytes` and at most
 * `maxRatio` times the archive's size (WAV audio barely compresses: a DCASE archive expands by
 * ~1.1x; a zip bomb by 1000x), and fit in the free space of the output's file system; yauzl
 * checks that each entry inflates to exactly its declared size, and each entry's CRC-32 is
 * computed while it is written and compared with the archive's. File-system failures (a full
 * disk, a read-only output) are reported as local errors naming the path, not as archive or
 * network errors.
 */
import { createWriteStream, existsSync, statfsSync, statSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { downloadMessages, fsReason } from '../../messages/index.ts';
import { crc32 } from '../../util/crc32.ts';
import { DownloadError } from './errors.ts';
import { isSymlinkMode, placeEntry, type LayoutRules } from './layout.ts';

/** Limits on what an archive may expand to. */
export interface UnpackLimits {
  /** Absolute cap on the sum of the entries' sizes; default 64 GiB. */
  maxExpandedBytes?: number;
  /** Cap relative to the archive's size; default 20. */
  maxRatio?: number;
}

export const DEFAULT_MAX_EXPANDED_BYTES = 64 * 2 ** 30;
const DEFAULT_MAX_RATIO = 20;

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
  limits: UnpackLimits = {},
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
    checkExpandedSize(files, zipPath, archive, workDir, limits);
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
      let crc = 0;
      const check = new Transform({
        transform(chunk: Buffer, _enc, done) {
          crc = crc32(chunk, crc);
          done(null, chunk);
        },
      });
      await pipeline(
        await zip.openReadStreamPromise(entry),
        check,
        createWriteStream(dest, { flags: 'wx' }),
      );
      if (crc !== entry.crc32 >>> 0)
        throw new DownloadError(downloadMessages.badCrc(archive, path, entry.crc32 >>> 0, crc), 2);
    }
    await rename(join(tmp, machine), target);
    return { files: files.length, skipped };
  } catch (e) {
    if (e instanceof DownloadError) throw e;
    // File-system errors (a full disk, a read-only output) are local; yauzl's are the archive's.
    if ((e as NodeJS.ErrnoException).syscall !== undefined)
      throw new DownloadError(downloadMessages.localWrite(archive, workDir, fsReason(e)), 2);
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

/** Refuses an archive whose entries would expand past the limits or the free space. */
function checkExpandedSize(
  files: Planned[],
  zipPath: string,
  archive: string,
  workDir: string,
  limits: UnpackLimits,
): void {
  const total = files.reduce((acc, f) => acc + f.entry.uncompressedSize, 0);
  const ratioCap = (limits.maxRatio ?? DEFAULT_MAX_RATIO) * statSync(zipPath).size;
  const cap = Math.min(limits.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES, ratioCap);
  if (total > cap)
    throw new DownloadError(
      downloadMessages.tooLarge(archive, total, cap, limits.maxRatio ?? DEFAULT_MAX_RATIO),
      2,
    );
  const fs = statfsSync(workDir);
  const free = fs.bavail * fs.bsize;
  if (total > free)
    throw new DownloadError(downloadMessages.noSpace(archive, total, free, workDir), 2);
}
