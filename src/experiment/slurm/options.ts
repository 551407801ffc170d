/**
 * The options of `npasd reproduce --executor slurm` (pure): what each array task and the final
 * job ask Slurm for. Every value, default or not, is recorded in provenance.json and in
 * slurm/submissions.json of the run directory.
 */
import { slurmMessages } from '../../messages/index.ts';

export interface SlurmOptions {
  /** --partition; null: the cluster's default partition. */
  partition: string | null;
  /** --time of one array task (one unit), Slurm's [D-]HH:MM:SS. */
  time: string;
  /** --cpus-per-task of one array task. */
  cpusPerTask: number;
  /** --mem of one array task (and of the final job), Slurm's size: 2G, 4000M, ... */
  mem: string;
  /** The array's %K: at most K tasks at once; null: no limit beyond the cluster's. */
  maxParallel: number | null;
  /** --time of the final job (evaluate and report). */
  finishTime: string;
}

/** A Slurm time: MM, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS. */
const TIME = /^(\d+-\d{1,2}(:\d{1,2}){0,2}|\d+(:\d{1,2}){0,2})$/;
/** A Slurm memory size: an integer with an optional K, M, G or T suffix. */
const MEM = /^\d+[KMGT]?$/;

/** Defaults when not given: mem and cpus for one unit process; time from the run's estimate. */
export const SLURM_DEFAULTS = { cpusPerTask: 1, mem: '2G', finishTime: '01:00:00' } as const;

/** A task's default --time: three times the longest unit's estimate, at least an hour; 24 h unknown. */
export function defaultTime(longestUnitSec: number | null): string {
  if (longestUnitSec === null) return '1-00:00:00';
  return slurmDuration(Math.max(3600, Math.ceil(3 * longestUnitSec)));
}

/** Seconds as Slurm's D-HH:MM:SS (rounded up to a minute). */
export function slurmDuration(sec: number): string {
  const min = Math.ceil(sec / 60);
  const pad = (n: number): string => String(n).padStart(2, '0');
  const d = Math.floor(min / 1440);
  const h = Math.floor((min % 1440) / 60);
  const m = min % 60;
  return `${d > 0 ? `${d}-` : ''}${pad(h)}:${pad(m)}:00`;
}

/** The raw command-line values (yargs leaves bad numbers as strings). */
export interface SlurmArgs {
  partition?: unknown;
  time?: unknown;
  cpusPerTask?: unknown;
  mem?: unknown;
  maxParallel?: unknown;
}

const positiveInt = (v: unknown): v is number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 1;

/** Checks and completes the options; throws naming the option, the value and what is allowed. */
export function slurmOptions(a: SlurmArgs, longestUnitSec: number | null): SlurmOptions {
  const str = (name: string, v: unknown, ok: (s: string) => boolean, allowed: string) => {
    if (v === undefined) return undefined;
    if (typeof v !== 'string' && typeof v !== 'number') {
      throw new Error(slurmMessages.badOption(name, v, allowed));
    }
    const s = String(v);
    if (!ok(s)) throw new Error(slurmMessages.badOption(name, v, allowed));
    return s;
  };
  const time = str(
    'time',
    a.time,
    (s) => TIME.test(s),
    'a Slurm time such as 02:00:00 or 1-12:00:00',
  );
  const mem = str('mem', a.mem, (s) => MEM.test(s), 'a Slurm size such as 2G or 4000M');
  const partition = str('partition', a.partition, (s) => /^[\w.-]+$/.test(s), 'a partition name');
  if (a.cpusPerTask !== undefined && !positiveInt(a.cpusPerTask)) {
    throw new Error(slurmMessages.badOption('cpus-per-task', a.cpusPerTask, 'an integer >= 1'));
  }
  if (a.maxParallel !== undefined && !positiveInt(a.maxParallel)) {
    throw new Error(slurmMessages.badOption('max-parallel', a.maxParallel, 'an integer >= 1'));
  }
  return {
    partition: partition ?? null,
    time: time ?? defaultTime(longestUnitSec),
    cpusPerTask: (a.cpusPerTask as number | undefined) ?? SLURM_DEFAULTS.cpusPerTask,
    mem: mem ?? SLURM_DEFAULTS.mem,
    maxParallel: (a.maxParallel as number | undefined) ?? null,
    finishTime: SLURM_DEFAULTS.finishTime,
  };
}
