/**
 * Writing a corpus's test set (an I/O edge): plans it from the manifest (src/audio/mixTestSet.ts),
 * renders every clip, and writes `<dir>/<clip id>.wav` (32-bit float, so quiet mixtures keep
 * their precision) plus `labels.csv` and `labels.json`, one row per clip.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { readAudio } from '../audio/read.ts';
import { writeWav } from '../audio/wavWriter.ts';
import {
  planTestSet,
  renderTestClip,
  type PlannedClip,
  type TestSetConfig,
} from '../audio/mixTestSet.ts';
import { writeFileAtomic, writeJsonAtomic } from '../util/atomicWrite.ts';
import type { CorpusManifest } from './manifest.ts';

/** One row of labels.csv / labels.json. */
export interface TestLabel {
  clip_id: string;
  path: string;
  label: 'normal' | 'anomaly';
  snr_db: number;
  anomaly_id: string;
  category: string;
  /** Where the anomaly starts in the clip, seconds ('' for normal clips in the CSV). */
  offset_sec: number | null;
  anomaly_sec: number | null;
  background_path: string;
  /** First sample of the background in its file and in the engine stream. */
  background_start: number;
  background_stream_start: number;
  gain: number | null;
  measured_snr_db: number | null;
}

/** The test-set plan of a written corpus. */
export function planCorpusTestSet(manifest: CorpusManifest, config: TestSetConfig): PlannedClip[] {
  const backgrounds = manifest.files
    .filter((f) => f.role === 'normal' && f.split === 'test')
    .map((f) => ({ path: f.path, samples: f.samples, streamStart: f.streamStart ?? 0 }));
  const anomalies = manifest.files
    .filter((f) => f.role === 'anomaly')
    .map((f) => ({
      id: f.anomalyId ?? f.path,
      category: f.category ?? '',
      path: f.path,
      samples: f.samples,
    }));
  return planTestSet(config, manifest.sampleRate, backgrounds, anomalies, manifest.seed);
}

/**
 * Reads every file the clips are cut from or mix in, once each; returns the lookup that
 * renderTestClip takes.
 */
export async function loadClipSources(
  clips: readonly PlannedClip[],
  corpusDir: string,
  sampleRate: number,
): Promise<(path: string) => Float32Array> {
  const cache = new Map<string, Float32Array>();
  for (const c of clips) {
    for (const p of [c.background.path, c.anomaly?.path]) {
      if (p && !cache.has(p)) {
        cache.set(p, (await readAudio(join(corpusDir, p), { sampleRate })).samples);
      }
    }
  }
  return (p) => cache.get(p) as Float32Array;
}

/**
 * Renders and writes the test set of the corpus in `corpusDir` into `outDir`.
 * Returns the label rows (also written as labels.csv and labels.json).
 */
export async function writeTestSet(
  manifest: CorpusManifest,
  corpusDir: string,
  config: TestSetConfig,
  outDir: string,
  onClip?: (done: number, total: number) => void,
): Promise<TestLabel[]> {
  const clips = planCorpusTestSet(manifest, config);
  const rate = manifest.sampleRate;
  const load = await loadClipSources(clips, corpusDir, rate);
  const labels: TestLabel[] = [];
  clips.forEach((clip, i) => {
    const r = renderTestClip(clip, load);
    const path = `${clip.id}.wav`;
    mkdirSync(dirname(join(outDir, path)), { recursive: true });
    writeWav(join(outDir, path), r.samples, rate, 'float32');
    labels.push({
      clip_id: clip.id,
      path,
      label: clip.label,
      snr_db: clip.snrDb,
      anomaly_id: clip.anomaly?.id ?? '',
      category: clip.anomaly?.category ?? '',
      offset_sec: clip.anomaly ? clip.anomaly.offset / rate : null,
      anomaly_sec: clip.anomaly ? clip.anomaly.samples / rate : null,
      background_path: clip.background.path,
      background_start: clip.background.start,
      background_stream_start: clip.background.streamStart,
      gain: r.gain,
      measured_snr_db: r.measuredSnrDb,
    });
    onClip?.(i + 1, clips.length);
  });
  writeFileAtomic(join(outDir, 'labels.csv'), stringify(labels, { header: true }));
  writeJsonAtomic(join(outDir, 'labels.json'), labels);
  return labels;
}
