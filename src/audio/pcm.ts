/**
 * Sample conversion kernels between raw WAV sample data and Float32Array, written for speed:
 * typed-array views over the file bytes (no per-sample DataView calls) and one tight loop per
 * case. The corpus is 21 h of audio, so these loops dominate audio I/O time.
 *
 * Scaling: an n-bit integer k maps to k / 2^(n-1), so values lie in [-1, 1) and a 16-bit sample
 * decodes to exactly k / 32768. 8-bit WAV is unsigned with bias 128: (u - 128) / 128.
 */
import { audioCallMessages } from '../messages/index.ts';

/** Interleaved raw samples as they sit in a WAV data chunk (24-bit is widened to Int32Array). */
export type RawSamples = Uint8Array | Int16Array | Int32Array | Float32Array | Float64Array;

interface TypedArrayCtor<T> {
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

// Views reinterpret file bytes in host order; WAV is little-endian, as is every platform Node
// ships for except s390x, where we refuse to run rather than silently byte-swap audio.
if (new Uint8Array(new Uint16Array([1]).buffer)[0] !== 1) {
  throw new Error(audioCallMessages.bigEndianHost());
}

/**
 * `count` elements of type T starting `offset` bytes into `bytes`. A view when the address is
 * aligned for T (the usual case: chunks start at even offsets), otherwise an aligned copy.
 */
export function viewAs<T>(
  ctor: TypedArrayCtor<T>,
  bytes: Uint8Array,
  offset: number,
  count: number,
): T {
  const at = bytes.byteOffset + offset;
  if (at % ctor.BYTES_PER_ELEMENT === 0) return new ctor(bytes.buffer, at, count);
  // Copy explicitly: a Node Buffer's slice() is a view into a shared pool, not a copy.
  const copy = new Uint8Array(count * ctor.BYTES_PER_ELEMENT);
  copy.set(bytes.subarray(offset, offset + copy.length));
  return new ctor(copy.buffer, 0, count);
}

/** Widen `count` little-endian signed 24-bit integers starting at bytes[offset] to Int32. */
export function int24ToInt32(bytes: Uint8Array, offset: number, count: number): Int32Array {
  const out = new Int32Array(count);
  for (let i = 0, p = offset; i < count; i++, p += 3) {
    // Assemble into the top 24 bits, then arithmetic-shift down to sign-extend.
    out[i] = ((bytes[p] << 8) | (bytes[p + 1] << 16) | (bytes[p + 2] << 24)) >> 8;
  }
  return out;
}

/**
 * Mono signal from interleaved raw samples: ((raw - bias) * scale), either averaged over all
 * `channels` (channel undefined) or taken from one 0-based `channel`.
 * Output length: src.length / channels frames.
 */
export function toMono(
  src: RawSamples,
  channels: number,
  scale: number,
  bias: number,
  channel?: number,
): Float32Array {
  const frames = src.length / channels;
  const out = new Float32Array(frames);
  if (channels === 1 || channel !== undefined) {
    const c = channel ?? 0;
    if (channels === 1 && scale === 1 && bias === 0) {
      out.set(src);
      return out;
    }
    for (let i = 0, p = c; i < frames; i++, p += channels) out[i] = (src[p] - bias) * scale;
    return out;
  }
  if (channels === 2) {
    const k = scale / 2;
    for (let i = 0, p = 0; i < frames; i++, p += 2) out[i] = (src[p] + src[p + 1] - 2 * bias) * k;
    return out;
  }
  const k = scale / channels;
  const b = bias * channels;
  for (let i = 0, p = 0; i < frames; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += src[p++];
    out[i] = (sum - b) * k;
  }
  return out;
}

/** Index of the first NaN or +-Infinity in x, or -1 when all are finite. */
export function firstNonFinite(x: Float32Array | Float64Array, start = 0, end = x.length): number {
  for (let i = start; i < end; i++) {
    const v = x[i];
    if (v - v !== 0) return i; // NaN - NaN and Inf - Inf are NaN
  }
  return -1;
}

/**
 * Encode src[0..n) as 16-bit PCM into dst[0..n): round(x * 32768) to nearest (halves up),
 * clipped to [-32768, 32767]. Returns the index of the first non-finite sample (and stops
 * there), or -1 on success.
 */
export function floatToPcm16(src: Float32Array, dst: Int16Array): number {
  const n = src.length;
  for (let i = 0; i < n; i++) {
    let v = src[i] * 32768;
    if (v - v !== 0) return i;
    if (v > 32767) v = 32767;
    else if (v < -32768) v = -32768;
    // floor(v + 0.5) computed as a truncation of a positive number (same as Math.round(v)).
    dst[i] = ((v + 32768.5) | 0) - 32768;
  }
  return -1;
}

/** Copy src into dst as 32-bit float. Returns the first non-finite index, or -1 on success. */
export function floatToFloat32(src: Float32Array, dst: Float32Array): number {
  const bad = firstNonFinite(src);
  if (bad >= 0) return bad;
  dst.set(src);
  return -1;
}
