/**
 * Log-mel matrices of corpus files, cached on disk by content (an I/O edge; groundwork for the
 * runner's "features" stage). The cache key is the sha256 of (the file's sha256 from the
 * manifest, the resolved front-end options, the cache format version), never the file name, so
 * the same audio under the same settings is computed once and shared by every run.
 *
 * Entry: `<cacheDir>/<key[0..2]>/<key>.f32`, the row-major nFrames x nMels float32 matrix, raw
 * little-endian (nFrames = bytes / 4 / nMels), then a 24-byte trailer recorded at write: "NPFC",
 * the trailer version (uint32), the matrix's byte length (uint64), its CRC-32 (uint32) and 4
 * zero bytes. Written atomically. On read the trailer, the length and the CRC-32 are checked
 * (CRC-32 rather than sha256: the check guards against damage, not tampering, and runs at
 * 2-4 GB/s here against sha256's 0.9); an entry that fails (emptied,
 * truncated, flipped bytes, an older layout) is recomputed and rewritten, with a line on stderr.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readAudio } from '../audio/read.ts';
import type { FrameExtractor } from './frontEnd.ts';
import type { LogMel } from './logmel.ts';
import { writeFileAtomic } from '../util/atomicWrite.ts';
import { crc32 } from '../util/crc32.ts';
import { featureMessages } from '../messages/index.ts';

/** Bump when the entry layout or the front end's numerics change. */
const FEATURE_CACHE_VERSION = 2;

const MAGIC = 0x4346504e; // "NPFC" read as a little-endian uint32
const TRAILER_VERSION = 1;
const TRAILER_BYTES = 24;

/** The entry's bytes: the matrix and its trailer (length and sha256). */
export function entryBytes(data: Float32Array): Uint8Array {
  const body = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(body.length + TRAILER_BYTES);
  out.set(body);
  const view = new DataView(out.buffer, body.length, TRAILER_BYTES);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, TRAILER_VERSION, true);
  view.setBigUint64(8, BigInt(body.length), true);
  view.setUint32(16, crc32(body), true);
  return out;
}

/**
 * The matrix of an entry's bytes, or why it cannot be trusted (a cache-message reason).
 */
export function readEntry(bytes: Uint8Array, nMels: number): Float32Array | string {
  if (bytes.length < TRAILER_BYTES) return featureMessages.cacheShort(bytes.length);
  const n = bytes.length - TRAILER_BYTES;
  const view = new DataView(bytes.buffer, bytes.byteOffset + n, TRAILER_BYTES);
  if (view.getUint32(0, true) !== MAGIC || view.getUint32(4, true) !== TRAILER_VERSION)
    return featureMessages.cacheNoTrailer();
  const recorded = Number(view.getBigUint64(8, true));
  if (recorded !== n || n % (4 * nMels) !== 0) return featureMessages.cacheSize(n, recorded);
  const body = bytes.subarray(0, n);
  if (crc32(body) !== view.getUint32(16, true)) return featureMessages.cacheChecksum();
  const data = new Float32Array(n / 4);
  new Uint8Array(data.buffer).set(body);
  return data;
}

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
  /** Entries found damaged and recomputed (counted in misses too). */
  rebuilt?: number;
}

/**
 * The log-mel matrix of `source`, from the cache when present, else computed (reading the audio
 * at the extractor's sample rate) and stored. `stats` counts hits and misses when given; a
 * damaged entry is reported through `warn` (default: a line on stderr) and rebuilt.
 */
export async function cachedLogMel(
  source: CachedSource,
  extractor: FrameExtractor,
  cacheDir: string,
  stats?: CacheStats,
  warn?: (line: string) => void,
): Promise<LogMel> {
  const nMels = extractor.options.nMels;
  const key = featureKey(source, extractor);
  const dir = join(cacheDir, key.slice(0, 2));
  const path = join(dir, `${key}.f32`);
  if (existsSync(path)) {
    const got = readEntry(readFileSync(path), nMels);
    if (typeof got !== 'string') {
      if (stats) stats.hits++;
      return { data: got, nFrames: got.length / nMels, nMels };
    }
    (warn ?? ((line) => void process.stderr.write(`${line}\n`)))(
      featureMessages.cacheRebuilt(path, source.path, got),
    );
    if (stats) stats.rebuilt = (stats.rebuilt ?? 0) + 1;
  }
  if (stats) stats.misses++;
  const audio = await readAudio(source.path, { sampleRate: extractor.options.sampleRate });
  const mel = extractor.extract(audio.samples);
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(path, entryBytes(mel.data));
  return mel;
}
