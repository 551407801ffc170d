/**
 * Downloads a catalogued dataset into `<out>`: per archive, fetch it (resuming a kept .part),
 * verify its md5, unpack it into `<out>/<machine>/{train,test}/`, record it in
 * `<out>/download.json`. Archives and partial downloads live in `<out>/.download/` (hidden, so
 * that the machine types are the only directories a dataset reader sees). Running again skips
 * what is done: unpacked archives are not touched, a complete archive is verified, not fetched.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { downloadMessages, fsReason } from '../../messages/index.ts';
import { hashFile } from '../../util/hashFile.ts';
import { checkCreatable } from '../../util/writable.ts';
import { fileUrl, getDataset, selectFiles, type Catalogue, type DatasetFile } from './catalogue.ts';
import { DownloadError } from './errors.ts';
import { fetchFile } from './http.ts';
import { compileLayout } from './layout.ts';
import { readState, writeState } from './state.ts';
import { unpackArchive, type UnpackLimits } from './unzip.ts';

export interface DownloadOptions {
  catalogue: Catalogue;
  /** Catalogue key, e.g. "dcase2020". */
  dataset: string;
  out: string;
  /** Machine types to fetch; all when undefined. */
  machines?: readonly string[];
  /** Replaces the catalogue's scheme and host (a mirror, or a test server). */
  baseUrl?: string;
  /** Retries per archive after a lost connection or a 5xx (default 3). */
  retries?: number;
  retryDelayMs?: number;
  idleTimeoutMs?: number;
  stallMs?: number;
  stallBytes?: number;
  /** Per archive; default 10 min + its size at 32 KiB/s (src/data/download/http.ts). */
  deadlineMs?: number;
  /** Bounds on what an archive may expand to (src/data/download/unzip.ts). */
  limits?: UnpackLimits;
  /** Remove each archive once it is unpacked (download.json still records it). */
  deleteArchives?: boolean;
  /** Byte progress of archive `file`. */
  onProgress?: (file: string, done: number, total: number | undefined) => void;
  /** Lines for the user: what was done, skipped or retried. */
  log?: (line: string) => void;
}

/** Names of the selected archives, all of them unpacked in `out` by this run or an earlier one. */
export async function downloadDataset(opts: DownloadOptions): Promise<string[]> {
  const dataset = getDataset(opts.catalogue, opts.dataset);
  const files = selectFiles(dataset, opts.machines);
  const log = opts.log ?? (() => {});
  const state = readState(opts.out, dataset.id, dataset.record);
  const work = join(opts.out, '.download');
  try {
    // (A recursive mkdir on a read-only file system says ENOENT: ask the real question first.)
    if (!existsSync(work)) checkCreatable(work);
    mkdirSync(work, { recursive: true });
    writeState(opts.out, state);
  } catch (e) {
    // A read-only or full --out: said so, not reported as a network failure (or a bare ENOENT).
    throw new DownloadError(downloadMessages.localOut(opts.out, fsReason(e)), 2);
  }
  const rules = compileLayout(dataset.layout);
  // Before fetching gigabytes: a machine directory this command did not unpack is not replaced.
  for (const file of files) {
    const dir = join(opts.out, file.machine);
    if (existsSync(dir) && state.archives[file.name]?.md5 !== file.md5)
      throw new DownloadError(downloadMessages.targetExists(file.name, dir), 2);
  }
  for (const file of files) {
    const machineDir = join(opts.out, file.machine);
    if (state.archives[file.name]?.md5 === file.md5 && existsSync(machineDir)) {
      log(downloadMessages.alreadyUnpacked(file.name, machineDir));
      continue;
    }
    const archive = join(work, file.name);
    await obtain(file, archive, fileUrl(dataset, file, opts.baseUrl), opts, log);
    const res = await unpackArchive(
      archive,
      file.name,
      file.machine,
      rules,
      opts.out,
      work,
      opts.limits,
    );
    if (res.skipped.length > 0)
      log(downloadMessages.skipped(file.name, res.skipped.length, res.skipped.slice(0, 3)));
    state.archives[file.name] = { md5: file.md5, machine: file.machine, files: res.files };
    writeState(opts.out, state);
    log(downloadMessages.unpacked(file.name, res.files, machineDir));
    if (opts.deleteArchives) await rm(archive, { force: true });
  }
  return files.map((f) => f.name);
}

/** A verified archive at `archive`: the one there if its md5 is right, else fetched. */
async function obtain(
  file: DatasetFile,
  archive: string,
  url: string,
  opts: DownloadOptions,
  log: (line: string) => void,
): Promise<void> {
  if (existsSync(archive)) {
    await verify(file, archive);
    log(downloadMessages.verified(file.name));
    return;
  }
  const t0 = Date.now();
  const got = await fetchFile(url, archive, {
    label: file.name,
    expectedBytes: file.bytes,
    retries: opts.retries,
    retryDelayMs: opts.retryDelayMs,
    idleTimeoutMs: opts.idleTimeoutMs,
    stallMs: opts.stallMs,
    stallBytes: opts.stallBytes,
    deadlineMs: opts.deadlineMs,
    onProgress: (done, total) => opts.onProgress?.(file.name, done, total),
    onNote: log,
  });
  await verify(file, archive);
  log(downloadMessages.downloaded(file.name, got.bytes, (Date.now() - t0) / 1000));
}

/** md5 of the archive against the catalogue's; a wrong one is moved aside (exit code 2). */
async function verify(file: DatasetFile, archive: string): Promise<void> {
  const actual = await hashFile(archive, 'md5');
  if (actual === file.md5) return;
  const aside = `${archive}.bad`;
  await rename(archive, aside);
  throw new DownloadError(downloadMessages.checksumMismatch(file.name, file.md5, actual, aside), 2);
}
