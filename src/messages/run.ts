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
  /** The run would not fit this machine (src/experiment/memory.ts); `--allow-large` overrides. */
  tooMuchMemory: (
    need: string,
    available: string,
    parts: { workers: number; method: string; unit: string; mels: string },
  ) =>
    `needs about ${need} of memory (${parts.workers} worker process(es) x the ${parts.method} ` +
    `unit's ${parts.unit}; the log-mel of D and O alone is ${parts.mels}), more than the ` +
    `${available} available on this machine; lower --jobs, make the network (train.hidden, ` +
    'train.batchSize, train.inferenceBatch) or the data (data.normalTrainSec, data.otherSec) ' +
    'smaller, or pass --allow-large on a machine that has the memory',
  tooLong: (duration: string, bound: string) =>
    `estimated run time ~${duration}, beyond the ${bound} this command accepts (train.epochs, ` +
    'train.stepsPerEpoch, the data sizes and the grid set it); make it smaller, or pass ' +
    '--allow-large if the estimate is wrong for this machine',
  /** Cross-field checks (src/experiment/consistency.ts): `fields` joined as "a, b". */
  inconsistentFields: (fields: readonly string[], detail: string) =>
    specField(fields.join(', '), detail),
  hopOverFft: (hop: number, nFft: number) =>
    `hop ${hop} is longer than the FFT (${nFft}): audio between frames would be skipped; ` +
    'expected hop <= nFft',
  aboveNyquist: (fMax: number, nyquist: number) =>
    `fMax ${fMax} Hz is above half the sample rate (${nyquist} Hz)`,
  fMinNotBelow: (fMin: number, top: number) =>
    `fMin ${fMin} Hz is not below the highest filter edge (${top} Hz); expected fMin < fMax`,
  clipTooShort: (clipSec: number, need: number, rate: number) =>
    `a test clip of ${clipSec} s holds ${Math.round(clipSec * rate)} samples, fewer than one ` +
    `context window needs (nFft + (pb + pf) x hop = ${need} samples, ${need / rate} s)`,
  tooManyFiles: (files: number, max: number) =>
    `the corpus would be ${files} files, more than ${max}; raise data.fileSec or shorten the audio`,
  tooFewForComponents: (method: string, components: number, vectors: number) =>
    `${method}: ${components} GMM components but D gives only ${vectors} training vectors; ` +
    'expected components <= training vectors',
  subsetBelowComponents: (subset: number, components: number) =>
    `prop: a refit subset of ${subset} vectors cannot fit ${components} GMM components; ` +
    'expected refitSubset 0 or >= components',
  unitTooFewWindows: (unit: string, folder: string, files: number, windows: number, rho: number) =>
    `${unit}: too little training audio in ${folder}: ${files} file(s) give ${windows} ` +
    `test-clip-length window(s), and the clip threshold phi-clip (rho = ${rho} of them above it) ` +
    `needs at least ${Math.ceil(1 / rho)}; add training files to ${folder}, or raise rho ` +
    `(--set prop.rho=${Number(Math.min(0.5, 1 / Math.max(1, windows)).toPrecision(2))}, or ` +
    'overrides.<method>.rho), or leave the unit out (data.dcase.machines)',
  rhoTooSmall: (method: string, rho: number, vectors: number) =>
    `${method}: rho ${rho} x ${vectors} training vectors of D < 1, so phi_rho (the floor(rho x N)-th ` +
    `largest training score) does not exist; expected rho >= ${(1 / Math.max(1, vectors)).toPrecision(2)} or more training audio`,
  runDirHoldsOther: (dir: string) =>
    `${dir}: holds another run (its spec.resolved.json differs); choose another --out or remove it`,
  runSpecDamaged: () =>
    'this run directory cannot be resumed without it: if it holds a run of this same spec, ' +
    'delete the file and run the same command again (finished units are kept); otherwise ' +
    'choose another --out',
  unitResultDamaged: (path: string, reason: string) =>
    `${path}: not valid JSON (${reason}); the unit is computed again`,
  runDirNotRun: (dir: string) =>
    `${dir}: exists, is not empty and is not an npasd run directory (no spec.resolved.json); ` +
    'nothing was written there: choose an empty or new --out',
  runDirSystem: (dir: string) =>
    `${dir}: is the file-system root or the home directory; choose a new --out for the run`,
  runDirNotDir: (dir: string) => `${dir}: exists and is not a directory; choose another --out`,
  runLocked: (dir: string, pid: number, started: string) =>
    `${dir}: another npasd reproduce (pid ${pid}, started ${started}) is running in this run ` +
    'directory; wait for it to finish (running the same command afterwards resumes and reuses its work)',
  runLockedElsewhere: (dir: string, pid: number, host: string, lock: string) =>
    `${dir}: locked by npasd reproduce pid ${pid} on host ${host}, which cannot be checked from ` +
    `here; if no run is active there, remove ${lock}`,
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
  repeatedOption: (option: string, values: readonly string[]) =>
    `--${option} given ${values.length} times (${values.join(', ')}); it takes one value`,
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
  /** What an estimate is priced for: "wasm+dnnl, 1 native thread per unit", "cpu (speeds assumed)". */
  estimateOn: (backend: string, threads: number | null, assumed: boolean) =>
    `${backend}` +
    (threads !== null ? `, ${threads} native thread${threads === 1 ? '' : 's'} per unit` : '') +
    (assumed ? ' (its speeds partly assumed: src/experiment/estimateRates.ts)' : ''),
  startEstimate: (
    name: string,
    scale: string | null,
    units: number,
    duration: string,
    jobs: number,
    on: string,
  ) =>
    `${name}${scale ? ` (${scale})` : ''}: ${units} unit(s), estimated ~${duration} with --jobs ${jobs} on ${on}`,
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
    on: string,
    parts: { data: string; units: string; longest: string },
  ) =>
    `estimated run time: ~${duration} with --jobs ${jobs} on ${on} (data and features ` +
    `~${parts.data}, units ~${parts.units} summed, longest ${parts.longest}; an estimate for a ` +
    'cold cache)',
  listHead: (dir: string, jobs: number, on: string) =>
    `specs in ${dir}, with estimated wall times for --jobs ${jobs} on ${on} (estimates for a ` +
    'cold cache):',
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
