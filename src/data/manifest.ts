/**
 * manifest.json: the record of a written corpus, one entry per file (path, role, category,
 * generator, parameters, seed and stream, duration, sha256), plus the config and plan hash that
 * produced it. Readers go through readManifest, which checks the format tag and version.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { tempSibling, writeJsonAtomic } from '../util/atomicWrite.ts';
import { join } from 'node:path';
import type { CorpusSourceConfig } from './sources.ts';
import type { PlannedFile } from './synthetic/plan.ts';
import { badManifest } from '../messages/index.ts';

export const MANIFEST_FORMAT = 'npasd-corpus';
export const MANIFEST_VERSION = 1;

export interface ManifestFile extends PlannedFile {
  /** sha256 of the WAV file's bytes, hex. */
  sha256: string;
  /** File size, bytes. */
  bytes: number;
}

export interface CorpusManifest {
  format: typeof MANIFEST_FORMAT;
  version: typeof MANIFEST_VERSION;
  seed: number;
  sampleRate: number;
  /** What the corpus was made from: a synthetic corpus's config, or the folders'. */
  config: CorpusSourceConfig;
  planHash: string;
  files: ManifestFile[];
}

/** Reads and checks `<dir>/manifest.json`. */
export function readManifest(dir: string): CorpusManifest {
  const path = join(dir, 'manifest.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(badManifest(path, e instanceof Error ? e.message : String(e)), { cause: e });
  }
  const m = raw as Partial<CorpusManifest>;
  if (m.format !== MANIFEST_FORMAT) {
    throw new Error(
      badManifest(path, `format is ${JSON.stringify(m.format)}, expected "${MANIFEST_FORMAT}"`),
    );
  }
  if (m.version !== MANIFEST_VERSION) {
    throw new Error(
      badManifest(
        path,
        `version ${m.version} is not supported (this build reads ${MANIFEST_VERSION})`,
      ),
    );
  }
  if (!Array.isArray(m.files)) throw new Error(badManifest(path, 'files is not a list'));
  return m as CorpusManifest;
}

/** The manifest of the corpus in `dir` when it was built from `planHash`, else null. */
export function cachedCorpus(dir: string, planHash: string): CorpusManifest | null {
  if (!existsSync(join(dir, 'manifest.json'))) return null;
  const manifest = readManifest(dir);
  return manifest.planHash === planHash ? manifest : null;
}

/**
 * Builds a corpus directory in a temporary sibling (`build` writes the files there and returns
 * the manifest), writes manifest.json last and renames it to `dir`, replacing what was there:
 * an interrupted build leaves nothing half-done at `dir`.
 */
export async function installCorpus(
  dir: string,
  build: (tmp: string) => Promise<CorpusManifest> | CorpusManifest,
): Promise<CorpusManifest> {
  const tmp = tempSibling(dir, 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  try {
    mkdirSync(tmp, { recursive: true });
    const manifest = await build(tmp);
    writeJsonAtomic(join(tmp, 'manifest.json'), manifest);
    rmSync(dir, { recursive: true, force: true });
    renameSync(tmp, dir);
    return manifest;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
