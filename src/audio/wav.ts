/**
 * WAV codec over typed arrays. Decodes integer PCM 8 (unsigned)/16/24/32-bit and IEEE float
 * 32/64-bit, plain or WAVE_FORMAT_EXTENSIBLE, any channel count, to a mono Float32Array in
 * [-1, 1) scaling; encodes mono 16-bit PCM or 32-bit float. Files: see wavWriter.ts, read.ts.
 */
import { audioCallMessages, audioMessages } from '../messages/index.ts';
import { AudioError } from './errors.ts';
import {
  firstNonFinite,
  floatToFloat32,
  floatToPcm16,
  int24ToInt32,
  toMono,
  viewAs,
  type RawSamples,
} from './pcm.ts';
import {
  bytesPerSample,
  maxWavDataBytes,
  wavHeaderBytes,
  parseWavHeader,
  wavHeader,
  type WavEncoding,
  type WavFmt,
  type WavFormat,
} from './wavHeader.ts';

export type { WavFormat } from './wavHeader.ts';

export interface DecodeOptions {
  /** Names the source in error messages (a path). Default "(buffer)". */
  file?: string;
  /** 0-based channel to keep; default: average all channels. Must be < the channel count. */
  channel?: number;
}

export interface DecodedWav {
  /** Mono samples, length = frames; integer formats scaled to [-1, 1). */
  samples: Float32Array;
  /** Hz. */
  sampleRate: number;
  /** Channel count of the file (before mixdown / selection). */
  channels: number;
  encoding: WavEncoding;
  /** Container bits per sample. */
  bitsPerSample: number;
}

/** The raw interleaved samples in `bytes` (whole frames), with the scale and bias that map them. */
function rawSamples(
  bytes: Uint8Array,
  encoding: WavEncoding,
  bits: number,
): { raw: RawSamples; scale: number; bias: number } {
  const n = bytes.length / (bits / 8);
  if (encoding === 'float') {
    const raw = bits === 32 ? viewAs(Float32Array, bytes, 0, n) : viewAs(Float64Array, bytes, 0, n);
    return { raw, scale: 1, bias: 0 };
  }
  switch (bits) {
    case 8:
      return { raw: bytes, scale: 1 / 128, bias: 128 };
    case 16:
      return { raw: viewAs(Int16Array, bytes, 0, n), scale: 1 / 32768, bias: 0 };
    case 24:
      return { raw: int24ToInt32(bytes, 0, n), scale: 1 / 8388608, bias: 0 };
    default:
      return { raw: viewAs(Int32Array, bytes, 0, n), scale: 1 / 2147483648, bias: 0 };
  }
}

/**
 * Throw the documented AudioError when a float source holds NaN or Infinity; `firstFrame` is
 * the index in the file of raw's first frame.
 */
function checkFinite(
  raw: Float32Array | Float64Array,
  channels: number,
  file: string,
  firstFrame: number,
): void {
  const bad = firstNonFinite(raw);
  if (bad < 0) return;
  const frame = firstFrame + Math.floor(bad / channels);
  const channel = channels > 1 ? bad % channels : undefined;
  throw new AudioError(file, audioMessages.nonFinite(file, frame, channel, raw[bad]));
}

/**
 * Mono samples (one per frame) of `bytes`, whole interleaved frames of data-chunk bytes in the
 * `fmt` encoding: all channels averaged, or the 0-based `channel` (assumed in range) kept.
 * Throws the documented AudioError on NaN/Infinity, the frame counted from `firstFrame` (the
 * index in the file of the first frame in `bytes`).
 */
export function decodeFrames(
  bytes: Uint8Array,
  fmt: WavFmt,
  file: string,
  firstFrame = 0,
  channel?: number,
): Float32Array {
  const { raw, scale, bias } = rawSamples(bytes, fmt.encoding, fmt.bitsPerSample);
  if (raw instanceof Float32Array || raw instanceof Float64Array) {
    checkFinite(raw, fmt.channels, file, firstFrame);
  }
  const samples = toMono(raw, fmt.channels, scale, bias, channel);
  // float64 values beyond float32 range (|x| > 3.4e38) become Infinity here.
  if (raw instanceof Float64Array) checkFinite(samples, 1, file, firstFrame);
  return samples;
}

/**
 * Decode a whole WAV file held in memory. Throws AudioError (message names `opts.file`) for
 * empty, truncated, corrupt, unsupported or non-finite input and for a channel out of range.
 */
export function decodeWav(bytes: Uint8Array, opts: DecodeOptions = {}): DecodedWav {
  const file = opts.file ?? '(buffer)';
  const info = parseWavHeader(bytes, file);
  const { channels, encoding, bitsPerSample } = info;
  const channel = opts.channel;
  if (channel !== undefined && (!Number.isInteger(channel) || channel < 0 || channel >= channels)) {
    throw new AudioError(file, audioMessages.channelOutOfRange(file, channel, channels));
  }
  const data = bytes.subarray(info.dataOffset, info.dataOffset + info.dataBytes);
  const samples = decodeFrames(data, info, file, 0, channel);
  return { samples, sampleRate: info.sampleRate, channels, encoding, bitsPerSample };
}

/**
 * Convert `samples` into `out` (a view of the data chunk, `bytesPerSample(format)` bytes per
 * sample). Throws the documented AudioError on NaN/Infinity; `first` is the index of
 * samples[0] in the whole signal (for the message), `file` names the destination.
 */
export function encodeSamplesInto(
  samples: Float32Array,
  out: Uint8Array,
  format: WavFormat,
  file: string,
  first = 0,
): void {
  const n = samples.length;
  // viewAs would silently return a copy for an unaligned target, losing the output.
  if (out.byteOffset % (format === 'pcm16' ? 2 : 4) !== 0) {
    throw new Error(audioCallMessages.unalignedOutput(format));
  }
  const bad =
    format === 'pcm16'
      ? floatToPcm16(samples, viewAs(Int16Array, out, 0, n))
      : floatToFloat32(samples, viewAs(Float32Array, out, 0, n));
  if (bad >= 0)
    throw new AudioError(file, audioMessages.writeNonFinite(file, first + bad, samples[bad]));
}

/** Throw unless `sampleRate` is a positive integer (Hz) and `bytes` fit a WAV file. */
export function checkEncodable(
  file: string,
  sampleRate: number,
  dataBytes: number,
  format: WavFormat,
): void {
  if (!Number.isInteger(sampleRate) || sampleRate <= 0 || sampleRate > 0xffffffff) {
    throw new RangeError(
      `${file}: sample rate must be a positive integer in Hz, got ${sampleRate}`,
    );
  }
  if (dataBytes > maxWavDataBytes(format))
    throw new AudioError(file, audioMessages.writeTooLarge(file, dataBytes));
}

/**
 * A complete mono WAV file (header, see wavHeaderBytes, + data) in memory. 16-bit PCM rounds to nearest and
 * clips to [-32768, 32767]; float32 stores the values unchanged. NaN/Infinity are errors.
 * `file` only names the signal in error messages.
 */
export function encodeWav(
  samples: Float32Array,
  sampleRate: number,
  format: WavFormat = 'pcm16',
  file = '(buffer)',
): Uint8Array {
  const dataBytes = samples.length * bytesPerSample(format);
  checkEncodable(file, sampleRate, dataBytes, format);
  const header = wavHeaderBytes(format);
  const out = new Uint8Array(header + dataBytes);
  out.set(wavHeader(format, sampleRate, samples.length));
  // The float header (58 bytes) leaves the data unaligned for a typed-array view: encode into
  // an aligned buffer and copy.
  const data = header % 4 === 0 ? out.subarray(header) : new Uint8Array(dataBytes);
  encodeSamplesInto(samples, data, format, file);
  if (data.buffer !== out.buffer) out.set(data, header);
  return out;
}
