/**
 * The features stage (I/O edge): log-mel matrices of a corpus's training files live in the cache
 * shared by every run, keyed by the file's sha256 and the front-end options (cache.ts). What a run
 * needs from them is one small JSON file per data key in the run directory (`data/<hash>.json`):
 * where the corpus is, and the standardisation statistics fitted on the training frames of D and O.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { readManifest, type CorpusManifest, type ManifestFile } from '../data/manifest.ts';
import type { DataKey } from '../experiment/plan.ts';
import { frontendOf, type ExperimentSpec } from '../experiment/schema.ts';
import { folderSourceMessages } from '../messages/index.ts';
import type { TrainData } from '../models/data.ts';
import { writeJsonAtomic } from '../util/atomicWrite.ts';
import { readJsonFile } from '../util/readJson.ts';
import { cachedLogMel } from './cache.ts';
import { ContextIndex } from './context.ts';
import { createFrontEnd, type FrameExtractor, type FrontEndOptions } from './frontEnd.ts';
import { LogMelExtractor, type LogMel, type ResolvedLogMelOptions } from './logmel.ts';
import { fitStandardizer, standardize, type Standardizer } from './standardize.ts';

/** `data/<hash>.json`: everything a unit needs to find its data. */
export interface PreparedData {
  key: DataKey;
  corpusDir: string;
  planHash: string;
  frontend: ResolvedLogMelOptions;
  context: { pb: number; pf: number };
  /** Fitted on every frame of D (train split) and O. */
  standardizer: { mean: number[]; std: number[]; frames: number };
}

export const dataFile = (runDir: string, key: DataKey): string =>
  join(runDir, 'data', `${key.hash.slice(0, 16)}.json`);

const isTrainFile = (f: ManifestFile, withOther: boolean): boolean =>
  (withOther && f.role === 'other') || (f.role === 'normal' && f.split === 'train');

/** Log-mel matrices (raw, not standardised) of D-train and (withOther) O, from the feature cache. */
async function trainMels(
  corpusDir: string,
  manifest: CorpusManifest,
  extractor: FrameExtractor,
  cacheDir: string,
  withOther = true,
  onFile?: (done: number, total: number) => void,
): Promise<{ normal: LogMel[]; other: LogMel[] }> {
  const files = manifest.files.filter((f) => isTrainFile(f, withOther));
  const normal: LogMel[] = [];
  const other: LogMel[] = [];
  for (const [i, f] of files.entries()) {
    const source = { path: join(corpusDir, f.path), sha256: f.sha256 };
    const mel = await cachedLogMel(source, extractor, join(cacheDir, 'features'));
    (f.role === 'normal' ? normal : other).push(mel);
    onFile?.(i + 1, files.length);
  }
  return { normal, other };
}

/** Features stage: log-mel of every training file (cached) and the standardisation statistics. */
export async function prepareFeatures(
  spec: ExperimentSpec,
  key: DataKey,
  corpus: { dir: string; manifest: CorpusManifest },
  runDir: string,
  cacheDir: string,
  onFile?: (done: number, total: number) => void,
): Promise<PreparedData> {
  const path = dataFile(runDir, key);
  if (existsSync(path)) {
    const done = readJsonFile<PreparedData>(path);
    // A data key names a folder corpus by its paths: the files under them may have changed.
    if (done.planHash !== corpus.manifest.planHash)
      throw new Error(folderSourceMessages.changed(runDir));
    return done;
  }
  const extractor = await LogMelExtractor.create(frontendOf(spec));
  try {
    const { normal, other } = await trainMels(
      corpus.dir,
      corpus.manifest,
      extractor,
      cacheDir,
      undefined,
      onFile,
    );
    const prepared: PreparedData = {
      key,
      corpusDir: corpus.dir,
      planHash: corpus.manifest.planHash,
      frontend: extractor.options,
      context: { pb: spec.frontend.pb, pf: spec.frontend.pf },
      standardizer: standardizerJson(fitStandardizer([...normal, ...other])),
    };
    mkdirSync(dirname(path), { recursive: true });
    writeJsonAtomic(path, prepared);
    return prepared;
  } finally {
    extractor.dispose();
  }
}

export const standardizerOf = (p: PreparedData): Standardizer => ({
  mean: Float32Array.from(p.standardizer.mean),
  std: Float32Array.from(p.standardizer.std),
  frames: p.standardizer.frames,
});

/** The statistics as recorded in PreparedData (and model.json): plain arrays. */
export const standardizerJson = (st: Standardizer): PreparedData['standardizer'] => ({
  mean: Array.from(st.mean),
  std: Array.from(st.std),
  frames: st.frames,
});

/** Standardises log-mel matrices in place with `st`. */
function standardiseAll(mels: readonly LogMel[], st: Standardizer): void {
  for (const m of mels) standardize(m, st, m.data);
}

/**
 * The features stage in memory (no I/O): D's and O's log-mel standardised in place with `st`
 * (default: fitted on every frame of both, as prepareFeatures fits it) and indexed as
 * context-vector sets.
 */
export function featureSets(
  normal: LogMel[],
  other: LogMel[],
  context: PreparedData['context'],
  st: Standardizer = fitStandardizer([...normal, ...other]),
): TrainData & { standardizer: Standardizer } {
  standardiseAll([...normal, ...other], st);
  return {
    normal: new ContextIndex(normal, context),
    other: new ContextIndex(other, context),
    standardizer: st,
  };
}

/**
 * Raw log-mel matrices of D's training files and (withOther) O's, from the feature cache, made
 * with `frontend` (default: the run's).
 */
export async function cachedTrainMels(
  p: PreparedData,
  cacheDir: string,
  withOther: boolean,
  frontend: FrontEndOptions = p.frontend,
) {
  const manifest = readManifest(p.corpusDir);
  const extractor = await createFrontEnd(frontend);
  try {
    return await trainMels(p.corpusDir, manifest, extractor, cacheDir, withOther);
  } finally {
    extractor.dispose();
  }
}

/** D and O as standardised context-vector sets, read from the feature cache. */
export async function loadTrainData(p: PreparedData, cacheDir: string): Promise<TrainData> {
  const { normal, other } = await cachedTrainMels(p, cacheDir, true);
  const sets = featureSets(normal, other, p.context, standardizerOf(p));
  return { normal: sets.normal, other: sets.other };
}

/**
 * The standardised log-mel matrices of D's training files (for thresholds on training data), made
 * with `frontend` and standardised with `st` (default: the run's).
 */
export async function loadNormalMels(
  p: PreparedData,
  cacheDir: string,
  frontend: FrontEndOptions = p.frontend,
  st: Standardizer = standardizerOf(p),
): Promise<LogMel[]> {
  const { normal } = await cachedTrainMels(p, cacheDir, false, frontend);
  standardiseAll(normal, st);
  return normal;
}
