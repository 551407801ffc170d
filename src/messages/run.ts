/** User-facing messages of the runner and the command line. */

import { specField } from './spec.ts';

// ---------------------------------------------------------------------------------------------
// Experiment runner (src/experiment/, src/cli/)
// ---------------------------------------------------------------------------------------------

/** Messages of `npasd reproduce / validate / list` and the run directory. */
export const runMessages = {
  /** A worker process that ended before reporting its task's result. */
  workerExited: (how: string) => `worker process exited (${how})`,
  /** A value that passed the schema but cannot work with the rest of the spec. */
  inconsistent: (path: string, detail: string) => specField(path, detail),
  clipTooLong: (clipSec: number, limitSec: number) =>
    `got ${clipSec}, expected at most ${limitSec} (a test clip is cut from one held-out file: ` +
    `min(data.fileSec, data.normalTestSec))`,
  notPowerOfTwo: (n: number) => `got ${n}, expected a power of two`,
  runDirHoldsOther: (dir: string) =>
    `${dir}: holds another run (its spec.resolved.json differs); choose another --out or remove it`,
  unitFailed: (unit: string, message: string) => `${unit}: ${message}`,
  unitLabels: (unit: string) =>
    `${unit}: its scores.json lists other test clips than the test-set plan; delete the unit directory to redo it`,
  runDone: (dir: string) => `results: ${dir}`,
  table1Title: (rule: string) =>
    rule === 'oracle'
      ? "Table I, at the threshold maximising the mean of P, R and F1 on the test labels (the paper's rule)"
      : 'Table I, at phi_rho (the deployable threshold, set from training data only)',
  badJobs: (jobs: unknown) => `--jobs: got ${JSON.stringify(jobs)}, expected an integer >= 1`,
  badSeeds: (seeds: unknown) => `--seeds: got ${JSON.stringify(seeds)}, expected an integer >= 1`,
  // The command line (src/cli/main.ts). `duration` is formatDuration's text (estimate.ts).
  explainHead: () => 'Spec fields (set any with --set path=value):',
  needCommand: () =>
    'a command is needed: reproduce, validate, list, report, train, detect, data, download or status',
  /** A yargs usage error (unknown option, missing argument, ...) with where to look. */
  usage: (message: string, command: string | null) =>
    `${message} (see npasd ${command ? `${command} ` : ''}--help)`,
  epilog: () =>
    "Spec names are looked up in ./experiments (the package's own when there is none). " +
    "Exit code 2 on any error. Run times are estimates from this machine's bench figures " +
    '(src/experiment/estimate.ts).',
  startEstimate: (
    name: string,
    scale: string | null,
    units: number,
    duration: string,
    jobs: number,
  ) =>
    `${name}${scale ? ` (${scale})` : ''}: ${units} unit(s), estimated ~${duration} with --jobs ${jobs}`,
  startRecorded: (name: string, scale: string | null, units: number, jobs: number) =>
    `${name}${scale ? ` (${scale})` : ''}: ${units} unit(s) with --jobs ${jobs}; no time estimate ` +
    'for recorded data (its amount is known once the data stage has read it)',
  validRecorded: () =>
    'no run-time estimate: the estimate models synthetic data, not recordings (folders, dcase)',
  validOk: (file: string) => `${file}: valid`,
  validScale: (scale: string | null, scales: readonly string[]) =>
    `scale: ${scale ?? '(none)'}${scales.length > 0 ? ` (the spec has: ${scales.join(', ')})` : ''}`,
  validCounts: (cells: number, units: number) =>
    `cells: ${cells}, units: ${units} (cells x methods x seeds)`,
  validCell: (id: string, assignments: readonly string[], units: number) =>
    `  cell ${id}: ${assignments.length > 0 ? assignments.join(', ') : 'no grid'}; ${units} unit(s)`,
  validEstimate: (
    duration: string,
    jobs: number,
    parts: { data: string; units: string; longest: string },
  ) =>
    `estimated run time: ~${duration} with --jobs ${jobs} (data and features ~${parts.data}, ` +
    `units ~${parts.units} on one job, longest ${parts.longest}; an estimate for a cold cache)`,
  listHead: (dir: string, jobs: number) =>
    `specs in ${dir}, with estimated wall times for --jobs ${jobs} (estimates for a cold cache):`,
  listSpec: (name: string, title: string) => `${name}: ${title || '(no title)'}`,
  listScale: (
    scale: string | null,
    cells: number,
    units: number,
    duration: string,
    isDefault: boolean,
  ) =>
    `  ${(scale ?? '(no scales)').padEnd(8)} ${cells} cell(s), ${units} unit(s), ~${duration}` +
    (isDefault ? ' (default)' : ''),
  listBroken: (name: string, message: string) => `${name}: ${message}`,
  listDcase: (root: string) =>
    `  one cell per unit of the DCASE dataset at ${root} (validate it once it is there)`,
};
