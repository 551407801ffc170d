/**
 * The runner's data and features stages (I/O edge). Corpora and log-mel matrices live in a cache
 * shared by every run, keyed by content: a corpus by its plan hash, a log-mel matrix by the
 * file's sha256 and the front-end options (src/features/cache.ts). What a run needs from
 * them is one small JSON file per data key in the run directory (`data/<hash>.json`): where the
 * corpus is, and the standardisation statistics fitted on the training frames of D and O.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderTestClip } from '../audio/mixTestSet.ts';
import { readAudio } from '../audio/read.ts';
import { planCorpus } from './synthetic/plan.ts';
import { readManifest, type CorpusManifest, type ManifestFile } from './manifest.ts';
import { writeCorpus } from './synthetic/write.ts';
import { loadClipSources, planCorpusTestSet } from './testSet.ts';
import { ContextIndex } from '../features/context.ts';
import { LogMelExtractor, type LogMel, type ResolvedLogMelOptions } from '../features/logmel.ts';
import { fitStandardizer, standardize, type Standardizer } from '../features/standardize.ts';
import type { TrainData } from '../models/data.ts';
import { cachedLogMel } from '../features/cache.ts';
import { writeJsonAtomic } from '../util/atomicWrite.ts';
import type { DataKey } from '../experiment/plan.ts';
import type { ClipLabel } from '../evaluate/rows.ts';
import {
  corpusConfigOf,
  dcaseCorpusConfigOf,
  folderCorpusConfigOf,
  frontendOf,
  testSetConfigOf,
  type ExperimentSpec,
} from '../experiment/schema.ts';
import { prepareFolderCorpus } from './folders.ts';
import { prepareDcaseCorpus } from './dcase/corpus.ts';
import { folderSourceMessages as FS } from '../messages/index.ts';

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

/** Data stage: writes (or resumes, or reuses) the corpus of `spec` for `seed` in the cache. */
export async function prepareCorpus(
  spec: ExperimentSpec,
  seed: number,
  cacheDir: string,
  onProgress?: (p: { filesDone: number; filesTotal: number }) => void,
): Promise<{ dir: string; manifest: CorpusManifest }> {
  if (spec.data.source === 'dcase') {
    return prepareDcaseCorpus(dcaseCorpusConfigOf(spec), seed, cacheDir, onProgress);
  }
  if (spec.data.source === 'folders') {
    return prepareFolderCorpus(folderCorpusConfigOf(spec), seed, cacheDir, onProgress);
  }
  const plan = planCorpus(corpusConfigOf(spec), seed);
  const dir = join(cacheDir, 'corpus', plan.planHash.slice(0, 16));
  const manifest = await writeCorpus(plan, dir, {
    workers: 2,
    ...(onProgress ? { onProgress } : {}),
  });
  return { dir, manifest };
}

const isTrainFile = (f: ManifestFile, withOther: boolean): boolean =>
  (withOther && f.role === 'other') || (f.role === 'normal' && f.split === 'train');

/** Log-mel matrices (raw, not standardised) of D-train and (withOther) O, from the feature cache. */
async function trainMels(
  corpusDir: string,
  manifest: CorpusManifest,
  extractor: LogMelExtractor,
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
    const done = JSON.parse(readFileSync(path, 'utf8')) as PreparedData;
    // A data key names a folder corpus by its paths: the files under them may have changed.
    if (done.planHash !== corpus.manifest.planHash) throw new Error(FS.changed(runDir));
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

/** Raw log-mel matrices of D's training files and (withOther) O's, from the feature cache. */
async function cachedTrainMels(p: PreparedData, cacheDir: string, withOther: boolean) {
  const manifest = readManifest(p.corpusDir);
  const extractor = await LogMelExtractor.create(p.frontend);
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

/** The standardised log-mel matrices of D's training files (for thresholds on training data). */
export async function loadNormalMels(p: PreparedData, cacheDir: string): Promise<LogMel[]> {
  const { normal } = await cachedTrainMels(p, cacheDir, false);
  standardiseAll(normal, standardizerOf(p));
  return normal;
}

/**
 * The planned test clips of a prepared data key (pure given the manifest) and their labels. A
 * corpus with given test files (DCASE) has no mixed clips: its labels are the files', in
 * manifest order, with the file name as clip id, SNR 0 and the DCASE domain as category.
 */
export function testPlan(p: PreparedData, spec: ExperimentSpec) {
  const manifest = readManifest(p.corpusDir);
  // Recorded test files (DCASE) rather than clips mixed from parts.
  const given = manifest.files.filter((f) => f.role === 'test');
  if (given.length > 0) {
    const labels: ClipLabel[] = given.map((f) => ({
      clipId: f.path.slice('test/'.length),
      label: f.label === 'anomaly' ? 1 : 0,
      snrDb: 0,
      category: f.domain ?? '',
    }));
    return { manifest, clips: [] as ReturnType<typeof planCorpusTestSet>, labels, given };
  }
  const clips = planCorpusTestSet(manifest, testSetConfigOf(spec));
  const labels: ClipLabel[] = clips.map((c) => ({
    clipId: c.id,
    label: c.label === 'anomaly' ? 1 : 0,
    snrDb: c.snrDb,
    category: c.anomaly?.category ?? '',
  }));
  return { manifest, clips, labels, given };
}

/**
 * The test clips of a prepared data key: plan, labels, and clip i's samples rendered (or, for
 * given test files, read) on demand.
 */
export async function testClips(p: PreparedData, spec: ExperimentSpec) {
  const { manifest, clips, labels, given } = testPlan(p, spec);
  if (given.length > 0) {
    const rate = manifest.sampleRate;
    const read = async (i: number) =>
      (await readAudio(join(p.corpusDir, given[i].path), { sampleRate: rate })).samples;
    return { clips, labels, render: read };
  }
  const load = await loadClipSources(clips, p.corpusDir, manifest.sampleRate);
  return {
    clips,
    labels,
    render: async (i: number) => renderTestClip(clips[i], load).samples,
  };
}
