/**
 * The batch scripts of a Slurm submission (pure): one job array with a task per unit (the array
 * index is the unit's index in the run's plan, slurm/plan.json), and a final job that evaluates
 * and reports once every task has ended (afterany: it also runs when some failed, and reports
 * them). Logs go to <run>/slurm/logs/: unit-<index>.<array job>.log and finish.<job>.log.
 */
import { join } from 'node:path';
import type { SlurmOptions } from './options.ts';

export interface ScriptContext {
  /** Absolute run directory (on storage every node sees). */
  runDir: string;
  /** Absolute paths of the Node binary and of bin/npasd.mjs, as the nodes will run them. */
  node: string;
  bin: string;
  /** The plan's hash: names the jobs npasd-<hash>. */
  planHash: string;
  options: SlurmOptions;
}

/** A word for bash: single-quoted, with any single quote closed, escaped and reopened. */
export const shellQuote = (s: string): string => `'${s.replaceAll("'", `'\\''`)}'`;

/** Sorted distinct indices as Slurm's array list: 0-3,5,7-8. */
export function arrayRanges(indices: readonly number[]): string {
  const sorted = [...new Set(indices)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(i === j ? `${sorted[i]}` : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(',');
}

export const logDir = (runDir: string): string => join(runDir, 'slurm', 'logs');

/** A unit task's log file, as Slurm names it from --output. */
export const unitLog = (runDir: string, index: number, arrayJob: string): string =>
  join(logDir(runDir), `unit-${index}.${arrayJob}.log`);

export const finishLog = (runDir: string, job: string): string =>
  join(logDir(runDir), `finish.${job}.log`);

function header(c: ScriptContext, lines: string[]): string[] {
  const o = c.options;
  return [
    '#!/bin/bash',
    ...lines,
    ...(o.partition !== null ? [`#SBATCH --partition=${o.partition}`] : []),
    `#SBATCH --mem=${o.mem}`,
  ];
}

/** The job array: one task per unit index. */
export function arrayScript(c: ScriptContext, indices: readonly number[]): string {
  const o = c.options;
  const limit = o.maxParallel !== null ? `%${o.maxParallel}` : '';
  return [
    ...header(c, [
      `#SBATCH --job-name=npasd-${c.planHash}`,
      `#SBATCH --array=${arrayRanges(indices)}${limit}`,
      `#SBATCH --time=${o.time}`,
      `#SBATCH --cpus-per-task=${o.cpusPerTask}`,
      `#SBATCH --output=${join(logDir(c.runDir), 'unit-%a.%A.log')}`,
    ]),
    '# One unit (train + score of one cell, method and seed) per task: the array index is the',
    "# unit's index in slurm/plan.json. The task writes only the unit's directory, atomically.",
    'set -eu',
    `exec ${[c.node, c.bin, 'unit', c.runDir].map(shellQuote).join(' ')} "$SLURM_ARRAY_TASK_ID"`,
    '',
  ].join('\n');
}

/** The final job: evaluate and report after the arrays `after` (job ids) have ended. */
export function finishScript(c: ScriptContext, after: readonly string[]): string {
  return [
    ...header(c, [
      `#SBATCH --job-name=npasd-${c.planHash}-finish`,
      `#SBATCH --dependency=afterany:${after.join(':')}`,
      `#SBATCH --time=${c.options.finishTime}`,
      '#SBATCH --cpus-per-task=1',
      `#SBATCH --output=${join(logDir(c.runDir), 'finish.%j.log')}`,
    ]),
    '# Evaluate and report once every unit task has ended; units that did not finish are listed',
    '# with their logs and the job exits non-zero.',
    'set -eu',
    `exec ${[c.node, c.bin, 'finish', c.runDir].map(shellQuote).join(' ')}`,
    '',
  ].join('\n');
}
