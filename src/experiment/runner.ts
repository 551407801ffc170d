/**
 * `npasd reproduce`: runs an experiment spec through the stages, one folder of src/ each:
 *   data      src/data/stage.ts       the corpus (cached by content, shared by every run)
 *   features  src/features/stage.ts   log-mel (cached) and standardisation: data/<hash>.json
 *   train     src/train/stage.ts      per unit: train-log.jsonl, detector/
 *   score     src/score/stage.ts      per unit: scores.json (clip scores, phiClip)
 *   evaluate  src/evaluate/stage.ts   scores.csv, metrics.csv, roc.csv, table1.csv, summary.csv
 *   report    src/report/stage.ts     charts/, report.md, report.html (reads files only)
 * in a run directory (default `results/<spec>/<scale>-<plan hash>/`, so the same command finds
 * the same directory and resumes it). Each stage reads and writes files there (or in the shared
 * content-addressed cache), so any of them can be re-run. spec.resolved.json, provenance.json
 * and log.txt are written first and appended as the run goes; one unit (train + score of one
 * cell, method and seed, src/experiment/unit.ts) lives in cells/<cell>/<method>/seed-<n>/.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { backendInfo, initBackend, setBackendThreads, threadsPerJob } from '../engine/backend.ts';
import { fileMessages, fsReason, runMessages } from '../messages/index.ts';
import { writeJsonAtomic } from '../util/atomicWrite.ts';
import { checkCreatable } from '../util/writable.ts';
import { runProcessPool } from '../util/processPool.ts';
import { siblingModule } from '../util/sibling.ts';
import { progressLine } from '../util/progress.ts';
import { unitsProgress } from './unitsProgress.ts';
import { prepareCorpus } from '../data/stage.ts';
import { prepareFeatures, type PreparedData } from '../features/stage.ts';
import { evaluateRun } from '../evaluate/stage.ts';
import { checkUnitData } from './unitData.ts';
import { evaluateDcaseRun } from '../evaluate/dcase/stage.ts';
import { planRun, type RunPlan } from './plan.ts';
import { checkRunDir } from './runDir.ts';
import { lockRunDir } from './runLock.ts';
import {
  gitState,
  previousAttempts,
  writeProvenance,
  type Attempt,
  type Provenance,
} from './provenance.ts';
import type { ExperimentSpec } from './schema.ts';
import { loadExperiment } from './load.ts';
import { isFig4Unit } from '../score/fig4.ts';
import { finishedUnit, runUnit, type UnitJob, type UnitProgress } from './unit.ts';
import type { SlurmOptions } from './slurm/options.ts';
import { submitSlurm, type SlurmSubmission } from './slurm/submit.ts';

export { loadExperiment };

export interface ReproduceOptions {
  /** Spec name (under specDir) or path to a .json file. */
  spec: string;
  scale?: string;
  /** Seeds per cell; overrides the spec's `seeds`. */
  seeds?: number;
  /** `path=value` overrides. */
  sets?: string[];
  /** Units run in parallel worker processes; 1 runs them in this process. Default: the cores. */
  jobs?: number;
  /** Run directory; default results/<spec>/<scale>-<plan hash>. */
  out?: string;
  /** TensorFlow.js backend (tensorflow, wasm+dnnl, wasm, cpu); default the best that loads. */
  backend?: string;
  specDir?: string;
  resultsDir?: string;
  /** Shared corpus and feature cache; default <resultsDir>/.cache. */
  cacheDir?: string;
  /** Progress and log lines; default process.stderr. */
  stream?: NodeJS.WriteStream;
  /**
   * --executor slurm: data and features run here, then the units as a Slurm job array and a
   * final job evaluates and reports (src/experiment/slurm/). dryRun: the scripts, nothing run.
   */
  slurm?: { options: SlurmOptions; dryRun: boolean };
}

export interface ReproduceResult {
  runDir: string;
  /** The Table I text printed at the end. */
  table: string;
  unitsRun: number;
  unitsReused: number;
  /** --executor slurm: what was submitted (table is then empty); null when all had finished. */
  slurm?: SlurmSubmission | null;
}

/** A unit's progress, as reported by a worker process. */
export interface UnitEvent {
  unit: string;
  progress: UnitProgress;
}

function logger(runDir: string, stream: NodeJS.WriteStream) {
  return (line: string, echo = true): void => {
    appendFileSync(join(runDir, 'log.txt'), `${new Date().toISOString()} ${line}\n`);
    if (echo) stream.write(`${line}\n`);
  };
}

/** Runs (or resumes) an experiment. */
export async function reproduce(o: ReproduceOptions): Promise<ReproduceResult> {
  const jobs = o.jobs ?? availableParallelism();
  if (!(Number.isInteger(jobs) && jobs >= 1)) throw new Error(runMessages.badJobs(o.jobs));
  const stream = o.stream ?? process.stderr;
  const exp = loadExperiment(o);
  await initBackend(o.backend);
  // Native library threads per unit: jobs x threads <= cores unless NPASD_THREADS says otherwise.
  const threads = threadsPerJob(jobs);
  setBackendThreads(threads);
  const info = await backendInfo();
  const plan = planRun(exp.cells, info.backend);
  const resultsDir = o.resultsDir ?? 'results';
  const cacheDir = o.cacheDir ?? join(resultsDir, '.cache');
  const runDir = o.out ?? join(resultsDir, exp.name, `${exp.scale ?? 'default'}-${plan.hash}`);

  const resolved = {
    spec: exp.name,
    file: exp.file,
    scale: exp.scale,
    plan: plan.hash,
    cells: plan.cells,
  };
  // Before a byte is written: absent, empty, or this plan's run directory (runDir.ts).
  checkRunDir(runDir, plan.hash);
  // --executor slurm --dry-run: the batch scripts, nothing written or submitted.
  if (o.slurm?.dryRun) {
    const slurm = toSlurm({ o, plan, info, runDir, cacheDir }, true);
    return { runDir, table: '', unitsRun: 0, unitsReused: 0, slurm };
  }
  let release: () => void;
  try {
    // (A recursive mkdir on a read-only file system says ENOENT: ask the real question first.)
    if (!existsSync(runDir)) checkCreatable(runDir);
    mkdirSync(runDir, { recursive: true });
    // One reproduce per run directory (runLock.ts); checked again under the lock.
    release = lockRunDir(runDir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).syscall === undefined) throw e;
    // A read-only or otherwise unwritable --out: said so, not a bare "ENOENT ... mkdir".
    throw new Error(fileMessages.notWritable(runDir, fsReason(e)), { cause: e });
  }
  try {
    checkRunDir(runDir, plan.hash);
    return await runLocked({
      o,
      exp,
      plan,
      info,
      runDir,
      cacheDir,
      jobs,
      threads,
      stream,
      resolved,
    });
  } finally {
    release();
  }
}

/** What a run holds once its directory is checked and locked. */
interface LockedRun {
  o: ReproduceOptions;
  exp: ReturnType<typeof loadExperiment>;
  plan: RunPlan;
  info: Awaited<ReturnType<typeof backendInfo>>;
  runDir: string;
  cacheDir: string;
  jobs: number;
  /** Native library threads per unit. */
  threads: number;
  stream: NodeJS.WriteStream;
  /** What spec.resolved.json records. */
  resolved: object;
}

/** --executor slurm: the units as a job array (src/experiment/slurm/); null when none is left. */
function toSlurm(
  r: Pick<LockedRun, 'o' | 'plan' | 'info' | 'runDir' | 'cacheDir'>,
  dryRun: boolean,
) {
  return submitSlurm({
    plan: r.plan,
    backend: r.info.backend,
    runDir: resolve(r.runDir),
    cacheDir: resolve(r.cacheDir),
    options: (r.o.slurm as { options: SlurmOptions }).options,
    dryRun,
  });
}

/** The run, with the run directory locked. */
async function runLocked(r: LockedRun): Promise<ReproduceResult> {
  const { o, exp, plan, info, runDir, cacheDir, jobs, threads, stream, resolved } = r;
  const resolvedPath = join(runDir, 'spec.resolved.json');
  writeJsonAtomic(resolvedPath, resolved);
  const log = logger(runDir, stream);

  const attempt: Attempt = {
    started: new Date().toISOString(),
    finished: null,
    command: process.argv.slice(2),
    git: gitState(),
    jobs,
    threads,
    unitsRun: 0,
    unitsReused: 0,
  };
  const prov: Provenance = {
    spec: exp.name,
    file: exp.file,
    scale: exp.scale,
    sets: exp.sets,
    runId: basename(runDir),
    git: attempt.git,
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    backend: info,
    seeds: [...new Set(plan.units.map((u) => u.seed))],
    corpora: [],
    attempts: [...previousAttempts(runDir), attempt],
  };
  writeProvenance(runDir, prov);
  log(
    `run ${runDir}: ${plan.cells.length} cell(s), ${plan.units.length} unit(s), backend ${info.backend}`,
  );

  const prepared = await dataAndFeatures(plan, runDir, cacheDir, stream, prov);
  writeProvenance(runDir, prov);
  // Recorded data's sizes are known only now: a unit too small to threshold stops here.
  checkUnitData(plan, prepared);
  const submitted = o.slurm ? toSlurm(r, false) : null;
  if (submitted) {
    attempt.unitsRun = submitted.indices.length;
    attempt.unitsReused = submitted.finished;
    const { arrayJob, finishJob, indices } = submitted;
    attempt.slurm = {
      options: o.slurm?.options as SlurmOptions,
      arrayJob,
      finishJob,
      units: indices,
    };
    writeProvenance(runDir, prov);
    log(`slurm: ${JSON.stringify(attempt.slurm)}`, false);
    return { runDir, table: '', unitsRun: 0, unitsReused: submitted.finished, slurm: submitted };
  }

  // PROP units first: they take longest, so with --jobs > 1 the others fill in beside them.
  const pending = plan.units
    .filter((u) => !finishedUnit(runDir, u))
    .sort((a, b) => Number(b.method === 'prop') - Number(a.method === 'prop'));
  attempt.unitsReused = plan.units.length - pending.length;
  if (attempt.unitsReused > 0) log(`reusing ${attempt.unitsReused} finished unit(s)`);
  const cellSpec = new Map(plan.cells.map((c) => [c.id, c.spec]));
  const jobsOf = pending.map((unit): UnitJob => ({
    runDir,
    cacheDir,
    unit,
    spec: cellSpec.get(unit.cell) as ExperimentSpec,
    fig4: isFig4Unit(unit, plan.cells[0]),
  }));
  await trainAndScore(jobsOf, jobs, threads, info.backend, stream, log);
  attempt.unitsRun = pending.length;

  if (plan.cells.some((c) => c.spec.data.source === 'dcase')) {
    // DCASE: per-unit AUC/pAUC in the DCASE formats; no Table I, ROC-per-SNR or report.
    const table = evaluateDcaseRun(runDir, plan, prepared);
    attempt.finished = new Date().toISOString();
    writeProvenance(runDir, prov);
    log('evaluate: wrote dcase-metrics.csv and dcase/<method>/seed-<n>/', false);
    return { runDir, table, unitsRun: attempt.unitsRun, unitsReused: attempt.unitsReused };
  }
  const table = evaluateRun(runDir, plan, prepared);
  attempt.finished = new Date().toISOString();
  writeProvenance(runDir, prov);
  log('evaluate: wrote table1.csv, metrics.csv, scores.csv, roc.csv', false);
  // Report stage: charts and report.md/html from the files just written (vega loads lazily).
  const { writeFigures } = await import('../report/stage.ts');
  const figures = await writeFigures(runDir);
  for (const w of figures.warnings) log(`report: ${w}`);
  log(`report: ${figures.report}`, false);
  return { runDir, table, unitsRun: attempt.unitsRun, unitsReused: attempt.unitsReused };
}

/** Data and features stages for every data key of the plan. */
async function dataAndFeatures(
  plan: RunPlan,
  runDir: string,
  cacheDir: string,
  stream: NodeJS.WriteStream,
  prov: Provenance,
): Promise<Map<string, PreparedData>> {
  const out = new Map<string, PreparedData>();
  const cellSpec = new Map(plan.cells.map((c) => [c.id, c.spec]));
  // Each data key once, with the spec of the first unit that uses it (plan.data's order).
  for (const unit of plan.units) {
    const key = unit.data;
    if (out.has(key.hash)) continue;
    const spec = cellSpec.get(unit.cell) as ExperimentSpec;
    const bar = progressLine(`data (seed ${key.seed})`, stream);
    const corpus = await prepareCorpus(spec, key.seed, cacheDir, (p) =>
      bar.update(p.filesDone, p.filesTotal),
    );
    bar.finish(`${corpus.manifest.files.length} files in ${corpus.dir}`);
    const manifestSha256 = createHash('sha256')
      .update(readFileSync(join(corpus.dir, 'manifest.json')))
      .digest('hex');
    prov.corpora.push({
      seed: key.seed,
      planHash: corpus.manifest.planHash,
      manifestSha256,
      dir: corpus.dir,
    });
    const fbar = progressLine(`features (seed ${key.seed})`, stream);
    const p = await prepareFeatures(spec, key, corpus, runDir, cacheDir, (d, n) =>
      fbar.update(d, n),
    );
    fbar.finish(`standardiser from ${p.standardizer.frames} frames`);
    out.set(key.hash, p);
  }
  return out;
}

/** Train and score stages: pending units in this process (jobs = 1) or in worker processes. */
async function trainAndScore(
  pending: UnitJob[],
  jobs: number,
  threads: number,
  backend: string,
  stream: NodeJS.WriteStream,
  log: (line: string, echo?: boolean) => void,
): Promise<void> {
  if (pending.length === 0) return;
  const progress = unitsProgress('train+score', pending.length, jobs, stream);
  const epochs = new Map(pending.map((j) => [j.unit.id, j.unit.settings.epochs]));
  const onProgress = (id: string, p: UnitProgress): void => {
    if (p.kind === 'epoch') log(`${id}: epoch ${p.log.epoch} ${JSON.stringify(p.log)}`, false);
    progress.progress(id, p, epochs.get(id) ?? 1);
  };
  const finished = (job: UnitJob): void => {
    log(`${job.unit.id}: finished`, false);
    progress.finished(job.unit.id);
  };
  try {
    if (jobs <= 1) {
      for (const job of pending) {
        progress.started(job.unit.id);
        await wrap(job, () => runUnit(job, (p) => onProgress(job.unit.id, p)));
        finished(job);
      }
    } else {
      await runProcessPool<{ job: UnitJob; backend: string; threads: number }, UnitEvent>(
        siblingModule(import.meta.url, 'unitWorker'),
        pending.map((job) => ({ job, backend, threads })),
        jobs,
        (e) => onProgress(e.unit, e.progress),
        (t) => finished(t.job),
        (t) => progress.started(t.job.unit.id),
      );
    }
  } catch (e) {
    progress.close();
    throw e;
  }
  progress.close(`train+score: done, ${pending.length} unit(s)`);
}

async function wrap<T>(job: UnitJob, f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new Error(
      runMessages.unitFailed(job.unit.id, e instanceof Error ? e.message : String(e)),
      {
        cause: e,
      },
    );
  }
}
