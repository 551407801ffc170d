/**
 * Writing a planned corpus to a directory (an I/O edge): renders every file, in worker threads
 * when `workers` > 1, and writes manifest.json last.
 *
 * Resume: each finished file is appended to `.journal.jsonl` (after its WAV was renamed into
 * place), so a run interrupted at any point, even by kill -9, is resumed by running it again:
 * journaled files whose size matches are kept, everything else is rendered again. A directory
 * that holds another corpus (another plan hash) is refused rather than mixed.
 */
import { siblingModule } from '../../util/sibling.ts';
import {
  appendFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join } from 'node:path';
import { writeJsonAtomic } from '../../util/atomicWrite.ts';
import { runPool } from '../../util/pool.ts';
import {
  corpusDirHoldsOther,
  corpusManifestDamaged,
  outNotDirectory,
  fileNotWritten,
} from '../../messages/index.ts';
import { BadJsonFile, readJsonFile } from '../../util/readJson.ts';
import type { CorpusPlan, PlannedFile } from './plan.ts';
import { planJobs, renderJob, type RenderedFile } from './render.ts';
import type { RenderTask } from './renderWorker.ts';
import { MANIFEST_FORMAT, MANIFEST_VERSION, type CorpusManifest } from '../manifest.ts';

interface WriteProgress {
  filesDone: number;
  filesTotal: number;
  samplesDone: number;
  samplesTotal: number;
}

export interface WriteOptions {
  /** Worker threads; 1 renders on the calling thread. Default 1. */
  workers?: number;
  onProgress?: (p: WriteProgress) => void;
  /** A note for the user (a damaged manifest rebuilt); default a line on stderr. */
  onNote?: (line: string) => void;
}

const stderrNote = (line: string): void => void process.stderr.write(`${line}\n`);

const JOURNAL = '.journal.jsonl';

interface JournalLine extends RenderedFile {
  planHash: string;
}

/** Finished files recorded by an earlier, interrupted run of the same plan. */
function readJournal(dir: string, plan: CorpusPlan): Map<string, RenderedFile> {
  const done = new Map<string, RenderedFile>();
  const path = join(dir, JOURNAL);
  if (!existsSync(path)) return done;
  const expected = new Map(plan.files.map((f) => [f.path, f]));
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    let entry: JournalLine;
    try {
      entry = JSON.parse(line) as JournalLine;
    } catch {
      continue; // a line cut short by a kill: that file is simply rendered again
    }
    if (entry.planHash !== plan.planHash) throw new Error(corpusDirHoldsOther(dir));
    const target = join(dir, entry.path);
    if (expected.has(entry.path) && existsSync(target) && statSync(target).size === entry.bytes) {
      done.set(entry.path, { path: entry.path, sha256: entry.sha256, bytes: entry.bytes });
    }
  }
  return done;
}

/** Renders the plan into `dir` (created if needed) and returns the manifest it wrote. */
export async function writeCorpus(
  plan: CorpusPlan,
  dir: string,
  options: WriteOptions = {},
): Promise<CorpusManifest> {
  if (existsSync(dir) && !statSync(dir).isDirectory()) throw new Error(outNotDirectory(dir));
  mkdirSync(dir, { recursive: true });
  const manifestPath = join(dir, 'manifest.json');
  if (existsSync(manifestPath)) {
    let old: CorpusManifest | null = null;
    try {
      old = readJsonFile<CorpusManifest>(manifestPath);
    } catch (e) {
      // A damaged manifest (cut short): the cache entry is rebuilt from its plan.
      if (!(e instanceof BadJsonFile)) throw e;
      (options.onNote ?? stderrNote)(corpusManifestDamaged(e.path, e.reason));
      rmSync(manifestPath, { force: true });
    }
    if (old) {
      if (old.planHash !== plan.planHash) throw new Error(corpusDirHoldsOther(dir));
      return old;
    }
  }
  const done = readJournal(dir, plan);
  removeStaleTemps(dir);
  const sizes = new Map(plan.files.map((f) => [f.path, f.samples]));
  const progress: WriteProgress = {
    filesDone: done.size,
    filesTotal: plan.files.length,
    samplesDone: [...done.keys()].reduce((s, p) => s + (sizes.get(p) ?? 0), 0),
    samplesTotal: plan.files.reduce((s, f) => s + f.samples, 0),
  };
  options.onProgress?.({ ...progress });

  const onFile = (w: RenderedFile): void => {
    const line: JournalLine = { planHash: plan.planHash, ...w };
    appendFileSync(join(dir, JOURNAL), `${JSON.stringify(line)}\n`);
    done.set(w.path, w);
    progress.filesDone++;
    progress.samplesDone += sizes.get(w.path) ?? 0;
    options.onProgress?.({ ...progress });
  };

  const jobs = planJobs(plan).filter((j) => j.files.some((f) => !done.has(f.path)));
  const workers = options.workers ?? 1;
  if (workers <= 1) {
    for (const job of jobs) renderJob(job, dir, new Set(done.keys()), onFile);
  } else {
    const tasks: RenderTask[] = jobs.map((job) => ({
      job,
      dir,
      done: job.files.filter((f) => done.has(f.path)).map((f) => f.path),
    }));
    await runPool(siblingModule(import.meta.url, 'renderWorker'), tasks, workers, onFile);
  }

  const manifest = buildManifest(plan, done);
  writeJsonAtomic(manifestPath, manifest);
  rmSync(join(dir, JOURNAL), { force: true });
  return manifest;
}

/** Temp files a killed run left behind (atomic writers name them `.<name>.<pid>...tmp`). */
function removeStaleTemps(dir: string): void {
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (/(^|\/)\.[^/]*\.tmp$/.test(entry)) rmSync(join(dir, entry), { force: true });
  }
}

function buildManifest(plan: CorpusPlan, written: Map<string, RenderedFile>): CorpusManifest {
  const files = plan.files.map((f: PlannedFile) => {
    const w = written.get(f.path);
    if (!w) throw new Error(fileNotWritten(f.path));
    return { ...f, sha256: w.sha256, bytes: w.bytes };
  });
  return {
    format: MANIFEST_FORMAT,
    version: MANIFEST_VERSION,
    seed: plan.seed,
    sampleRate: plan.config.sampleRate,
    config: plan.config,
    planHash: plan.planHash,
    files,
  };
}
