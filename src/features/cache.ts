/**
 * Log-mel matrices of corpus files, cached on disk by content (an I/O edge; groundwork for the
 * runner's "features" stage). The cache key is the sha256 of (the file's sha256 from the
 * manifest, the resolved front-end options, the cache format version), never the file name, so
 * the same audio under the same settings is computed once and shared by every run.
 *
 * Entry: `<cacheDir>/<key[0..2]>/<key>.f32`, the row-major nFrames x nMels float32 matrix, raw
 * little-endian (nFrames = bytes / 4 / nMels). Written atomically; an entry whose size is not a
 * whole number of frames is treated as absent and recomputed.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAudio } from '../audio/read.ts';
import type { FrameExtractor } from './frontEnd.ts';
import type { LogMel } from './logmel.ts';
import { writeFileAtomic } from '../util/atomicWrite.ts';

/** Bump when the entry layout or the front end's numerics change. */
const FEATURE_CACHE_VERSION = 1;

/** What identifies a file's content. */
export interface CachedSource {
  /** Absolute or working-directory-relative path to the audio. */
  path: string;
  /** sha256 of the file's bytes (from the corpus manifest). */
  sha256: string;
}

/** The cache key of a source under an extractor's options. */
export function featureKey(source: CachedSource, extractor: FrameExtractor): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        v: FEATURE_CACHE_VERSION,
        sha256: source.sha256,
        options: extractor.options,
      }),
    )
    .digest('hex');
}

export interface CacheStats {
  hits: number;
  misses: number;
}

/**
 * The log-mel matrix of `source`, from the cache when present, else computed (reading the audio
 * at the extractor's sample rate) and stored. `stats` counts hits and misses when given.
 */
export async function cachedLogMel(
  source: CachedSource,
  extractor: FrameExtractor,
  cacheDir: string,
  stats?: CacheStats,
): Promise<LogMel> {
  const nMels = extractor.options.nMels;
  const key = featureKey(source, extractor);
  const dir = join(cacheDir, key.slice(0, 2));
  const path = join(dir, `${key}.f32`);
  if (existsSync(path)) {
    const bytes = readFileSync(path);
    if (bytes.length % (4 * nMels) === 0) {
      if (stats) stats.hits++;
      const data = new Float32Array(bytes.length / 4);
      new Uint8Array(data.buffer).set(bytes);
      return { data, nFrames: data.length / nMels, nMels };
    }
  }
  if (stats) stats.misses++;
  const audio = await readAudio(source.path, { sampleRate: extractor.options.sampleRate });
  const mel = extractor.extract(audio.samples);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(path, new Uint8Array(mel.data.buffer, mel.data.byteOffset, mel.data.byteLength));
  return mel;
}
