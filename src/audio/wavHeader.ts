/**
 * RIFF/WAVE container: parsing the chunk list of a file held in memory (parseWavHeader, built
 * from pieces that stream.ts also uses to read a header by positioned reads), and building the
 * canonical 44-byte header that this project writes.
 *
 * Layout (all integers little-endian): "RIFF" u32 "WAVE", then chunks of (4-byte id, u32 size,
 * body, one pad byte when size is odd). We need "fmt " (encoding, channels, rate, bit depth)
 * and "data" (interleaved frames); every other chunk (LIST, fact, cue, bext...) is skipped.
 */
import { audioMessages } from '../messages/index.ts';
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
 * Throw unless `head`, the first 12 bytes of a file (the whole file when shorter), is a
 * RIFF/WAVE header: an empty file, a cut-off header and another format each have their message.
 */
export function checkRiffWave(head: Uint8Array, file: string): void {
  if (head.length === 0) throw new AudioError(file, audioMessages.empty(file));
  if (head.length < 12) {
    if (ascii(head, 0, 4) !== 'RIFF'.slice(0, Math.min(4, head.length))) {
      throw new AudioError(file, audioMessages.notRiffWave(file, headOf(head)));
    }
    throw new AudioError(file, audioMessages.truncatedHeader(file, 12, head.length));
  }
  if (!isRiffWave(head)) throw new AudioError(file, audioMessages.notRiffWave(file, headOf(head)));
}

/** One chunk of the list: its id, body size and offset, and the offset of the next chunk. */
export interface WavChunk {
  id: string;
  size: number;
  /** Byte offset of the body in the file. */
  body: number;
  /** Byte offset of the next chunk header (after the pad byte of an odd-sized body). */
  next: number;
}

/**
 * The chunk whose 8-byte header `head` starts at byte `pos` of a file of `fileBytes` bytes.
 * Throws when the declared body runs past the end of the file.
 */
export function chunkAt(head: Uint8Array, pos: number, fileBytes: number, file: string): WavChunk {
  const id = ascii(head, 0, 4);
  const size = new DataView(head.buffer, head.byteOffset, 8).getUint32(4, true);
  const body = pos + 8;
  const present = fileBytes - body;
  if (size > present)
    throw new AudioError(file, audioMessages.truncatedChunk(file, id, size, present));
  return { id, size, body, next: body + size + (size & 1) };
}

/**
 * The error for chunk `id` not found by a walk that stopped at byte `pos` of `fileBytes`:
 * a cut-off chunk header when bytes are left over, otherwise a missing chunk.
 */
export function missingChunk(id: string, pos: number, fileBytes: number, file: string): AudioError {
  return pos < fileBytes
    ? new AudioError(file, audioMessages.truncatedHeader(file, pos + 8, fileBytes))
    : new AudioError(file, audioMessages.missingChunk(file, id));
}

/** What the "fmt " chunk says about the samples. */
export type WavFmt = Pick<WavInfo, 'sampleRate' | 'channels' | 'encoding' | 'bitsPerSample'>;

/** Parse and validate the body of a "fmt " chunk (`body.length` = its declared size). */
export function parseFmt(body: Uint8Array, file: string): WavFmt {
  if (body.length < 16) throw new AudioError(file, audioMessages.fmtTooShort(file, body.length));
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength);
  let tag = dv.getUint16(0, true);
  const channels = dv.getUint16(2, true);
  const sampleRate = dv.getUint32(4, true);
  const blockAlign = dv.getUint16(12, true);
  const bitsPerSample = dv.getUint16(14, true);
  if (tag === WAVE_FORMAT_EXTENSIBLE) {
    // cbSize(2) validBits(2) channelMask(4) then the 16-byte SubFormat GUID, whose first two
    // bytes are the plain format tag. validBits is ignored: samples are left-justified in the
    // container, so scaling by the container width gives the right [-1, 1) values.
    if (body.length < 40) throw new AudioError(file, audioMessages.fmtTooShort(file, body.length));
    tag = dv.getUint16(24, true);
  }
  let encoding: WavEncoding;
  if (tag === WAVE_FORMAT_PCM) encoding = 'pcm';
  else if (tag === WAVE_FORMAT_IEEE_FLOAT) encoding = 'float';
  else
    throw new AudioError(
      file,
      audioMessages.unsupportedEncoding(file, tag, KNOWN_TAGS[tag] ?? 'unknown'),
    );

  if (channels === 0) throw new AudioError(file, audioMessages.zeroChannels(file));
  if (sampleRate === 0) throw new AudioError(file, audioMessages.zeroSampleRate(file));
  if (!SUPPORTED_BITS[encoding].includes(bitsPerSample)) {
    const name = encoding === 'pcm' ? 'PCM integer' : 'IEEE float';
    throw new AudioError(file, audioMessages.unsupportedBits(file, name, bitsPerSample));
  }
  if (blockAlign !== frameBytes({ channels, bitsPerSample })) {
    throw new AudioError(
      file,
      audioMessages.badBlockAlign(file, blockAlign, channels, bitsPerSample),
    );
  }
  return { sampleRate, channels, encoding, bitsPerSample };
}

/** Bytes per interleaved frame. */
export function frameBytes(fmt: Pick<WavFmt, 'channels' | 'bitsPerSample'>): number {
  return (fmt.channels * fmt.bitsPerSample) / 8;
}

/** The full header info from a valid `fmt` and the "data" chunk; throws unless whole frames. */
export function dataLayout(fmt: WavFmt, data: WavChunk, file: string): WavInfo {
  const frame = frameBytes(fmt);
  if (data.size % frame !== 0)
    throw new AudioError(file, audioMessages.partialFrame(file, data.size, frame));
  if (data.size === 0) throw new AudioError(file, audioMessages.noSamples(file));
  return { ...fmt, dataOffset: data.body, dataBytes: data.size, frames: data.size / frame };
}

/**
 * Parse and validate the header of a WAV file held in `bytes`. `file` names the file in errors.
 * Throws AudioError for anything we cannot decode; never returns an empty signal.
 */
export function parseWavHeader(bytes: Uint8Array, file: string): WavInfo {
  checkRiffWave(bytes.subarray(0, 12), file);
  let fmt: WavChunk | undefined;
  let data: WavChunk | undefined;
  let pos = 12;
  // The RIFF size field is often wrong (streamed writers), so we walk the chunks up to the end
  // of the buffer instead of trusting it, and stop once we have both chunks we need: anything
  // after them (even a cut-off trailing chunk) is never read.
  while (pos + 8 <= bytes.length && !(fmt && data)) {
    const c = chunkAt(bytes.subarray(pos, pos + 8), pos, bytes.length, file);
    if (c.id === 'fmt ') fmt = c;
    else if (c.id === 'data') data = c;
    pos = c.next;
  }
  if (!fmt) throw missingChunk('fmt ', pos, bytes.length, file);
  const format = parseFmt(bytes.subarray(fmt.body, fmt.body + fmt.size), file);
  if (!data) throw missingChunk('data', pos, bytes.length, file);
  return dataLayout(format, data, file);
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
