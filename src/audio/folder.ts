/**
 * Folders of recordings (I/O edge): the audio files of a directory, recursively, in a stable
 * order, read as mono at one sample rate through readAudio (WAV in-process; other formats and
 * other sample rates through SoX), long files cut into pieces. Used by `npasd train` and meant
 * for any data source made of directories of audio.
 *
 * expandAudioPaths applies the same rule to a command line mixing files and folders (detect).
 *
 * Every problem is an error naming the path, raised before the caller trains on anything: a
 * directory that is missing, not a directory, empty or without audio files (listAudioFiles), and
 * a file that fails to decode (readAudioFolder, wrapping the AudioError, which names the file).
 * Hidden entries (names starting with ".", e.g. macOS "._x.wav" resource forks) are skipped.
 */
import { createHash } from 'node:crypto';
import { readdirSync, realpathSync, statSync, type Stats } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { folderMessages } from '../messages/index.ts';
import { AudioError } from './errors.ts';
import { decodeAudio, readAudioBytes } from './read.ts';

/** File name extensions read as audio (lower case; WAV natively, the rest through SoX). */
export const AUDIO_EXTENSIONS: readonly string[] = [
  '.wav',
  '.wave',
  '.flac',
  '.mp3',
  '.ogg',
  '.oga',
  '.opus',
  '.aif',
  '.aiff',
  '.aifc',
  '.au',
  '.snd',
  '.w64',
];

const isAudioFile = (path: string): boolean =>
  AUDIO_EXTENSIONS.includes(extname(path).toLowerCase());

function statOrThrow(dir: string): Stats {
  try {
    return statSync(dir);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOENT') throw new Error(folderMessages.missing(dir), { cause: e });
    throw new Error(folderMessages.unreadable(dir, err.message), { cause: e });
  }
}

function entriesOf(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch (e) {
    throw new Error(folderMessages.unreadable(dir, (e as Error).message), { cause: e });
  }
}

/**
 * The audio files under `dir` (recursive, symbolic links followed, each directory once), as
 * `join(dir, relative path)`, sorted by relative path (code-unit order, "/" as separator, so the
 * order is the same on every machine). Throws naming `dir` when it is missing, not a directory,
 * empty, or holds no audio file.
 */
export function listAudioFiles(dir: string): string[] {
  if (!statOrThrow(dir).isDirectory()) throw new Error(folderMessages.notADirectory(dir));
  const top = entriesOf(dir);
  if (top.length === 0) throw new Error(folderMessages.empty(dir, AUDIO_EXTENSIONS));
  const found: string[] = [];
  const others: string[] = [];
  const seen = new Set<string>();
  const walk = (path: string, names: string[]): void => {
    const real = realpathSync(path);
    if (seen.has(real)) return;
    seen.add(real);
    // Sorted, so that which path of a directory reachable twice (a link) is kept is fixed.
    for (const name of [...names].sort()) {
      if (name.startsWith('.')) continue;
      const p = join(path, name);
      let st: Stats;
      try {
        st = statSync(p);
      } catch {
        continue; // a dangling link: not audio, not a directory
      }
      if (st.isDirectory()) walk(p, entriesOf(p));
      else if (st.isFile()) (isAudioFile(p) ? found : others).push(p);
    }
  };
  walk(dir, top);
  if (found.length === 0) {
    const example = others.length > 0 ? relative(dir, others.sort()[0]) : null;
    throw new Error(folderMessages.noAudio(dir, AUDIO_EXTENSIONS, others.length, example));
  }
  const key = (p: string): string => relative(dir, p).split(sep).join('/');
  return found
    .map((p) => ({ p, k: key(p) }))
    .sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))
    .map((x) => x.p);
}

/**
 * The paths of a command line that takes recordings (`npasd detect`): each folder replaced by
 * its audio files (listAudioFiles: recursive, sorted, hidden entries skipped), files and
 * anything else kept as given (a missing file or a FIFO is left to the caller's per-file
 * check). Throws naming the folder when one is empty or holds no audio file, before any work.
 */
export function expandAudioPaths(paths: readonly string[]): string[] {
  return paths.flatMap((p) => {
    let st: Stats;
    try {
      st = statSync(p);
    } catch {
      return [p];
    }
    return st.isDirectory() ? listAudioFiles(p) : [p];
  });
}

/** A file of a folder, as read. */
export interface FolderFile {
  /** join(dir, relPath). */
  path: string;
  /** Path relative to the folder, "/"-separated. */
  relPath: string;
  /** Size of the file, bytes, and the sha256 of its bytes (hex). */
  bytes: number;
  sha256: string;
  /** Samples at the requested rate (mono) and their duration, seconds. */
  samples: number;
  seconds: number;
}

export interface FolderPiece {
  /** Index of the piece's file in read order. */
  file: number;
  /** Start of the piece in its file, seconds. */
  startSec: number;
  samples: Float32Array;
}

export interface ReadFolderOptions {
  /** Sample rate to read at, Hz (SoX resamples files at other rates). */
  sampleRate: number;
  /**
   * Longest piece, seconds: a longer file is cut into ceil(length / pieceSec) pieces of equal
   * length (within a sample); a shorter one is one piece. Default: no cutting.
   */
  pieceSec?: number;
  /** Called after each file with the count read so far. */
  onFile?: (done: number, total: number, path: string) => void;
}

/** Cuts n samples into ceil(n / max) pieces of equal length: [start, end) pairs. */
export function pieceBounds(n: number, max: number): [number, number][] {
  const count = Math.max(1, Math.ceil(n / Math.max(1, max)));
  return Array.from({ length: count }, (_, i) => [
    Math.floor((i * n) / count),
    Math.floor(((i + 1) * n) / count),
  ]);
}

/**
 * Reads the audio files of `dir` one at a time (listAudioFiles order), yielding each file with
 * its pieces, so a caller can turn them into features and drop the samples before the next
 * file. The listing is checked at the first step; a file that fails to decode throws an Error
 * naming the folder and, through the AudioError's message, the file.
 */
export async function* readAudioFolder(
  dir: string,
  opts: ReadFolderOptions,
): AsyncGenerator<{ file: FolderFile; pieces: FolderPiece[] }> {
  const paths = listAudioFiles(dir);
  const rate = opts.sampleRate;
  const maxPiece = opts.pieceSec === undefined ? Infinity : Math.round(opts.pieceSec * rate);
  for (const [i, path] of paths.entries()) {
    // One read: the bytes give the samples, the sha256 and the size.
    let samples: Float32Array;
    let bytes: Buffer;
    try {
      bytes = await readAudioBytes(path);
      samples = (await decodeAudio(bytes, path, { sampleRate: rate })).samples;
    } catch (e) {
      const message =
        e instanceof AudioError ? e.message : folderMessages.unreadable(path, (e as Error).message);
      throw new Error(folderMessages.badFile(dir, message), { cause: e });
    }
    const file: FolderFile = {
      path,
      relPath: relative(dir, path).split(sep).join('/'),
      bytes: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      samples: samples.length,
      seconds: samples.length / rate,
    };
    const pieces = pieceBounds(samples.length, maxPiece).map(([a, b]) => ({
      file: i,
      startSec: a / rate,
      samples: samples.subarray(a, b),
    }));
    opts.onFile?.(i + 1, paths.length, path);
    yield { file, pieces };
  }
}
