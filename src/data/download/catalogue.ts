/**
 * The catalogue of downloadable datasets (data-scripts/datasets.json): per dataset its Zenodo
 * record, the archives (one machine type each) with their md5 and size, and the layout the
 * archives' entries must follow. The record id, file list and checksums are data, kept out of
 * the code; this module reads and checks them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { downloadMessages } from '../../messages/index.ts';
import { DownloadError } from './errors.ts';

/** One archive of a dataset. */
export interface DatasetFile {
  /** File name on the record, e.g. "dev_data_fan.zip". */
  name: string;
  /** The machine type it holds: the top directory of its entries, e.g. "fan". */
  machine: string;
  /** Size in bytes when known (progress and a sanity check of a kept .part), else null. */
  bytes: number | null;
  /** md5 of the whole archive, 32 lower-case hex digits (what Zenodo publishes). */
  md5: string;
}

/** Where the audio of an archive goes: `<machine>/<split>/<name matching audio>`. */
export interface DatasetLayout {
  /** Split directories under each machine type, e.g. ["train", "test"]. */
  splits: string[];
  /** Regular expression every audio file name must match. */
  audio: string;
  /** Regular expressions of other files kept directly under `<machine>/` (e.g. attributes). */
  extra: string[];
}

export interface Dataset {
  /** The key in the catalogue, e.g. "dcase2020". */
  id: string;
  title: string;
  licence: string;
  /** Zenodo record id. */
  record: string;
  /** Scheme and host, e.g. "https://zenodo.org"; --base-url replaces it. */
  baseUrl: string;
  /** Path and query with {record} and {file} placeholders. */
  urlPath: string;
  layout: DatasetLayout;
  /** Where the md5 values come from (free text). */
  checksumSource: string;
  files: DatasetFile[];
}

export type Catalogue = Record<string, Dataset>;

/** data-scripts/datasets.json of this checkout. */
export const defaultCataloguePath = join(
  import.meta.dirname,
  '..',
  '..',
  '..',
  'data-scripts',
  'datasets.json',
);

export function loadCatalogue(path = defaultCataloguePath): Catalogue {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new DownloadError(
      downloadMessages.badCatalogue(path, '(file)', `readable JSON (${(e as Error).message})`),
      2,
    );
  }
  return parseCatalogue(json, path);
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed catalogue; errors name `file` and the field path. */
export function parseCatalogue(json: unknown, file: string): Catalogue {
  const fail = (field: string, expected: string): never => {
    throw new DownloadError(downloadMessages.badCatalogue(file, field, expected), 2);
  };
  const str = (o: Obj, key: string, at: string, re?: RegExp, what = 'a non-empty string') => {
    const v = o[key];
    if (typeof v !== 'string' || v === '' || (re && !re.test(v))) fail(`${at}.${key}`, what);
    return v as string;
  };
  const regex = (v: unknown, at: string): string => {
    if (typeof v !== 'string') return fail(at, 'a regular expression (string)');
    try {
      new RegExp(v as string);
    } catch {
      fail(at, 'a valid regular expression');
    }
    return v as string;
  };
  if (!isObj(json) || json.format !== 'npasd-datasets' || json.version !== 1)
    fail('format', '"npasd-datasets" with version 1');
  const datasets = (json as Obj).datasets;
  if (!isObj(datasets) || Object.keys(datasets).length === 0)
    fail('datasets', 'an object of datasets');
  const out: Catalogue = {};
  for (const [id, raw] of Object.entries(datasets as Obj)) {
    const at = `datasets.${id}`;
    if (!isObj(raw)) fail(at, 'an object');
    const d = raw as Obj;
    const lay = d.layout;
    if (!isObj(lay)) fail(`${at}.layout`, 'an object');
    const l = lay as Obj;
    const splits = l.splits;
    if (!Array.isArray(splits) || splits.length === 0 || splits.some((s) => !isDirName(s)))
      fail(`${at}.layout.splits`, 'a list of directory names');
    const extra = l.extra;
    if (!Array.isArray(extra)) fail(`${at}.layout.extra`, 'a list of regular expressions');
    const files = d.files;
    if (!Array.isArray(files) || files.length === 0) fail(`${at}.files`, 'a list of archives');
    const seen = new Set<string>();
    out[id] = {
      id,
      title: str(d, 'title', at),
      licence: str(d, 'licence', at),
      record: str(d, 'record', at, /^[0-9]+$/, 'a Zenodo record id (digits)'),
      baseUrl: str(d, 'baseUrl', at, /^https?:\/\/[^/]+$/, 'a scheme and host, no path'),
      urlPath: str(d, 'urlPath', at, /^\/.*\{file\}/, 'a path starting with / holding {file}'),
      layout: {
        splits: splits as string[],
        audio: regex(l.audio, `${at}.layout.audio`),
        extra: (extra as unknown[]).map((e, i) => regex(e, `${at}.layout.extra[${i}]`)),
      },
      checksumSource: str(d, 'checksumSource', at),
      files: (files as unknown[]).map((f, i) => {
        const fat = `${at}.files[${i}]`;
        if (!isObj(f)) fail(fat, 'an object');
        const o = f as Obj;
        const name = str(o, 'name', fat, /^[A-Za-z0-9._-]+\.zip$/, 'a .zip file name');
        const machine = str(o, 'machine', fat);
        if (!isDirName(machine)) fail(`${fat}.machine`, 'a directory name');
        if (seen.has(name) || seen.has(`machine:${machine}`))
          fail(fat, 'a file name and machine type not listed before');
        seen.add(name).add(`machine:${machine}`);
        const bytes = o.bytes;
        if (bytes !== null && !(Number.isSafeInteger(bytes) && (bytes as number) > 0))
          fail(`${fat}.bytes`, 'a size in bytes or null');
        return {
          name,
          machine,
          bytes: bytes as number | null,
          md5: str(o, 'md5', fat, /^[0-9a-f]{32}$/, '32 lower-case hex digits'),
        };
      }),
    };
  }
  return out;
}

/** A single path component that cannot climb or hide: no "/", "\", ".." or leading dot. */
function isDirName(v: unknown): boolean {
  return typeof v === 'string' && /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/.test(v);
}

export function getDataset(catalogue: Catalogue, id: string): Dataset {
  const d = catalogue[id];
  if (!d) throw new DownloadError(downloadMessages.unknownDataset(id, Object.keys(catalogue)), 2);
  return d;
}

/** The dataset's archives for `machines` (all when undefined), in catalogue order. */
export function selectFiles(dataset: Dataset, machines?: readonly string[]): DatasetFile[] {
  if (machines === undefined) return dataset.files;
  const known = dataset.files.map((f) => f.machine);
  for (const name of machines)
    if (!known.includes(name))
      throw new DownloadError(downloadMessages.unknownMachine(dataset.id, name, known), 2);
  return dataset.files.filter((f) => machines.includes(f.machine));
}

/** The archive's URL; `baseUrl` (scheme, host, optional port and path prefix) replaces the catalogue's. */
export function fileUrl(dataset: Dataset, file: DatasetFile, baseUrl?: string): string {
  const base = (baseUrl ?? dataset.baseUrl).replace(/\/+$/, '');
  const path = dataset.urlPath
    .replaceAll('{record}', encodeURIComponent(dataset.record))
    .replaceAll('{file}', encodeURIComponent(file.name));
  return `${base}${path}`;
}
