/**
 * Where a zip entry goes, decided from its name alone (pure): refused when unsafe (absolute,
 * "..", NUL, a symbolic link), placed at `<machine>/<split>/<file>.wav` (or `<machine>/<extra>`)
 * when it follows the dataset's layout, skipped otherwise. Leading directories before the
 * machine type (e.g. "dev_data/") are dropped, so the result is the layout the `dcase` data source
 * reads (src/data/dcase/), whatever prefix an archive's authors used.
 */
import { downloadMessages } from '../../messages/index.ts';
import type { DatasetLayout } from './catalogue.ts';

export type Placement =
  /** Write the entry's data to `target` (relative, "/"-separated); `audio` unless an extra file. */
  | { kind: 'file'; target: string; audio: boolean }
  /** A directory entry: nothing to do, directories are made for the files. */
  | { kind: 'dir' }
  /** Not part of the layout (another machine, a readme, __MACOSX/...): left out. */
  | { kind: 'skip' }
  /** Refuse the whole archive; `reason` completes "entry X ...". */
  | { kind: 'unsafe'; reason: string };

/** The compiled form of a DatasetLayout. */
export interface LayoutRules {
  splits: readonly string[];
  audio: RegExp;
  extra: readonly RegExp[];
}

export const compileLayout = (l: DatasetLayout): LayoutRules => ({
  splits: l.splits,
  audio: new RegExp(l.audio),
  extra: l.extra.map((e) => new RegExp(e)),
});

/**
 * `name` is the entry's path as stored (yauzl turns "\" into "/"); `symlink` from its Unix
 * mode bits. The checks for safety come first and hold for every entry, placed or not.
 */
export function placeEntry(
  name: string,
  symlink: boolean,
  machine: string,
  rules: LayoutRules,
): Placement {
  if (name.includes('\0')) return { kind: 'unsafe', reason: downloadMessages.nulChar() };
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name))
    return { kind: 'unsafe', reason: downloadMessages.absolutePath() };
  const parts = name.split('/');
  if (parts.includes('..')) return { kind: 'unsafe', reason: downloadMessages.parentDir() };
  if (symlink) return { kind: 'unsafe', reason: downloadMessages.symlink() };
  if (name.endsWith('/')) return { kind: 'dir' };
  const clean = parts.filter((p) => p !== '' && p !== '.');
  const at = clean.indexOf(machine);
  if (at < 0) return { kind: 'skip' };
  const rest = clean.slice(at + 1);
  if (rest.length === 2 && rules.splits.includes(rest[0]) && rules.audio.test(rest[1]))
    return { kind: 'file', target: `${machine}/${rest[0]}/${rest[1]}`, audio: true };
  if (rest.length === 1 && rules.extra.some((re) => re.test(rest[0])))
    return { kind: 'file', target: `${machine}/${rest[0]}`, audio: false };
  return { kind: 'skip' };
}

/** S_IFLNK in the Unix mode stored in the upper 16 bits of the external attributes. */
export const isSymlinkMode = (externalFileAttributes: number): boolean =>
  ((externalFileAttributes >>> 16) & 0o170000) === 0o120000;
