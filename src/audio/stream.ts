/**
 * Streaming audio input (I/O edge): a file of any length as consecutive mono blocks at a
 * requested sample rate, with memory bounded by the block size whatever the file's length.
 * A WAV at the requested rate is read in-process from the file in blocks (never spawning SoX),
 * its header validated exactly as readAudio's (same AudioError messages); a WAV at another rate
 * and any other format are decoded by a `sox` child process whose raw float32 output is read as
 * it arrives (the pipe's back-pressure pauses SoX while a block is processed).
 * Channels are averaged to mono, as readAudio does. For a WAV at the requested rate the blocks
 * concatenate to readAudio's samples exactly; through SoX the conversion is the same, except
 * that a WAV at another rate is resampled before the channels are averaged (readAudio averages
 * first), which differs only by rounding.
 */
import { once } from 'node:events';
import { open, type FileHandle } from 'node:fs/promises';
import { extname } from 'node:path';
import { audioCallMessages, audioMessages } from '../messages/index.ts';
import { AudioError } from './errors.ts';
import { firstNonFinite, toMono, viewAs } from './pcm.ts';
import { soxChannels, soxDecodeStream } from './sox.ts';
import { decodeFrames } from './wav.ts';
import {
  checkRiffWave,
  chunkAt,
  dataLayout,
  frameBytes,
  isRiffWave,
  missingChunk,
  parseFmt,
  type WavChunk,
  type WavInfo,
} from './wavHeader.ts';

export interface AudioStreamOptions {
  /** Output sample rate, Hz. */
  sampleRate: number;
  /** Samples per block (the last may be shorter). Default 10 s at the output rate. */
  blockSamples?: number;
}

async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

/**
 * The header of a WAV file of `size` bytes whose first 12 bytes (fewer when the file is
 * shorter) are `head`, read by positioned reads (the data chunk is not read). The chunks are
 * walked as parseWavHeader walks them, with its pieces, so every error message is the one
 * readAudio gives for the same file.
 */
async function wavHeaderOf(
  fh: FileHandle,
  head: Uint8Array,
  size: number,
  file: string,
): Promise<WavInfo> {
  checkRiffWave(head, file);
  let fmt: WavChunk | undefined;
  let data: WavChunk | undefined;
  let pos = 12;
  while (pos + 8 <= size && !(fmt && data)) {
    const c = chunkAt(await readAt(fh, pos, 8), pos, size, file);
    if (c.id === 'fmt ') fmt = c;
    else if (c.id === 'data') data = c;
    pos = c.next;
  }
  if (!fmt) throw missingChunk('fmt ', pos, size, file);
  const format = parseFmt(await readAt(fh, fmt.body, fmt.size), file);
  if (!data) throw missingChunk('data', pos, size, file);
  return dataLayout(format, data, file);
}

/** Mono blocks of a WAV at its own rate, read from the file block by block. */
async function* wavBlocks(
  fh: FileHandle,
  info: WavInfo,
  file: string,
  block: number,
): AsyncGenerator<Float32Array> {
  const bytesPerFrame = frameBytes(info);
  for (let frame = 0; frame < info.frames; frame += block) {
    const n = Math.min(block, info.frames - frame);
    const bytes = await readAt(fh, info.dataOffset + frame * bytesPerFrame, n * bytesPerFrame);
    if (bytes.length !== n * bytesPerFrame) {
      throw new AudioError(
        file,
        audioMessages.cannotRead(file, 'the file shrank while it was read'),
      );
    }
    yield decodeFrames(bytes, info, file, frame);
  }
}

/**
 * Mono blocks of any file SoX reads, resampled to `rate`, read from sox's stdout as it runs.
 * `channels` is the file's channel count when already known (else sox is asked).
 */
async function* soxBlocks(
  file: string,
  rate: number,
  block: number,
  why: string,
  channels?: number,
): AsyncGenerator<Float32Array> {
  const inFile = channels ?? (await soxChannels(file, why));
  const { child, exit } = soxDecodeStream(file, rate, why);
  const bytesPerFrame = 4 * inFile;
  const blockBytes = block * bytesPerFrame;
  let done = 0;
  const emit = (bytes: Buffer): Float32Array => {
    const mono = toMono(viewAs(Float32Array, bytes, 0, bytes.length / 4), inFile, 1, 0);
    const bad = firstNonFinite(mono);
    if (bad >= 0)
      throw new AudioError(file, audioMessages.nonFinite(file, done + bad, undefined, mono[bad]));
    done += mono.length;
    return mono;
  };
  // Pipe chunks are collected and joined once a whole block has arrived.
  let parts: Buffer[] = [];
  let have = 0;
  const joined = (): Buffer => (parts.length === 1 ? parts[0] : Buffer.concat(parts, have));
  let finished = false;
  try {
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      parts.push(chunk);
      have += chunk.length;
      if (have < blockBytes) continue;
      const all = joined();
      let at = 0;
      while (have - at >= blockBytes) {
        yield emit(all.subarray(at, at + blockBytes));
        at += blockBytes;
      }
      parts = at < all.length ? [all.subarray(at)] : [];
      have -= at;
    }
    const failure = await exit;
    finished = true;
    if (failure) throw failure;
    const whole = have - (have % bytesPerFrame);
    if (whole > 0) yield emit(joined().subarray(0, whole));
    if (done === 0) throw new AudioError(file, audioMessages.noSamples(file));
  } finally {
    if (!finished && child.exitCode === null && child.signalCode === null) {
      child.kill();
      await once(child, 'close').catch(() => undefined);
    }
  }
}

/**
 * `path` as consecutive mono blocks at `opts.sampleRate` Hz (each at most blockSamples long).
 * Every failure is an AudioError naming the file; with SoX, a failure that SoX reports only
 * when it exits comes after the blocks it produced.
 */
export async function* audioBlocks(
  path: string,
  opts: AudioStreamOptions,
): AsyncGenerator<Float32Array> {
  const rate = opts.sampleRate;
  if (!Number.isInteger(rate) || rate <= 0) {
    throw new RangeError(audioCallMessages.badStreamRate(rate));
  }
  const block = Math.max(1, Math.floor(opts.blockSamples ?? 10 * rate));
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (err) {
    throw new AudioError(path, audioMessages.cannotRead(path, (err as Error).message), {
      cause: err,
    });
  }
  let info: WavInfo | null = null;
  try {
    const size = (await fh.stat()).size;
    if (size === 0) throw new AudioError(path, audioMessages.empty(path));
    const head = await readAt(fh, 0, 12);
    if (isRiffWave(head) || ['.wav', '.wave'].includes(extname(path).toLowerCase())) {
      info = await wavHeaderOf(fh, head, size, path);
    }
    if (info && info.sampleRate === rate) {
      yield* wavBlocks(fh, info, path, block);
      return;
    }
  } finally {
    await fh.close();
  }
  const why = info ? `resampling from ${info.sampleRate} Hz to ${rate} Hz` : 'it is not a WAV file';
  yield* soxBlocks(path, rate, block, why, info?.channels);
}
