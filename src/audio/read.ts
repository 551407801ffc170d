/**
 * Reading any audio file as a mono signal at a requested sample rate: the one entry point the
 * rest of the project uses. WAV at the requested rate is decoded in-process and never spawns
 * SoX; a WAV at another rate is decoded (and validated) here, then resampled by SoX; any other
 * format is decoded by SoX.
 */
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { audioMessages } from '../messages/index.ts';
import { AudioError } from './errors.ts';
import { firstNonFinite, toMono } from './pcm.ts';
import { soxChannels, soxDecode, soxResample } from './sox.ts';
import { decodeWav } from './wav.ts';
import { isRiffWave } from './wavHeader.ts';

export interface ReadAudioOptions {
  /** Output sample rate in Hz (positive integer). Default 16000, the paper's rate. */
  sampleRate?: number;
  /** 0-based channel to keep; default: average all channels. Error if >= channel count. */
  channel?: number;
}

export interface Audio {
  /** Mono samples, nominally in [-1, 1) (float files may exceed it). */
  samples: Float32Array;
  /** Hz; always the requested rate. */
  sampleRate: number;
}

const WAV_EXTENSIONS = new Set(['.wav', '.wave']);

/** Read `path` as mono audio at `opts.sampleRate` Hz. Every failure is an AudioError. */
export async function readAudio(path: string, opts: ReadAudioOptions = {}): Promise<Audio> {
  return decodeAudio(await readAudioBytes(path), path, opts);
}

/** The bytes of an audio file; a missing, unreadable or empty file is an AudioError. */
export async function readAudioBytes(path: string): Promise<Buffer> {
  let bytes: Buffer;
  try {
    bytes = await readFile(path);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new AudioError(path, audioMessages.cannotRead(path, reason), { cause: err });
  }
  if (bytes.length === 0) throw new AudioError(path, audioMessages.empty(path));
  return bytes;
}

/**
 * The audio in `bytes`, the contents of `path` (readAudio without the read, for callers that
 * also hash the bytes). Formats other than WAV are decoded by SoX from `path`.
 */
export async function decodeAudio(
  bytes: Buffer,
  path: string,
  opts: ReadAudioOptions = {},
): Promise<Audio> {
  const sampleRate = opts.sampleRate ?? 16000;
  const { channel } = opts;
  if (!Number.isInteger(sampleRate) || sampleRate <= 0) {
    throw new RangeError(
      `readAudio: sampleRate must be a positive integer in Hz, got ${sampleRate}`,
    );
  }

  if (isRiffWave(bytes) || WAV_EXTENSIONS.has(extname(path).toLowerCase())) {
    // parseWavHeader throws "not a RIFF/WAVE file" for a .wav that is not one.
    const decoded = decodeWav(bytes, { file: path, channel });
    if (decoded.sampleRate === sampleRate) return { samples: decoded.samples, sampleRate };
    const samples = await soxResample(decoded.samples, decoded.sampleRate, sampleRate, path);
    return { samples: checked(samples, path), sampleRate };
  }

  const why = 'it is not a WAV file';
  const channels = await soxChannels(path, why);
  if (channel !== undefined && (!Number.isInteger(channel) || channel < 0 || channel >= channels)) {
    throw new AudioError(path, audioMessages.channelOutOfRange(path, channel, channels));
  }
  const interleaved = await soxDecode(path, sampleRate, why);
  return { samples: checked(toMono(interleaved, channels, 1, 0, channel), path), sampleRate };
}

/** Refuse an empty or non-finite result of a SoX conversion. */
function checked(samples: Float32Array, path: string): Float32Array {
  if (samples.length === 0) throw new AudioError(path, audioMessages.noSamples(path));
  const bad = firstNonFinite(samples);
  if (bad >= 0)
    throw new AudioError(path, audioMessages.nonFinite(path, bad, undefined, samples[bad]));
  return samples;
}
