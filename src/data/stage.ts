/**
 * The data stage (I/O edge): the corpus of a spec and seed, written (or resumed, or reused) in the
 * cache shared by every run, keyed by content (a synthetic corpus by its plan hash, a folder or
 * DCASE corpus by the sha256 of its files); and the test clips of a corpus, planned from its
 * manifest and rendered (or read) on demand.
 */
import { join } from 'node:path';
import { renderTestClip } from '../audio/mixTestSet.ts';
import { readAudio } from '../audio/read.ts';
import type { ClipLabel } from '../evaluate/rows.ts';
import {
  corpusConfigOf,
  dcaseCorpusConfigOf,
  folderCorpusConfigOf,
  testSetConfigOf,
  type ExperimentSpec,
} from '../experiment/schema.ts';
import { prepareDcaseCorpus } from './dcase/corpus.ts';
import { prepareFolderCorpus } from './folders.ts';
import { readManifest, type CorpusManifest } from './manifest.ts';
import { planCorpus } from './synthetic/plan.ts';
import { writeCorpus } from './synthetic/write.ts';
import { loadClipSources, planCorpusTestSet } from './testSet.ts';

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

/**
 * The planned test clips of a corpus (pure given the manifest) and their labels. A
 * corpus with given test files (DCASE) has no mixed clips: its labels are the files', in
 * manifest order, with the file name as clip id, SNR 0 and the DCASE domain as category.
 */
export function testPlan(corpusDir: string, spec: ExperimentSpec) {
  const manifest = readManifest(corpusDir);
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
 * The test clips of a corpus: plan, labels, and clip i's samples rendered (or, for
 * given test files, read) on demand.
 */
export async function testClips(corpusDir: string, spec: ExperimentSpec) {
  const { manifest, clips, labels, given } = testPlan(corpusDir, spec);
  if (given.length > 0) {
    const rate = manifest.sampleRate;
    const read = async (i: number) =>
      (await readAudio(join(corpusDir, given[i].path), { sampleRate: rate })).samples;
    return { clips, labels, render: read };
  }
  const load = await loadClipSources(clips, corpusDir, manifest.sampleRate);
  return {
    clips,
    labels,
    render: async (i: number) => renderTestClip(clips[i], load).samples,
  };
}
