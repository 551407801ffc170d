/**
 * provenance.json of a run directory (I/O edge): what produced the results. Times live here and
 * only here, so the CSVs of two runs with the same spec, seed and backend are byte-identical.
 * A resumed run appends an attempt; the first attempt's start is the run's start.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BackendInfo } from '../engine/backend.ts';
import { writeJsonAtomic } from '../util/atomicWrite.ts';
import type { SlurmOptions } from './slurm/options.ts';

export interface Attempt {
  started: string;
  /** null while running, or when the attempt was killed. */
  finished: string | null;
  command: string[];
  /** The code of this attempt (a resumed run may continue with other code: compare them). */
  git: { commit: string | null; dirty: boolean | null };
  jobs: number;
  /** Threads of the native matmul library per unit ('wasm+dnnl'; others ignore it). */
  threads?: number;
  unitsRun: number;
  unitsReused: number;
  /** --executor slurm: the options and jobs (finished is set by the final job). */
  slurm?: {
    options: SlurmOptions;
    arrayJob: string | null;
    finishJob: string | null;
    /** Indices (into the plan's units) submitted. */
    units: number[];
  };
}

export interface Provenance {
  spec: string;
  file: string;
  scale: string | null;
  sets: string[];
  runId: string;
  git: { commit: string | null; dirty: boolean | null };
  node: string;
  platform: string;
  backend: BackendInfo;
  seeds: number[];
  /** Corpora used, by seed: plan hash, sha256 of manifest.json, cache directory. */
  corpora: { seed: number; planHash: string; manifestSha256: string; dir: string }[];
  attempts: Attempt[];
}

/** Git commit and dirty flag of the working directory (nulls outside a git checkout). */
export function gitState(): Provenance['git'] {
  const git = (...args: string[]): string =>
    execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  try {
    return { commit: git('rev-parse', 'HEAD'), dirty: git('status', '--porcelain').length > 0 };
  } catch {
    return { commit: null, dirty: null };
  }
}

const path = (runDir: string): string => join(runDir, 'provenance.json');

/** Earlier attempts recorded in the run directory ([] for a new run). */
export function previousAttempts(runDir: string): Attempt[] {
  if (!existsSync(path(runDir))) return [];
  return (JSON.parse(readFileSync(path(runDir), 'utf8')) as Provenance).attempts;
}

export function writeProvenance(runDir: string, p: Provenance): void {
  writeJsonAtomic(path(runDir), p);
}
