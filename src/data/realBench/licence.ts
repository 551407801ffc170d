/**
 * Licence handling for the real-sound benchmark (pure): the licences stated in a Debian
 * `copyright` file (machine-readable format: stanzas of `Files:` and `License:` fields), and
 * the check that every recording used carries a licence that allows use, modification and
 * redistribution with attribution (GPL, Creative Commons Zero, Attribution or
 * Attribution-ShareAlike, public domain). Anything else (no licence, NonCommercial,
 * NoDerivatives, an unknown name) is refused, naming the file.
 */

export interface CopyrightStanza {
  /** The `Files:` patterns (space-separated in the file). */
  files: string[];
  /** The `License:` short name (first line of the field). */
  licence: string;
}

/** The stanzas of a machine-readable Debian copyright file that name files and a licence. */
export function parseCopyright(text: string): CopyrightStanza[] {
  const out: CopyrightStanza[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const files = /^Files:\s*(.*(?:\n[ \t]+\S.*)*)/m.exec(block);
    const licence = /^License:[ \t]*(.*)$/m.exec(block);
    if (files && licence)
      out.push({ files: files[1].split(/\s+/).filter(Boolean), licence: licence[1].trim() });
  }
  return out;
}

/** The licence of the stanza covering `path` (a later matching stanza wins, as in Debian). */
export function licenceOf(stanzas: CopyrightStanza[], path: string): string {
  let found = '';
  for (const s of stanzas) if (s.files.some((p) => globMatch(p, path))) found = s.licence;
  return found;
}

function globMatch(pattern: string, path: string): boolean {
  const re = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${re}$`).test(path);
}

const FREE = [
  /^GPL-[23](\.0)?\+?$/i,
  /^LGPL-2(\.1)?\+?$/i,
  /^CC0(-1\.0)?$/i,
  /^CC-BY(-SA)?-[34]\.0$/i,
  /^Creative Commons Zero( 1\.0)?$/i,
  /^Creative Commons Attribution(-ShareAlike)? [34]\.0( Unported| International)?$/i,
  /^public domain$/i,
];

/** True when `licence` (one name, or "A or B") is one the benchmark may use. */
export function isUsableLicence(licence: string): boolean {
  const names = licence.split(/\s+or\s+/i).map((s) => s.trim());
  return names.some((n) => FREE.some((re) => re.test(n)));
}
