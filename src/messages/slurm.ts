/**
 * Messages of running units as Slurm jobs (src/experiment/slurm/, src/cli/slurm.ts).
 */
import type { RunStatus } from '../experiment/slurm/status.ts';

const SHARED =
  'the run directory and the cache must be on storage every node sees, at the same path';

/** "c00/prop/seed-1 (task 5, FAILED 1:0): its error; log: path" */
function failedLine(f: RunStatus['failed'][number]): string {
  const state = f.state ? `, ${f.state}${f.exitCode ? ` ${f.exitCode}` : ''}` : '';
  const why = f.message ?? (f.state ? '' : 'ended without finishing (killed, timed out or failed)');
  return `  ${f.unit} (task ${f.arrayJob}_${f.index}${state})${why ? `: ${why}` : ''}; log: ${f.log}`;
}

export const slurmMessages = {
  badOption: (name: string, value: unknown, allowed: string) =>
    `--${name}: got ${JSON.stringify(value)}, expected ${allowed}`,
  noCommand: (command: string) =>
    `${command}: not found; --executor slurm and npasd status need Slurm's commands on PATH`,
  commandFailed: (command: string, detail: string) => `${command} failed: ${detail}`,
  noRunDir: (dir: string) => `${dir}: no such run directory (${SHARED})`,
  notSlurmRun: (dir: string) =>
    `${dir}: not a run submitted with --executor slurm (it has no slurm/plan.json)`,
  otherRun: (dir: string, planHash: string, held: string | null) =>
    `${dir}: holds ${held ? `the run of plan ${held}` : 'no spec.resolved.json'}, not the submitted plan ${planHash} (${SHARED})`,
  noCache: (path: string, host: string) => `${path}: not found on ${host} (${SHARED})`,
  noPrepared: (path: string, host: string) =>
    `${path}: the features stage's file is not there on ${host} (${SHARED})`,
  otherBackend: (planned: string, loaded: string, host: string) =>
    `the run was planned on the ${planned} backend, but ${host} loaded ${loaded}: install it there or re-submit with --backend ${loaded} into another run directory`,
  badIndex: (index: number, units: number) =>
    `unit index ${index}: the run has units 0 to ${units - 1}`,
  unitStart: (unit: string, host: string, backend: string) =>
    `${unit}: starting on ${host} (backend ${backend})`,
  unitDone: (unit: string, sec: number) => `${unit}: finished in ${sec.toFixed(1)} s`,
  unitFailed: (unit: string, message: string) => `${unit}: ${message}`,
  notAllFinished: (s: RunStatus) =>
    [
      `${s.units - s.finished.length} of ${s.units} unit(s) did not finish; re-submit the same command to run them:`,
      ...s.failed.map(failedLine),
      ...s.running.map((r) => `  ${r.unit} (task ${r.arrayJob}_${r.index}): still ${r.state}`),
      ...s.missing.map((m) => `  ${m.unit}: never submitted`),
    ].join('\n'),
  submitted: (units: number, arrayJob: string, finishJob: string, live: number, finished: number) =>
    `submitted ${units} unit(s) as job array ${arrayJob} and the final job ${finishJob} (evaluate and report)` +
    `${finished > 0 ? `; ${finished} unit(s) already finished` : ''}` +
    `${live > 0 ? `; ${live} unit(s) skipped, their tasks are queued or running` : ''}`,
  nothingToSubmit: (live: number) =>
    `nothing submitted: the ${live} unfinished unit(s) have tasks queued or running (npasd status shows them)`,
  dryRun: (units: number) =>
    `dry run: ${units} unit(s) would be submitted with these scripts (nothing was submitted or written)`,
  followUp: (dir: string) => `npasd status ${dir} shows the progress; results will be in ${dir}`,
  statusHead: (dir: string, units: number) => `${dir}: ${units} unit(s)`,
  statusCounts: (s: RunStatus) =>
    `finished ${s.finished.length}, running ${s.running.length}` +
    `${s.running.some((r) => r.state === 'PENDING') ? ` (${s.running.filter((r) => r.state === 'PENDING').length} pending)` : ''}` +
    `, failed ${s.failed.length}, missing ${s.missing.length}`,
  statusFailedHead: (accounting: boolean) =>
    `failed${accounting ? '' : " (no accounting on this cluster: states from the tasks' records)"}:`,
  statusFailed: failedLine,
  statusRunning: (r: RunStatus['running'][number]) =>
    `  ${r.unit} (task ${r.arrayJob}_${r.index}): ${r.state}; log: ${r.log}`,
  statusHint: () =>
    're-submit the same npasd reproduce command to run the failed and missing units',
  needRunDir: () => 'a run directory is needed: npasd status <run-dir>',
};
