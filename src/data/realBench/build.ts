/**
 * Builds the real-sound development benchmark (I/O edge): fetches the Debian packages of
 * catalog.ts, unpacks them, and writes a `data.source=folders` layout at 16 kHz mono (float
 * WAV, so summed key sounds never clip):
 *   normal/typing-NN.wav        D: typing sessions of fileSec from the key recordings
 *   normalTest/typing-NN.wav    normal test audio: more sessions (other seeds' draws)
 *   other/opensfx-NN-<title>.wav                      O, whole recordings
 *   anomalies/<kind>/opensfx-NN-<title>.wav           anomalies, whole recordings
 *   licences/<package>.copyright                      each package's copyright file
 *   debs/<package>_<version>_all.deb                  the packages as fetched
 *   manifest.json   provenance: package, version and sha256 of each .deb; every file written
 *                   with its source path (and catalogue entry), licence, credits and sha256
 * Every recording's licence is checked (licence.ts) before any audio is written. The build
 * happens in `<out>.partial` and is renamed into place at the end; a rerun reuses the .deb
 * files already fetched there, and an existing benchmark is left as it is.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { decodeAudio } from '../../audio/read.ts';
import { writeWav } from '../../audio/wavWriter.ts';
import { realBenchMessages } from '../../messages/index.ts';
import { writeJsonAtomic } from '../../util/atomicWrite.ts';
import { hashFile } from '../../util/hashFile.ts';
import { makeRng } from '../../util/rng.ts';
import { type BenchCatalog, type BenchPackage, benchPackages, defaultCatalog } from './catalog.ts';
import { aptDownload, debExtract, debField, type FetchDeb, findDeb } from './debian.ts';
import { isUsableLicence, licenceOf, parseCopyright, type CopyrightStanza } from './licence.ts';
import { parseCat } from './opensfxCat.ts';
import { type KeySound, typingSession } from './typing.ts';

export const REAL_BENCH_FORMAT = 'npasd-real-bench';
export const REAL_BENCH_VERSION = 1;

export interface RealBenchOptions {
  /** Output directory (created; must be absent or empty). */
  out: string;
  /** Seed of the typing sessions. */
  seed: number;
  /** Hz; default 16000. */
  sampleRate?: number;
  /** Length of each typing session in seconds; default 30. */
  fileSec?: number;
  /** Sessions in normal/ (D); default 10 (300 s, table1's quick normalTrainSec). */
  normalFiles?: number;
  /** Sessions in normalTest/; default 4 (120 s, table1's quick normalTestSec). */
  normalTestFiles?: number;
  catalog?: BenchCatalog;
  packages?: BenchPackage[];
  /** How a .deb is fetched; default apt-get download (tests pass a local copy). */
  fetch?: FetchDeb;
  onStep?: (what: string) => void;
}

export interface PackageRecord {
  name: string;
  version: string;
  role: string;
  deb: string;
  sha256: string;
  copyright: CopyrightStanza[];
}

export interface BenchFileRecord {
  path: string;
  role: 'normal' | 'normalTest' | 'other' | 'sustained' | 'time-varying' | 'sudden';
  pkg: string;
  /** Paths inside the package the audio comes from (and the catalogue entry, if any). */
  source: string;
  licence: string;
  /** Credits to give (CC-BY attribution), as the package states them. */
  credits: string;
  seconds: number;
  sha256: string;
}

export interface RealBenchManifest {
  format: typeof REAL_BENCH_FORMAT;
  version: number;
  seed: number;
  sampleRate: number;
  fileSec: number;
  packages: PackageRecord[];
  files: BenchFileRecord[];
}

const slug = (s: string): string =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
const pad = (i: number): string => String(i).padStart(2, '0');

function checkLicence(what: string, licence: string): void {
  if (!licence) throw new Error(realBenchMessages.noLicence(what));
  if (!isUsableLicence(licence)) throw new Error(realBenchMessages.unusableLicence(what, licence));
}

/** Builds the benchmark into `opts.out` (or finds it there); returns its manifest. */
export async function buildRealBench(opts: RealBenchOptions): Promise<RealBenchManifest> {
  const { out, seed } = opts;
  const sampleRate = opts.sampleRate ?? 16000;
  const fileSec = opts.fileSec ?? 30;
  const catalog = opts.catalog ?? defaultCatalog;
  const packages = opts.packages ?? benchPackages;
  const fetch = opts.fetch ?? aptDownload;
  const step = opts.onStep ?? (() => {});
  const manifestPath = join(out, 'manifest.json');
  if (existsSync(manifestPath)) {
    step(realBenchMessages.alreadyBuilt(out));
    return JSON.parse(readFileSync(manifestPath, 'utf8')) as RealBenchManifest;
  }
  if (existsSync(out) && readdirSync(out).length > 0)
    throw new Error(realBenchMessages.notEmpty(out));

  const tmp = `${out}.partial`;
  for (const d of ['debs', 'pkgs', 'licences']) mkdirSync(join(tmp, d), { recursive: true });
  for (const d of ['normal', 'normalTest', 'other', 'anomalies'])
    rmSync(join(tmp, d), { recursive: true, force: true });

  const records: PackageRecord[] = [];
  for (const p of packages) {
    step(`fetching ${p.name}`);
    let deb: string;
    try {
      deb = findDeb(p.name, join(tmp, 'debs'));
    } catch {
      deb = await fetch(p.name, join(tmp, 'debs'));
    }
    const root = join(tmp, 'pkgs', p.name);
    rmSync(root, { recursive: true, force: true });
    await debExtract(deb, root);
    const copyrightPath = join(root, 'usr/share/doc', p.name, 'copyright');
    if (!existsSync(copyrightPath))
      throw new Error(realBenchMessages.noCopyright(p.name, copyrightPath));
    copyFileSync(copyrightPath, join(tmp, 'licences', `${p.name}.copyright`));
    records.push({
      name: p.name,
      version: await debField(deb, 'Version'),
      role: p.role,
      deb: basename(deb),
      sha256: await hashFile(deb, 'sha256'),
      copyright: parseCopyright(readFileSync(copyrightPath, 'utf8')),
    });
  }
  const byName = new Map(records.map((r) => [r.name, r]));
  const files: BenchFileRecord[] = [];
  const write = (
    rel: string,
    samples: Float32Array,
    rest: Omit<BenchFileRecord, 'path' | 'seconds' | 'sha256'>,
  ): void => {
    const path = join(tmp, rel);
    mkdirSync(join(path, '..'), { recursive: true });
    const { sha256 } = writeWav(path, samples, sampleRate, 'float32');
    files.push({ path: rel, ...rest, seconds: samples.length / sampleRate, sha256 });
  };

  // Every licence is checked before any audio is written.
  const keysPkg = byName.get(catalog.keys.pkg);
  const keyLicence = keysPkg ? licenceOf(keysPkg.copyright, `${catalog.keys.dir}/x.wav`) : '';
  checkLicence(`${catalog.keys.pkg}: ${catalog.keys.dir}`, keyLicence);
  const catPath = join(tmp, 'pkgs', catalog.sfx.pkg, catalog.sfx.cat);
  const entries = parseCat(new Uint8Array(readFileSync(catPath)), catPath);
  const picked = catalog.picks.map((pick) => {
    const e = entries.find((x) => x.title === pick.title);
    if (!e) throw new Error(realBenchMessages.missingTitle(catPath, pick.title));
    checkLicence(`${catalog.sfx.cat} entry ${e.index} "${e.title}"`, e.licence);
    return { pick, e };
  });

  // Normal: typing sessions from the key recordings.
  step('typing sessions (normal)');
  const keyDir = join(tmp, 'pkgs', catalog.keys.pkg, catalog.keys.dir);
  const keys = await readKeys(keyDir, sampleRate);
  const length = Math.round(fileSec * sampleRate);
  const sessions: [string, 'normal' | 'normalTest', number][] = [
    ['normal', 'normal', opts.normalFiles ?? 10],
    ['normalTest', 'normalTest', opts.normalTestFiles ?? 4],
  ];
  for (const [dir, role, n] of sessions)
    for (let i = 0; i < n; i++) {
      const rng = makeRng(seed, `real-bench/${role}/${i}`);
      write(`${dir}/typing-${pad(i)}.wav`, typingSession(keys, { length, sampleRate }, rng), {
        role,
        pkg: catalog.keys.pkg,
        source: `${catalog.keys.dir}/*-{0,1}.wav (${keys.length} keys, seed ${seed}, session ${role} ${i})`,
        licence: keyLicence,
        credits: `${catalog.keys.pkg} ${keysPkg?.version ?? ''}: see licences/${catalog.keys.pkg}.copyright`,
      });
    }

  // O and anomalies: the picked OpenSFX catalogue entries.
  step('other machines and anomalies');
  for (const { pick, e } of picked) {
    const audio = await decodeAudio(Buffer.from(e.wav), `${catPath}#${e.index}`, { sampleRate });
    const name = `opensfx-${pad(e.index)}-${slug(e.title)}.wav`;
    const rel = pick.role === 'other' ? `other/${name}` : `anomalies/${pick.role}/${name}`;
    write(rel, audio.samples, {
      role: pick.role,
      pkg: catalog.sfx.pkg,
      source: `${catalog.sfx.cat}#${e.index}`,
      licence: e.licence,
      credits: e.description,
    });
  }

  rmSync(join(tmp, 'pkgs'), { recursive: true, force: true });
  const manifest: RealBenchManifest = {
    format: REAL_BENCH_FORMAT,
    version: REAL_BENCH_VERSION,
    seed,
    sampleRate,
    fileSec,
    packages: records,
    files,
  };
  writeJsonAtomic(join(tmp, 'manifest.json'), manifest);
  if (existsSync(out)) rmSync(out, { recursive: true });
  renameSync(tmp, out);
  return manifest;
}

/** The keys in `dir` that have both a press (`<key>-0.wav`) and a release (`<key>-1.wav`). */
async function readKeys(dir: string, sampleRate: number): Promise<KeySound[]> {
  const names = existsSync(dir) ? readdirSync(dir) : [];
  const ids = names
    .filter((f) => f.endsWith('-0.wav') && names.includes(f.replace(/-0\.wav$/, '-1.wav')))
    .map((f) => f.slice(0, -'-0.wav'.length))
    .sort();
  if (ids.length === 0) throw new Error(realBenchMessages.noKeys(dir));
  const keys: KeySound[] = [];
  for (const id of ids) {
    const read = async (suffix: string): Promise<Float32Array> => {
      const p = join(dir, `${id}-${suffix}.wav`);
      return (await decodeAudio(readFileSync(p), p, { sampleRate })).samples;
    };
    keys.push({ press: await read('0'), release: await read('1') });
  }
  return keys;
}
