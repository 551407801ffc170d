/**
 * The `folders` data source (I/O edge): directories of recordings turned into
 * a corpus directory with the same manifest as a synthetic corpus, so features, test-set mixing,
 * scoring and figures work on it unchanged.
 *
 * - D: the normal recordings, cut into pieces of at most fileSec (short files are used whole).
 *   The normal test audio is an explicit directory, or a seeded fraction of D's pieces
 *   (makeRng(seed, 'folders/holdout')), never both from one piece.
 * - O: other machines' recordings, optional (empty = none).
 * - A: anomalous clips, whole, category from the first sub-folder (`sustained/`,
 *   `time-varying/`, `sudden/`) or `uncategorised` in a flat folder.
 * Every file is decoded at the spec's sample rate (SoX for other formats and rates) before
 * anything is written; a missing or empty folder, one without audio, or a file that does not
 * decode is an error naming it. The corpus is cached by content: the sha256 of every input file,
 * the roles, sample rate, piece length, hold-out fraction and seed. It is written into a
 * temporary directory and renamed into place, so an interrupted build leaves nothing half-done.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, renameSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { listAudioFiles, readAudioFolder } from '../audio/folder.ts';
import { writeWav } from '../audio/wavWriter.ts';
import { folderSourceMessages } from '../messages/index.ts';
import { hashFile } from '../util/hashFile.ts';
import { makeRng, shuffle } from '../util/rng.ts';
import {
  cachedCorpus,
  installCorpus,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  type CorpusManifest,
  type ManifestFile,
} from './manifest.ts';
import type { FolderCorpusConfig, FoldersConfig } from './sources.ts';

const ANOMALY_CATEGORIES = ['sustained', 'time-varying', 'sudden'] as const;
const UNCATEGORISED = 'uncategorised';

type Role = 'normal' | 'normalTest' | 'other' | 'anomalies';

const rel = (dir: string, path: string): string => relative(dir, path).split(sep).join('/');

/**
 * The folders in use, absolute, by role; checked to exist and hold audio, and the anomaly clips
 * to have distinct names (errors name them), from the listings alone.
 */
export function folderInputs(f: FoldersConfig): { role: Role; dir: string; files: string[] }[] {
  if (!f.normal) throw new Error(folderSourceMessages.required('normal'));
  if (!f.anomalies) throw new Error(folderSourceMessages.required('anomalies'));
  const roles: Role[] = ['normal', 'normalTest', 'other', 'anomalies'];
  const inputs = roles
    .filter((role) => f[role] !== '')
    .map((role) => {
      const dir = resolve(f[role]);
      return { role, dir, files: listAudioFiles(dir) };
    });
  const anomalies = inputs[inputs.length - 1];
  const paths = anomalies.files.map((p) => {
    const r = rel(anomalies.dir, p);
    return `anomaly/${categoryOf(r)}/${anomalyIdOf(r)}.wav`;
  });
  const dup = paths.find((p, i) => paths.indexOf(p) !== i);
  if (dup) throw new Error(folderSourceMessages.duplicateAnomaly(anomalies.dir, dup));
  return inputs;
}

/** The content hash identifying the corpus (see the module comment). */
async function contentHash(
  inputs: ReturnType<typeof folderInputs>,
  config: FolderCorpusConfig,
  seed: number,
): Promise<string> {
  const files = [];
  for (const { role, dir, files: paths } of inputs) {
    for (const p of paths)
      files.push({ role, path: rel(dir, p), sha256: await hashFile(p, 'sha256') });
  }
  const { sampleRate, fileSec } = config;
  const holdout = config.folders.normalTest === '' ? config.folders.testFraction : null;
  return createHash('sha256')
    .update(JSON.stringify({ v: 1, sampleRate, fileSec, holdout, seed, files }))
    .digest('hex');
}

/** File-name-safe id of an anomaly clip from its path in the folder ("a/b c.wav" -> "a-b_c"). */
export const anomalyIdOf = (relPath: string): string =>
  relPath
    .replace(/\.[^./]+$/, '')
    .replace(/\//g, '-')
    .replace(/[^A-Za-z0-9._-]/g, '_');

/** The category of an anomaly clip from its first path segment. */
export function categoryOf(relPath: string): string {
  const first = relPath.split('/')[0];
  return relPath.includes('/') && (ANOMALY_CATEGORIES as readonly string[]).includes(first)
    ? first
    : UNCATEGORISED;
}

/** Indices of the pieces held out for testing: a seeded round(fraction n), at least 1, < n. */
export function holdOut(n: number, fraction: number, seed: number): Set<number> {
  if (n < 2) throw new Error(folderSourceMessages.tooFewPieces(n));
  const k = Math.min(n - 1, Math.max(1, Math.round(fraction * n)));
  const order = shuffle(
    makeRng(seed, 'folders/holdout'),
    Array.from({ length: n }, (_, i) => i),
  );
  return new Set(order.slice(0, k));
}

export interface FolderCorpusProgress {
  filesDone: number;
  filesTotal: number;
}

/**
 * Builds (or finds in `cacheDir/recordings/`) the corpus of `config` for `seed`; returns its
 * directory and manifest.
 */
export async function prepareFolderCorpus(
  config: FolderCorpusConfig,
  seed: number,
  cacheDir: string,
  onProgress?: (p: FolderCorpusProgress) => void,
): Promise<{ dir: string; manifest: CorpusManifest }> {
  const inputs = folderInputs(config.folders);
  const hash = await contentHash(inputs, config, seed);
  const dir = join(cacheDir, 'recordings', hash.slice(0, 16));
  const cached = cachedCorpus(dir, hash);
  if (cached) return { dir, manifest: cached };
  const manifest = await installCorpus(dir, async (tmp) => {
    const rate = config.sampleRate;
    const filesTotal = inputs.reduce((s, i) => s + i.files.length, 0);
    let filesDone = 0;
    const files: ManifestFile[] = [];
    const count = new Map<string, number>();
    /** Writes one piece as <folder>/<name>_NNNNN.wav (float, no precision lost) and records it. */
    const write = (folder: string, samples: Float32Array, entry: Partial<ManifestFile>): void => {
      const n = count.get(folder) ?? 0;
      count.set(folder, n + 1);
      const path = `${folder}/${entry.anomalyId ?? `rec_${String(n).padStart(5, '0')}`}.wav`;
      mkdirSync(join(tmp, folder), { recursive: true });
      const written = writeWav(join(tmp, path), samples, rate, 'float32');
      files.push({
        role: 'normal',
        generator: 'recording',
        params: {},
        ...entry,
        path,
        seed,
        stream: '',
        samples: samples.length,
        durationSec: samples.length / rate,
        ...written,
      });
    };
    for (const { role, dir: from } of inputs) {
      const pieceSec = role === 'anomalies' ? undefined : config.fileSec;
      const read = readAudioFolder(from, { sampleRate: rate, pieceSec });
      for await (const { file, pieces } of read) {
        for (const piece of pieces) {
          const params = { source: file.path, sha256: file.sha256, startSec: piece.startSec };
          if (role === 'normal' || role === 'normalTest') {
            // D's pieces go to train first; the hold-out below moves some to test.
            const split = role === 'normal' ? 'train' : 'test';
            write(`normal/${split}`, piece.samples, { split, streamStart: 0, params });
          } else if (role === 'other') {
            write('other', piece.samples, { role: 'other', params });
          } else {
            const anomalyId = anomalyIdOf(file.relPath);
            const category = categoryOf(file.relPath) as ManifestFile['category'];
            write(`anomaly/${category}`, piece.samples, {
              role: 'anomaly',
              category,
              anomalyId,
              params,
            });
          }
        }
        onProgress?.({ filesDone: ++filesDone, filesTotal });
      }
    }
    if (config.folders.normalTest === '') {
      const train = files.filter((f) => f.role === 'normal');
      const test = holdOut(train.length, config.folders.testFraction, seed);
      mkdirSync(join(tmp, 'normal/test'), { recursive: true });
      train.forEach((f, i) => {
        if (!test.has(i)) return;
        const path = f.path.replace('normal/train/', 'normal/test/');
        renameSync(join(tmp, f.path), join(tmp, path));
        Object.assign(f, { path, split: 'test' });
      });
    }
    const built: CorpusManifest = {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      seed,
      sampleRate: rate,
      config,
      planHash: hash,
      files,
    };
    return built;
  });
  return { dir, manifest };
}
