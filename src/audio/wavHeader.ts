/**
 * RIFF/WAVE container: parsing the chunk list of a file held in memory, and building the
 * canonical 44-byte header that this project writes.
 *
 * Layout (all integers little-endian): "RIFF" u32 "WAVE", then chunks of (4-byte id, u32 size,
 * body, one pad byte when size is odd). We need "fmt " (encoding, channels, rate, bit depth)
 * and "data" (interleaved frames); every other chunk (LIST, fact, cue, bext...) is skipped.
 */
import { audioMessages as M } from '../messages.ts';
import { AudioError } from './errors.ts';

/** Sample encodings we decode: integer PCM (8-bit unsigned, 16/24/32 signed) or IEEE float. */
export type WavEncoding = 'pcm' | 'float';

/** What the header says about the samples, plus where they are in the buffer. */
export interface WavInfo {
  /** Samples per second per channel, in Hz (> 0). */
  sampleRate: number;
  /** Channel count (>= 1); frames are interleaved. */
  channels: number;
  encoding: WavEncoding;
  /** Container bits per sample: 8, 16, 24, 32 (pcm) or 32, 64 (float). */
  bitsPerSample: number;
  /** Byte offset of the first sample from the start of the buffer. */
  dataOffset: number;
  /** Length of the sample data in bytes (a whole number of frames). */
  dataBytes: number;
  /** Number of frames (samples per channel). */
  frames: number;
}

const WAVE_FORMAT_PCM = 0x0001;
const WAVE_FORMAT_IEEE_FLOAT = 0x0003;
const WAVE_FORMAT_EXTENSIBLE = 0xfffe;

/** Names of common encodings we do not decode, for the error message. */
const KNOWN_TAGS: Record<number, string> = {
  0x0002: 'Microsoft ADPCM',
  0x0006: 'A-law',
  0x0007: 'mu-law',
  0x0011: 'IMA ADPCM',
  0x0031: 'GSM 6.10',
  0x0050: 'MPEG',
  0x0055: 'MPEG Layer 3 (MP3)',
};

const SUPPORTED_BITS: Record<WavEncoding, readonly number[]> = {
  pcm: [8, 16, 24, 32],
  float: [32, 64],
};

function ascii(bytes: Uint8Array, start: number, length: number): string {
  let s = '';
  for (let i = start; i < start + length && i < bytes.length; i++)
    s += String.fromCharCode(bytes[i]);
  return s;
}

/** True when `bytes` starts with "RIFF" <size> "WAVE". */
export function isRiffWave(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 4) === 'WAVE';
}

/** The first bytes of a file, printable, for "not a WAV file" messages. */
function headOf(bytes: Uint8Array): string {
  return ascii(bytes, 0, 12).replace(/[^\x20-\x7e]/g, '.');
}

/**
 * Parse and validate the header of a WAV file held in `bytes`. `file` names the file in errors.
 * Throws AudioError for anything we cannot decode; never returns an empty signal.
 */
export function parseWavHeader(bytes: Uint8Array, file: string): WavInfo {
  if (bytes.length === 0) throw new AudioError(file, M.empty(file));
  if (bytes.length < 12) {
    if (ascii(bytes, 0, 4) !== 'RIFF'.slice(0, Math.min(4, bytes.length))) {
      throw new AudioError(file, M.notRiffWave(file, headOf(bytes)));
    }
    throw new AudioError(file, M.truncatedHeader(file, 12, bytes.length));
  }
  if (!isRiffWave(bytes)) throw new AudioError(file, M.notRiffWave(file, headOf(bytes)));

  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let fmt: { offset: number; size: number } | undefined;
  let data: { offset: number; size: number } | undefined;
  let pos = 12;
  // The RIFF size field is often wrong (streamed writers), so we walk the chunks up to the end
  // of the buffer instead of trusting it, and stop once we have both chunks we need: anything
  // after them (even a cut-off trailing chunk) is never read.
  while (pos + 8 <= bytes.length && !(fmt && data)) {
    const id = ascii(bytes, pos, 4);
    const size = dv.getUint32(pos + 4, true);
    const body = pos + 8;
    const present = bytes.length - body;
    if (size > present) {
      throw new AudioError(file, M.truncatedChunk(file, id, size, present));
    }
    if (id === 'fmt ') fmt = { offset: body, size };
    else if (id === 'data') data = { offset: body, size };
    pos = body + size + (size & 1);
  }
  if (!fmt) {
    if (pos < bytes.length)
      throw new AudioError(file, M.truncatedHeader(file, pos + 8, bytes.length));
    throw new AudioError(file, M.missingChunk(file, 'fmt '));
  }
  if (fmt.size < 16) throw new AudioError(file, M.fmtTooShort(file, fmt.size));

  let tag = dv.getUint16(fmt.offset, true);
  const channels = dv.getUint16(fmt.offset + 2, true);
  const sampleRate = dv.getUint32(fmt.offset + 4, true);
  const blockAlign = dv.getUint16(fmt.offset + 12, true);
  const bitsPerSample = dv.getUint16(fmt.offset + 14, true);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    // cbSize(2) validBits(2) channelMask(4) then the 16-byte SubFormat GUID, whose first two
    // bytes are the plain format tag. validBits is ignored: samples are left-justified in the
    // container, so scaling by the container width gives the right [-1, 1) values.
    if (fmt.size < 40) throw new AudioError(file, M.fmtTooShort(file, fmt.size));
    tag = dv.getUint16(fmt.offset + 24, true);
  }
  let encoding: WavEncoding;
  if (tag === WAVE_FORMAT_PCM) encoding = 'pcm';
  else if (tag === WAVE_FORMAT_IEEE_FLOAT) encoding = 'float';
  else throw new AudioError(file, M.unsupportedEncoding(file, tag, KNOWN_TAGS[tag] ?? 'unknown'));

  if (channels === 0) throw new AudioError(file, M.zeroChannels(file));
  if (sampleRate === 0) throw new AudioError(file, M.zeroSampleRate(file));
  if (!SUPPORTED_BITS[encoding].includes(bitsPerSample)) {
    const name = encoding === 'pcm' ? 'PCM integer' : 'IEEE float';
    throw new AudioError(file, M.unsupportedBits(file, name, bitsPerSample));
  }
  const frameBytes = (channels * bitsPerSample) / 8;
  if (blockAlign !== frameBytes) {
    throw new AudioError(file, M.badBlockAlign(file, blockAlign, channels, bitsPerSample));
  }
  if (!data) {
    if (pos < bytes.length)
      throw new AudioError(file, M.truncatedHeader(file, pos + 8, bytes.length));
    throw new AudioError(file, M.missingChunk(file, 'data'));
  }
  if (data.size % frameBytes !== 0) {
    throw new AudioError(file, M.partialFrame(file, data.size, frameBytes));
  }
  if (data.size === 0) throw new AudioError(file, M.noSamples(file));
  return {
    sampleRate,
    channels,
    encoding,
    bitsPerSample,
    dataOffset: data.offset,
    dataBytes: data.size,
    frames: data.size / frameBytes,
  };
}

/** Output formats: 16-bit integer PCM, or 32-bit IEEE float. */
export type WavFormat = 'pcm16' | 'float32';

/** Bytes per sample of an output format. */
export function bytesPerSample(format: WavFormat): number {
  return format === 'pcm16' ? 2 : 4;
}

/**
 * Size of the header wavHeader writes, bytes. PCM: the canonical 44 bytes (RIFF, 16-byte "fmt ",
 * "data"). Float: 58 bytes, an 18-byte "fmt " (cbSize 0) and a "fact" chunk with the sample
 * count, as the WAV spec wants for non-PCM data and as SoX itself writes float WAV (a bare
 * 16-byte float "fmt ", or WAVE_FORMAT_EXTENSIBLE, makes SoX warn "wave header missing extended
 * part of fmt chunk"). The float data then starts at an offset that is not 4-byte aligned.
 */
export function wavHeaderBytes(format: WavFormat): number {
  return format === 'pcm16' ? 44 : 58;
}

/** Largest data chunk a WAV of this format can declare (the RIFF size field is u32). */
export function maxWavDataBytes(format: WavFormat): number {
  return 0xffffffff - (wavHeaderBytes(format) - 8);
}

/** The mono header of a `format` file of `samples` samples (see wavHeaderBytes for its layout). */
export function wavHeader(format: WavFormat, sampleRate: number, samples: number): Uint8Array {
  const bps = bytesPerSample(format);
  const dataBytes = samples * bps;
  const size = wavHeaderBytes(format);
  const pcm = format === 'pcm16';
  const h = new Uint8Array(size);
  const dv = new DataView(h.buffer);
  const put = (at: number, s: string) => {
    for (let i = 0; i < 4; i++) h[at + i] = s.charCodeAt(i);
  };
  put(0, 'RIFF');
  dv.setUint32(4, size - 8 + dataBytes, true);
  put(8, 'WAVE');
  put(12, 'fmt ');
  dv.setUint32(16, pcm ? 16 : 18, true);
  dv.setUint16(20, pcm ? WAVE_FORMAT_PCM : WAVE_FORMAT_IEEE_FLOAT, true);
  dv.setUint16(22, 1, true); // channels
  dv.setUint32(24, sampleRate, true);
  dv.setUint32(28, sampleRate * bps, true); // byte rate
  dv.setUint16(32, bps, true); // block align
  dv.setUint16(34, bps * 8, true); // bits per sample
  let at = 36;
  if (!pcm) {
    dv.setUint16(36, 0, true); // cbSize: no extension
    put(38, 'fact');
    dv.setUint32(42, 4, true);
    dv.setUint32(46, samples, true); // sample frames
    at = 50;
  }
  put(at, 'data');
  dv.setUint32(at + 4, dataBytes, true);
  return h;
}
