/**
 * What a Slurm run keeps in its run directory (I/O edge), under slurm/:
 *   plan.json         the run's plan (cells, units, data keys), backend, run and cache directories:
 *                     what an array task needs to run unit <index> on any node;
 *   submissions.json  every submission: its array and final job ids, unit indices and options;
 *   scripts/          the batch scripts submitted; logs/ the jobs' logs (script.ts);
 *   failed/<i>.json   the error of unit <i>'s last failed task (removed when the unit finishes).
 */
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { slurmMessages } from '../../messages/index.ts';
import { writeJsonAtomic } from '../../util/atomicWrite.ts';
import type { RunPlan } from '../plan.ts';
import type { SlurmOptions } from './options.ts';

export interface SlurmPlan extends RunPlan {
  /** The TensorFlow.js backend of the plan (part of every unit's key): tasks must load it. */
  backend: string;
  /** Absolute paths, the same on every node. */
  runDir: string;
  cacheDir: string;
}

export interface Submission {
  submitted: string;
  /** Job ids. */
  arrayJob: string;
  /** null until it has been submitted. */
  finishJob: string | null;
  /** Unit indices (into plan.units) of the array's tasks. */
  indices: number[];
  options: SlurmOptions;
}

/** A failed task's record. */
export interface FailedTask {
  unit: string;
  arrayJob: string | null;
  message: string;
  at: string;
}

export const slurmDir = (runDir: string): string => join(runDir, 'slurm');
const planPath = (runDir: string): string => join(slurmDir(runDir), 'plan.json');
const submissionsPath = (runDir: string): string => join(slurmDir(runDir), 'submissions.json');
const failedPath = (runDir: string, index: number): string =>
  join(slurmDir(runDir), 'failed', `${index}.json`);

export function writeSlurmPlan(p: SlurmPlan): void {
  mkdirSync(join(slurmDir(p.runDir), 'logs'), { recursive: true });
  writeJsonAtomic(planPath(p.runDir), p);
}

/** The run's plan; throws naming the run directory when it is not a Slurm run. */
export function readSlurmPlan(runDir: string): SlurmPlan {
  if (!existsSync(runDir)) throw new Error(slurmMessages.noRunDir(runDir));
  if (!existsSync(planPath(runDir))) throw new Error(slurmMessages.notSlurmRun(runDir));
  return JSON.parse(readFileSync(planPath(runDir), 'utf8')) as SlurmPlan;
}

export function readSubmissions(runDir: string): Submission[] {
  const path = submissionsPath(runDir);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Submission[]) : [];
}

export function appendSubmission(runDir: string, s: Submission): void {
  writeJsonAtomic(submissionsPath(runDir), [...readSubmissions(runDir), s]);
}

export function setLastFinishJob(runDir: string, finishJob: string): void {
  const all = readSubmissions(runDir);
  all[all.length - 1] = { ...all[all.length - 1], finishJob };
  writeJsonAtomic(submissionsPath(runDir), all);
}

export function writeFailed(runDir: string, index: number, f: FailedTask): void {
  mkdirSync(join(slurmDir(runDir), 'failed'), { recursive: true });
  writeJsonAtomic(failedPath(runDir, index), f);
}

export function readFailed(runDir: string, index: number): FailedTask | null {
  const path = failedPath(runDir, index);
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as FailedTask) : null;
}

export function clearFailed(runDir: string, index: number): void {
  rmSync(failedPath(runDir, index), { force: true });
}
