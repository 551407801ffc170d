/**
 * `npasd reproduce --executor slurm` after the data and features stages have run here: writes
 * slurm/plan.json, submits one job array with a task per unfinished unit that has no live task
 * (so a re-submission runs only what is left, and no unit twice), then the final job (evaluate
 * and report) after that array and any earlier array still queued. An earlier final job still
 * waiting is cancelled: the new one covers every unit. With dryRun the scripts are returned and
 * nothing is written or submitted.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { finishedUnit } from '../unit.ts';
import type { RunPlan } from '../plan.ts';
import { sbatch, scancel, squeue, type QueuedTask } from './commands.ts';
import type { SlurmOptions } from './options.ts';
import {
  appendSubmission,
  readSubmissions,
  setLastFinishJob,
  slurmDir,
  writeSlurmPlan,
  type SlurmPlan,
} from './record.ts';
import { arrayScript, finishScript, type ScriptContext } from './script.ts';

export interface SlurmRequest {
  plan: RunPlan;
  backend: string;
  /** Absolute. */
  runDir: string;
  cacheDir: string;
  options: SlurmOptions;
  dryRun: boolean;
}

export interface SlurmSubmission {
  /** Unit indices submitted now. */
  indices: number[];
  /** Units skipped because a task of theirs is queued or running. */
  live: number;
  finished: number;
  /** null on a dry run or when nothing was submitted. */
  arrayJob: string | null;
  finishJob: string | null;
  /** The batch scripts (with a placeholder for the array's job id on a dry run). */
  scripts: { array: string; finish: string } | null;
}

const BIN = fileURLToPath(new URL('../../../bin/npasd.mjs', import.meta.url));
export const DRY_RUN_ARRAY_ID = '<array job id>';

/** Submits the run's unfinished units; null when every unit has finished (evaluate here). */
export function submitSlurm(r: SlurmRequest): SlurmSubmission | null {
  const previous = readSubmissions(r.runDir);
  const queued: QueuedTask[] = previous.length > 0 ? squeue() : [];
  const ours = new Set(previous.map((s) => s.arrayJob));
  const live = new Set(
    queued.filter((q) => ours.has(q.job) && q.task !== null).map((q) => q.task as number),
  );
  const finished = new Set(
    r.plan.units.flatMap((u, i) => (finishedUnit(r.runDir, u) !== null ? [i] : [])),
  );
  const indices = r.plan.units.flatMap((_, i) => (finished.has(i) || live.has(i) ? [] : [i]));
  if (indices.length === 0 && live.size === 0) return null;
  const base = { indices, live: live.size, finished: finished.size };
  const ctx: ScriptContext = {
    runDir: r.runDir,
    node: process.execPath,
    bin: BIN,
    planHash: r.plan.hash,
    options: r.options,
  };
  if (indices.length === 0) return { ...base, arrayJob: null, finishJob: null, scripts: null };
  const liveArrays = [...new Set(queued.filter((q) => ours.has(q.job)).map((q) => q.job))];
  const array = arrayScript(ctx, indices);
  if (r.dryRun) {
    const finish = finishScript(ctx, [DRY_RUN_ARRAY_ID, ...liveArrays]);
    return { ...base, arrayJob: null, finishJob: null, scripts: { array, finish } };
  }
  const plan: SlurmPlan = { ...r.plan, backend: r.backend, runDir: r.runDir, cacheDir: r.cacheDir };
  writeSlurmPlan(plan);
  const n = previous.length;
  const scripts = join(slurmDir(r.runDir), 'scripts');
  mkdirSync(scripts, { recursive: true });
  const arrayFile = join(scripts, `array-${n}.sh`);
  writeFileSync(arrayFile, array);
  const arrayJob = sbatch(arrayFile);
  // Recorded at once: a re-submission must see these tasks even if the final job fails to submit.
  const record = { submitted: new Date().toISOString(), arrayJob, finishJob: null, indices };
  appendSubmission(r.runDir, { ...record, options: r.options });
  // An earlier final job still waiting for its arrays: the new one below covers every unit.
  for (const s of previous) {
    const waiting = queued.some(
      (q) => q.job === s.finishJob && q.task === null && q.state === 'PENDING',
    );
    if (s.finishJob !== null && waiting) {
      scancel(s.finishJob);
    }
  }
  const finish = finishScript(ctx, [arrayJob, ...liveArrays]);
  const finishFile = join(scripts, `finish-${n}.sh`);
  writeFileSync(finishFile, finish);
  const finishJob = sbatch(finishFile);
  setLastFinishJob(r.runDir, finishJob);
  return { ...base, arrayJob, finishJob, scripts: { array, finish } };
}
