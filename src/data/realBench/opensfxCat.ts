/**
 * The OpenTTD sound catalogue (`.cat`) format, as OpenSFX ships it (pure, over bytes):
 * a table of (offset, size) little-endian uint32 pairs (the first offset / 8 is the entry
 * count; the top bit of an offset is a flag and is masked off), and at each offset a one-byte
 * name length, the name (NUL-terminated), then `size` bytes of a RIFF WAVE file.
 * OpenSFX names read `"Title". Original ... by .... License: <licence>. ...`.
 */
import { realBenchMessages } from '../../messages/index.ts';

export interface CatEntry {
  /** 0-based position in the catalogue. */
  index: number;
  /** The whole name text (credits and licence), for attribution. */
  description: string;
  /** The quoted title, or the text before the first full stop. */
  title: string;
  /** The licence named after `License:`, or '' when none is given. */
  licence: string;
  /** The RIFF WAVE bytes. */
  wav: Uint8Array;
}

const OFFSET_MASK = 0x7fffffff;

/** The entries of the catalogue in `bytes` (from `path`, named in errors). */
export function parseCat(bytes: Uint8Array, path: string): CatEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.length < 8) throw new Error(realBenchMessages.badCat(path, 'shorter than one entry'));
  const count = (view.getUint32(0, true) & OFFSET_MASK) / 8;
  if (!Number.isInteger(count) || count < 1 || count * 8 > bytes.length)
    throw new Error(realBenchMessages.badCat(path, 'the entry table does not fit the file'));
  const entries: CatEntry[] = [];
  for (let i = 0; i < count; i++) {
    const offset = view.getUint32(i * 8, true) & OFFSET_MASK;
    const size = view.getUint32(i * 8 + 4, true);
    const nameLen = bytes[offset];
    const start = offset + 1 + nameLen;
    if (offset >= bytes.length || start + size > bytes.length)
      throw new Error(realBenchMessages.badCat(path, `entry ${i} runs past the end of the file`));
    const description = new TextDecoder('latin1')
      .decode(bytes.subarray(offset + 1, start))
      .replace(/\0+$/, '');
    const wav = bytes.subarray(start, start + size);
    entries.push({ index: i, description, ...titleAndLicence(description), wav });
  }
  return entries;
}

/** The title and licence stated in an OpenSFX entry name. */
export function titleAndLicence(description: string): { title: string; licence: string } {
  const quoted = /^"([^"]*)"/.exec(description);
  const title = quoted ? quoted[1] : description.split('.')[0].trim();
  // The licence runs to the first full stop followed by a space or the end ("3.0 Unported.").
  const lic = /License: (.*?)\.(?:\s|$)/.exec(description);
  return { title, licence: lic ? lic[1].trim() : '' };
}
