/**
 * Hand-built RIFF/WAVE files for tests: every byte is spelled out here, independently of the
 * codec under test, so headers with odd chunks, extensible formats or corruption are exact.
 */

/** A chunk: 4-char id, little-endian u32 size (default: body length), body, pad byte if odd. */
export function chunk(id: string, body: Uint8Array, declaredSize = body.length): Uint8Array {
  const pad = body.length & 1;
  const out = new Uint8Array(8 + body.length + pad);
  for (let i = 0; i < 4; i++) out[i] = id.charCodeAt(i);
  new DataView(out.buffer).setUint32(4, declaredSize, true);
  out.set(body, 8);
  return out;
}

/** "RIFF" size "WAVE" followed by `chunks`. */
export function riff(...chunks: Uint8Array[]): Uint8Array {
  const len = chunks.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array(12 + len);
  out.set([0x52, 0x49, 0x46, 0x46], 0); // RIFF
  new DataView(out.buffer).setUint32(4, 4 + len, true);
  out.set([0x57, 0x41, 0x56, 0x45], 8); // WAVE
  let at = 12;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

export interface FmtFields {
  tag: number;
  channels: number;
  sampleRate: number;
  bits: number;
  /** Default channels * bits / 8. */
  blockAlign?: number;
  /** For tag 0xfffe: the SubFormat tag (1 PCM, 3 float) and valid bits. */
  subTag?: number;
  validBits?: number;
}

/** A "fmt " chunk: 16 bytes, or 40 for WAVE_FORMAT_EXTENSIBLE. */
export function fmt(f: FmtFields): Uint8Array {
  const ext = f.tag === 0xfffe;
  const body = new Uint8Array(ext ? 40 : 16);
  const dv = new DataView(body.buffer);
  const blockAlign = f.blockAlign ?? (f.channels * f.bits) / 8;
  dv.setUint16(0, f.tag, true);
  dv.setUint16(2, f.channels, true);
  dv.setUint32(4, f.sampleRate, true);
  dv.setUint32(8, f.sampleRate * blockAlign, true);
  dv.setUint16(12, blockAlign, true);
  dv.setUint16(14, f.bits, true);
  if (ext) {
    dv.setUint16(16, 22, true); // cbSize
    dv.setUint16(18, f.validBits ?? f.bits, true);
    dv.setUint32(20, (1 << f.channels) - 1, true); // channel mask
    // SubFormat GUID: tag, then 00000000-0010-8000-00AA00389B71.
    dv.setUint16(24, f.subTag ?? 1, true);
    body.set([0, 0, 0, 0, 0x10, 0, 0x80, 0, 0, 0xaa, 0, 0x38, 0x9b, 0x71], 26);
  }
  return chunk('fmt ', body);
}

/** Little-endian bytes of integer samples of `bytes` width (1: unsigned 8-bit). */
export function intBytes(values: number[], bytes: number): Uint8Array {
  const out = new Uint8Array(values.length * bytes);
  values.forEach((v, i) => {
    for (let b = 0; b < bytes; b++) out[i * bytes + b] = (v >> (8 * b)) & 0xff;
  });
  return out;
}

/** Little-endian bytes of float32 or float64 samples. */
export function floatBytes(values: number[], bits: 32 | 64): Uint8Array {
  const out = new Uint8Array(values.length * (bits / 8));
  const dv = new DataView(out.buffer);
  values.forEach((v, i) =>
    bits === 32 ? dv.setFloat32(i * 4, v, true) : dv.setFloat64(i * 8, v, true),
  );
  return out;
}
