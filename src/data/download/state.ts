/**
 * `<out>/download.json`: which dataset an output directory holds and which archives (by md5)
 * are wholly unpacked in it. Written after each archive is renamed into place, so a later run
 * skips exactly those, and a directory holding another dataset is refused.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../../util/atomicWrite.ts';
import { downloadMessages } from '../../messages/index.ts';
import { DownloadError } from './errors.ts';

interface UnpackedArchive {
  md5: string;
  machine: string;
  /** Files written from it. */
  files: number;
}

export interface DownloadState {
  format: 'npasd-download';
  version: 1;
  dataset: string;
  record: string;
  /** By archive name. */
  archives: Record<string, UnpackedArchive>;
}

const statePath = (out: string): string => join(out, 'download.json');

/** The state of `out` for `dataset`: a fresh one when there is none; refused if another's. */
export function readState(out: string, dataset: string, record: string): DownloadState {
  const path = statePath(out);
  if (!existsSync(path))
    return { format: 'npasd-download', version: 1, dataset, record, archives: {} };
  let state: DownloadState;
  try {
    state = JSON.parse(readFileSync(path, 'utf8')) as DownloadState;
  } catch (e) {
    throw new DownloadError(downloadMessages.badState(path, (e as Error).message), 2);
  }
  if (state.format !== 'npasd-download' || typeof state.archives !== 'object')
    throw new DownloadError(downloadMessages.badState(path, 'format is not "npasd-download"'), 2);
  if (state.dataset !== dataset || state.record !== record)
    throw new DownloadError(downloadMessages.outHoldsOther(out, state.dataset, dataset), 2);
  return state;
}

export function writeState(out: string, state: DownloadState): void {
  writeJsonAtomic(statePath(out), state);
}
