/**
 * Test fixture for the real-sound benchmark: tiny Debian packages built with `dpkg-deb --build`
 * (no network) that look like bucklespring-data (key press/release WAVs at 44.1 kHz) and
 * openttd-opensfx (a sound catalogue with credits and licences), each with a copyright file.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { encodeWav } from '../../../src/audio/wav.ts';
import type { BenchCatalog } from '../../../src/data/realBench/catalog.ts';
import type { FetchDeb } from '../../../src/data/realBench/debian.ts';

export const FIXTURE_SR = 44100;

const tone = (sec: number, f: number, decay: number): Float32Array =>
  Float32Array.from(
    { length: Math.round(sec * FIXTURE_SR) },
    (_, i) => 0.3 * Math.exp(-i / decay) * Math.sin((2 * Math.PI * f * i) / FIXTURE_SR),
  );

/** An OpenTTD .cat of `names` with short tones: offset/size table, name, RIFF bytes. */
export function makeCat(names: string[]): Uint8Array {
  const wavs = names.map((_, i) => encodeWav(tone(0.5 + 0.1 * i, 300 + 100 * i, 4000), FIXTURE_SR));
  const nameBytes = names.map((n) => Buffer.from(`${n}\0`, 'latin1'));
  const parts: Uint8Array[] = [];
  const table = Buffer.alloc(8 * names.length);
  let offset = table.length;
  names.forEach((_, i) => {
    table.writeUInt32LE(offset, i * 8);
    table.writeUInt32LE(wavs[i].length, i * 8 + 4);
    parts.push(Uint8Array.of(nameBytes[i].length), nameBytes[i], wavs[i]);
    offset += 1 + nameBytes[i].length + wavs[i].length;
  });
  return Buffer.concat([table, ...parts]);
}

export const defaultSfxNames = [
  '"Mill". Original "mill.wav" by "A". License: Creative Commons Attribution 3.0 Unported.',
  '"Hiss". By B. License: Creative Commons Zero 1.0.',
  '"Horn". Original "h.wav" by "C". Edited by D. License: Creative Commons Attribution-ShareAlike 3.0 Unported.',
  '"Bang". By E. License: Creative Commons Attribution 3.0 Unported. Original is Public Domain.',
];

export const fixtureCatalog: BenchCatalog = {
  keys: { pkg: 'fake-keys', dir: 'usr/share/keys' },
  sfx: { pkg: 'fake-sfx', cat: 'usr/share/sfx/sfx.cat' },
  picks: [
    { title: 'Mill', role: 'other' },
    { title: 'Hiss', role: 'sustained' },
    { title: 'Horn', role: 'time-varying' },
    { title: 'Bang', role: 'sudden' },
  ],
};

export const fixturePackages = [
  { name: 'fake-keys', role: 'normal' },
  { name: 'fake-sfx', role: 'other and anomalies' },
];

function buildDeb(
  root: string,
  pkg: string,
  files: Record<string, Uint8Array | string>,
  out: string,
): string {
  const tree = join(root, `tree-${pkg}`);
  mkdirSync(join(tree, 'DEBIAN'), { recursive: true });
  writeFileSync(
    join(tree, 'DEBIAN/control'),
    `Package: ${pkg}\nVersion: 1.2-3\nArchitecture: all\nMaintainer: T <t@example.org>\nDescription: fixture\n`,
  );
  for (const [p, data] of Object.entries(files)) {
    mkdirSync(join(tree, p, '..'), { recursive: true });
    writeFileSync(join(tree, p), data);
  }
  const deb = join(out, `${pkg}_1.2-3_all.deb`);
  execFileSync('dpkg-deb', ['--root-owner-group', '--build', tree, deb], { stdio: 'ignore' });
  return deb;
}

export interface FixtureOptions {
  sfxNames?: string[];
  keysLicence?: string;
  withCopyright?: boolean;
}

/** Builds the two fixture .debs under `root`; returns a fetcher that copies them. */
export function fixtureDebs(
  root: string,
  o: FixtureOptions = {},
): { fetch: FetchDeb; debs: Record<string, string> } {
  const store = join(root, 'store');
  mkdirSync(store, { recursive: true });
  const copyright = (licence: string): string =>
    `Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n\nFiles: *\nCopyright: 2020 T\nLicense: ${licence}\n\nLicense: ${licence}\n text\n`;
  const keyFiles: Record<string, Uint8Array | string> = {};
  for (const [k, f] of [
    ['01', 500],
    ['02', 700],
    ['03', 900],
  ] as const) {
    keyFiles[`usr/share/keys/${k}-0.wav`] = encodeWav(tone(0.33, f, 800), FIXTURE_SR);
    keyFiles[`usr/share/keys/${k}-1.wav`] = encodeWav(tone(0.33, f * 1.5, 400), FIXTURE_SR);
  }
  keyFiles['usr/share/keys/04-0.wav'] = encodeWav(tone(0.33, 1200, 800), FIXTURE_SR); // no release: skipped
  const withCopyright = o.withCopyright ?? true;
  if (withCopyright)
    keyFiles['usr/share/doc/fake-keys/copyright'] = copyright(o.keysLicence ?? 'GPL-2+');
  const sfxFiles: Record<string, Uint8Array | string> = {
    'usr/share/sfx/sfx.cat': makeCat(o.sfxNames ?? defaultSfxNames),
    'usr/share/doc/fake-sfx/copyright': copyright('GPL-2+ or CDDL'),
  };
  const debs = {
    'fake-keys': buildDeb(root, 'fake-keys', keyFiles, store),
    'fake-sfx': buildDeb(root, 'fake-sfx', sfxFiles, store),
  };
  const fetch: FetchDeb = (pkg, dir) => {
    const src = debs[pkg as keyof typeof debs];
    const dst = join(dir, `${pkg}_1.2-3_all.deb`);
    copyFileSync(src, dst);
    return Promise.resolve(dst);
  };
  return { fetch, debs };
}
