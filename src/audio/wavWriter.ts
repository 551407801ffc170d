/**
 * Streaming, atomic WAV writing for long signals (the corpus is 21 h of audio; it must never
 * be held in one array). The final header is written first because the caller knows the
 * length up front; each chunk is converted into one reused buffer, hashed (sha256) and
 * appended to a temporary file in the destination directory, which close() renames into place.
 * A reader therefore sees either no file or the complete one, and the returned hash equals
 * the sha256 of the file on disk.
 *
 * Writes are synchronous: one writeSync per chunk keeps the code simple and, with chunks of a
 * few thousand samples or more, is limited by conversion and hashing rather than by syscalls.
 * No fsync: rename gives atomic visibility; durability across power loss is not needed for
 * regenerable data.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { audioMessages } from '../messages/index.ts';
import { AudioError } from './errors.ts';
import { checkEncodable, encodeSamplesInto } from './wav.ts';
import { bytesPerSample, wavHeaderBytes, wavHeader, type WavFormat } from './wavHeader.ts';

export interface WavWriterOptions {
  /** Hz, positive integer. */
  sampleRate: number;
  /** 'pcm16' (round to nearest, clip) or 'float32' (exact). */
  format: WavFormat;
  /** Exact number of samples that will be written (mono); close() checks it. */
  totalSamples: number;
}

/** Result of a successful close. */
export interface WrittenFile {
  /** Hex sha256 of the complete file's bytes. */
  sha256: string;
  /** File size in bytes (header + data). */
  bytes: number;
}

export interface WavWriter {
  /** Append samples (any chunk length; values in [-1, 1) for pcm16, finite). */
  write(chunk: Float32Array): void;
  /** Finish: checks the sample count, renames the temporary file to `path`. */
  close(): WrittenFile;
  /** Discard: removes the temporary file. No-op after close() or a previous abort(). */
  abort(): void;
}

let tmpCounter = 0;

/** A temporary name next to `path` (same file system, so rename is atomic). */
function tmpPathFor(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}.${tmpCounter++}.tmp`);
}

function reason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** Open a streaming writer for a mono WAV file at `path`. */
export function openWavWriter(path: string, opts: WavWriterOptions): WavWriter {
  const { sampleRate, format, totalSamples } = opts;
  if (!Number.isInteger(totalSamples) || totalSamples < 0) {
    throw new RangeError(
      `${path}: totalSamples must be a non-negative integer, got ${totalSamples}`,
    );
  }
  const bps = bytesPerSample(format);
  checkEncodable(path, sampleRate, totalSamples * bps, format);

  const tmp = tmpPathFor(path);
  let fd: number;
  try {
    fd = openSync(tmp, 'wx');
  } catch (err) {
    throw new AudioError(path, audioMessages.writeFailed(path, reason(err)), { cause: err });
  }
  const hash = createHash('sha256');
  let state: 'open' | 'closed' | 'aborted' = 'open';
  let written = 0;
  let buffer = new Uint8Array(0);

  const abort = () => {
    if (state !== 'open') return;
    state = 'aborted';
    try {
      closeSync(fd);
    } catch {
      // Already closed by a failed close(); the temporary file is removed either way.
    }
    rmSync(tmp, { force: true });
  };
  // Any failure leaves no file behind; I/O errors are reported with the destination path.
  const guarded = <T>(fn: () => T): T => {
    if (state !== 'open') throw new AudioError(path, audioMessages.writerNotOpen(path, state));
    try {
      return fn();
    } catch (err) {
      abort();
      if (err instanceof AudioError) throw err;
      throw new AudioError(path, audioMessages.writeFailed(path, reason(err)), { cause: err });
    }
  };
  const append = (bytes: Uint8Array) => {
    hash.update(bytes);
    for (let off = 0; off < bytes.length;) off += writeSync(fd, bytes, off);
  };

  guarded(() => append(wavHeader(format, sampleRate, totalSamples)));

  return {
    write(chunk: Float32Array): void {
      guarded(() => {
        if (written + chunk.length > totalSamples) {
          throw new AudioError(
            path,
            audioMessages.writeCountMismatch(path, written + chunk.length, totalSamples),
          );
        }
        const need = chunk.length * bps;
        if (buffer.length < need) buffer = new Uint8Array(Math.max(need, 1 << 16));
        const out = buffer.subarray(0, need);
        encodeSamplesInto(chunk, out, format, path, written);
        append(out);
        written += chunk.length;
      });
    },
    close(): WrittenFile {
      return guarded(() => {
        if (written !== totalSamples) {
          throw new AudioError(path, audioMessages.writeCountMismatch(path, written, totalSamples));
        }
        closeSync(fd);
        state = 'closed';
        try {
          renameSync(tmp, path);
        } catch (err) {
          rmSync(tmp, { force: true });
          throw err;
        }
        buffer = new Uint8Array(0);
        return { sha256: hash.digest('hex'), bytes: wavHeaderBytes(format) + totalSamples * bps };
      });
    },
    abort,
  };
}

/** Write a whole mono signal to `path` atomically (temporary file + rename). */
export function writeWav(
  path: string,
  samples: Float32Array,
  sampleRate: number,
  format: WavFormat = 'pcm16',
): WrittenFile {
  const writer = openWavWriter(path, { sampleRate, format, totalSamples: samples.length });
  writer.write(samples);
  return writer.close();
}
