/**
 * The `dcase` data source (I/O edge): one DCASE Task 2 unit (machine type x
 * ID or section) as a corpus with the synthetic corpus's manifest, so features, training and
 * scoring run on it unchanged:
 *   normal/train/<name>  the unit's training normals (D);
 *   other/<type>/<name>  the training normals of every other machine type (O; the paper's
 *                        "other machines"), all or a seeded subset of data.dcase.otherFiles;
 *   test/<name>          the unit's test files, role 'test', with label and domain from the name.
 * Entries are symbolic links to the dataset's files (nothing is copied); readers resample through
 * SoX when a file's rate is not the spec's. The corpus is identified by the sha256 of every file it
 * uses (memoised per file by size and mtime in `<cache>/dcase/sha256.json`), so a changed dataset
 * is never mistaken for the old one.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseWavHeader } from '../../audio/wavHeader.ts';
import {
  cachedCorpus,
  installCorpus,
  MANIFEST_FORMAT,
  MANIFEST_VERSION,
  type CorpusManifest,
  type ManifestFile,
} from '../manifest.ts';
import type { DcaseConfig, DcaseCorpusConfig } from '../sources.ts';
import { writeJsonAtomic } from '../../util/atomicWrite.ts';
import { BadJsonFile, readJsonFile } from '../../util/readJson.ts';
import { makeRng, shuffle } from '../../util/rng.ts';
import type { DcaseFile } from './layout.ts';
import { findUnit, otherMachineFiles, scanDcase } from './scan.ts';

interface ShaMemo {
  [path: string]: { size: number; mtimeMs: number; sha256: string; frames: number; rate: number };
}

/** sha256, frames and sample rate of a WAV file (read whole: DCASE files are 10 s). */
function describe(path: string) {
  const bytes = readFileSync(path);
  const info = parseWavHeader(bytes, path);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { sha256, frames: info.frames, rate: info.sampleRate };
}

/** The files of a unit's corpus, by role, in dataset order (O subset seeded). */
function unitFiles(config: DcaseConfig, seed: number) {
  const root = resolve(config.root);
  const dataset = scanDcase(root);
  const unit = findUnit(dataset, config.unit);
  let other = otherMachineFiles(dataset, unit);
  if (config.otherFiles > 0 && other.length > config.otherFiles) {
    const keep = new Set(
      shuffle(makeRng(seed, 'dcase/other'), [...other.keys()]).slice(0, config.otherFiles),
    );
    other = other.filter((_, i) => keep.has(i));
  }
  return { root, train: unit.train, other, test: unit.test };
}

/** Builds (or finds in `<cacheDir>/dcase/`) the corpus of one unit; returns dir and manifest. */
/** The sha256 memo (a cache): a damaged one is dropped and the hashes computed again. */
function readMemo(path: string): ShaMemo {
  if (!existsSync(path)) return {};
  try {
    return readJsonFile<ShaMemo>(path);
  } catch (e) {
    if (e instanceof BadJsonFile) return {};
    throw e;
  }
}

export async function prepareDcaseCorpus(
  config: DcaseCorpusConfig,
  seed: number,
  cacheDir: string,
  onProgress?: (p: { filesDone: number; filesTotal: number }) => void,
): Promise<{ dir: string; manifest: CorpusManifest }> {
  const { root, train, other, test } = unitFiles(config.dcase, seed);
  const memoPath = join(cacheDir, 'dcase', 'sha256.json');
  const memo: ShaMemo = readMemo(memoPath);
  const rate = config.sampleRate;
  const entries: { f: DcaseFile; path: string; role: ManifestFile['role'] }[] = [
    ...train.map((f) => ({ f, path: `normal/train/${f.name}`, role: 'normal' as const })),
    ...other.map((f) => ({ f, path: `other/${f.machineType}/${f.name}`, role: 'other' as const })),
    ...test.map((f) => ({ f, path: `test/${f.name}`, role: 'test' as const })),
  ];
  const files: ManifestFile[] = [];
  for (const [i, { f, path, role }] of entries.entries()) {
    const abs = join(root, f.path);
    const st = statSync(abs);
    let m = memo[abs];
    if (!m || m.size !== st.size || m.mtimeMs !== st.mtimeMs) {
      m = { size: st.size, mtimeMs: st.mtimeMs, ...describe(abs) };
      memo[abs] = m;
    }
    const samples = Math.round((m.frames * rate) / m.rate);
    files.push({
      path,
      role,
      ...(role === 'normal' ? { split: 'train' as const, streamStart: 0 } : {}),
      ...(role === 'test' ? { label: f.label, ...(f.domain ? { domain: f.domain } : {}) } : {}),
      generator: 'recording',
      params: { source: f.path },
      seed,
      stream: '',
      samples,
      durationSec: samples / rate,
      sha256: m.sha256,
      bytes: st.size,
    });
    onProgress?.({ filesDone: i + 1, filesTotal: entries.length });
  }
  mkdirSync(dirname(memoPath), { recursive: true });
  writeJsonAtomic(memoPath, memo);
  const planHash = createHash('sha256')
    .update(JSON.stringify({ v: 1, config: { ...config.dcase, root }, rate, seed, files }))
    .digest('hex');
  const dir = join(cacheDir, 'dcase', planHash.slice(0, 16));
  const cached = cachedCorpus(dir, planHash);
  if (cached) return { dir, manifest: cached };
  const manifest = await installCorpus(dir, (tmp) => {
    entries.forEach(({ f, path }) => {
      mkdirSync(dirname(join(tmp, path)), { recursive: true });
      symlinkSync(join(root, f.path), join(tmp, path));
    });
    const built: CorpusManifest = {
      format: MANIFEST_FORMAT,
      version: MANIFEST_VERSION,
      seed,
      sampleRate: rate,
      config: { ...config, dcase: { ...config.dcase, root } },
      planHash,
      files,
    };
    return built;
  });
  return { dir, manifest };
}
