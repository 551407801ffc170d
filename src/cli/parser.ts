/**
 * The parser of the `npasd` command line (src/cli/main.ts runs it): reproduce, validate and list
 * here; report, train and detect, data, download, and the Slurm commands from their modules.
 * Importing it runs nothing.
 */ import { existsSync, readFileSync } from 'node:fs';
import { availableParallelism, freemem } from 'node:os';
import { isAbsolute, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import yargs, { type Argv } from 'yargs';
import { estimateRun, formatDuration } from '../experiment/estimate.ts';
import { estimateBasis } from '../experiment/expectedBackend.ts';
import { planRun } from '../experiment/plan.ts';
import { loadExperiment } from '../experiment/load.ts';
import { MAX_RUN_SEC } from '../experiment/memory.ts';
import { experimentSchema } from '../experiment/schema.ts';
import { explainSchema } from '../spec/explain.ts';
import { runMessages } from '../messages/index.ts';
import { specNames } from '../spec/load.ts';
import { backendOption, out, setOption, specOverrides } from './options.ts';
import { dataCommands } from './data.ts';
import { downloadCommands } from './download.ts';
import { ownDataCommands } from './own.ts';
import { reportCommands } from './report.ts';
import { printSubmission, slurmCommands, slurmReproduceOptions } from './slurm.ts';
import { slurmOptions, type SlurmArgs } from '../experiment/slurm/options.ts';
import { requireSlurm } from '../experiment/slurm/commands.ts';
import { withHelp } from './help.ts';

/** --backend of validate and list: the backend whose speeds price the estimate. */
const estimateBackendOption = {
  ...backendOption,
  describe: 'estimate for this TensorFlow.js backend (default: the one reproduce would use)',
} as const;

/** A usage error from yargs (unknown option, missing argument, ...). */
export class UsageError extends Error {}

/**
 * Thrown instead of running a command when the parser is built with `parseOnly`: the command's
 * name and its parsed arguments, after yargs' own checks (unknown options, choices, required
 * arguments). For tests of the help's examples.
 */
export class ParsedOnly extends Error {
  constructor(readonly argv: Record<string, unknown>) {
    super(`parsed: ${String((argv._ as unknown[])[0])}`);
  }
}

/** Options that take many values (yargs makes an array of the rest when one is repeated). */
const REPEATABLE = new Set(['_', '$0', 'set', 'files']);

/**
 * A single-valued option given more than once (`--out a --out b`): yargs hands the command an
 * array, which would fail deep inside (a TypeError on a path) or be used as one odd value.
 */
function refuseRepeated(argv: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(argv)) {
    if (REPEATABLE.has(key) || !Array.isArray(value)) continue;
    throw new UsageError(runMessages.repeatedOption(key, value.map(String)));
  }
}

/**
 * Spec names are looked up in ./experiments, or in the package's own experiments/ when the
 * current directory has none (the bin run from elsewhere).
 */
const SPEC_DIR = existsSync('experiments')
  ? 'experiments'
  : fileURLToPath(new URL('../../experiments', import.meta.url));
const CORES = availableParallelism();

/** A path as the user would type it: relative to the current directory when inside it. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : path;
}

/** --jobs: an integer >= 1 (yargs leaves non-numbers as strings, so the message shows them). */
function jobsOf(value: unknown): number {
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1)) {
    throw new Error(runMessages.badJobs(value));
  }
  return value;
}

/** --seeds: an integer >= 1, or absent (the spec's own `seeds`). */
function seedsOf(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  if (!(typeof value === 'number' && Number.isInteger(value) && value >= 1)) {
    throw new Error(runMessages.badSeeds(value));
  }
  return value;
}

interface SpecArgs {
  spec: string;
  scale?: string;
  seeds?: unknown;
  set?: string[];
  jobs: unknown;
  allowLarge?: boolean;
  backend?: string;
}

/** The spec options shared by reproduce and validate. */
function specOptions<T>(y: Argv<T>) {
  return y
    .positional('spec', {
      type: 'string',
      demandOption: true,
      describe: `spec name (${specNames(SPEC_DIR).join(', ')}) or path to a .json file`,
    })
    .option('scale', { type: 'string', describe: "named scale of the spec (default: the spec's)" })
    .option('seeds', {
      requiresArg: true,
      describe: "seeds per cell, an integer >= 1 (default: the spec's seeds)",
    })
    .option('set', setOption('train.epochs=5'))
    .option('allow-large', {
      type: 'boolean',
      default: false,
      describe:
        "run a spec whose estimated memory exceeds this machine's available memory, or whose " +
        `estimated run time exceeds ${formatDuration(MAX_RUN_SEC)} (for a bigger machine)`,
    })
    .option('jobs', {
      requiresArg: true,
      default: CORES,
      describe: `units run in parallel worker processes, an integer >= 1 (default: the cores, ${CORES} here)`,
    });
}

/** Loads and checks the spec of a command; the plan and its estimate. */
async function loadAndEstimate(a: SpecArgs) {
  const jobs = jobsOf(a.jobs);
  const basis = await estimateBasis(jobs, a.backend, CORES);
  const seeds = seedsOf(a.seeds);
  const allowLarge = a.allowLarge === true;
  const limits = { parallel: Math.min(jobs, CORES), availableBytes: freemem(), allowLarge };
  const exp = loadExperiment({
    spec: a.spec,
    specDir: SPEC_DIR,
    ...specOverrides(a, seeds),
    limits,
  });
  const plan = planRun(exp.cells, 'estimate');
  // The cost model knows synthetic data's sizes from the spec; recordings' only once read.
  const synthetic = exp.cells.every((c) => c.spec.data.source === 'synthetic');
  const estimate = synthetic
    ? estimateRun(plan, { jobs, cores: CORES, backend: basis.backend, threads: basis.threads })
    : null;
  if (estimate && estimate.seconds > MAX_RUN_SEC && !allowLarge) {
    throw new Error(
      runMessages.tooLong(formatDuration(estimate.seconds), formatDuration(MAX_RUN_SEC)),
    );
  }
  return { exp, plan, estimate, jobs, seeds, on: basis.on };
}

async function reproduceCommand(
  a: SpecArgs &
    SlurmArgs & {
      out?: string;
      backend?: string;
      results: string;
      cache?: string;
      executor: string;
      dryRun: boolean;
    },
) {
  const { exp, plan, estimate, jobs, seeds, on } = await loadAndEstimate(a);
  const slurm =
    a.executor === 'slurm'
      ? { options: slurmOptions(a, estimate?.longestUnitSec ?? null), dryRun: a.dryRun }
      : undefined;
  const units = plan.units.length;
  process.stderr.write(
    `${
      estimate
        ? runMessages.startEstimate(
            exp.name,
            exp.scale,
            units,
            formatDuration(estimate.seconds),
            jobs,
            on,
          )
        : runMessages.startRecorded(exp.name, exp.scale, units, jobs)
    }\n`,
  );
  // Slurm's commands are needed after the data and features stages: check them before those.
  if (slurm && !slurm.dryRun) requireSlurm();
  // Imported here: the runner loads TensorFlow.js (~1 s), which validate and list do not need.
  const { reproduce } = await import('../experiment/runner.ts');
  const r = await reproduce({
    spec: a.spec,
    specDir: SPEC_DIR,
    jobs,
    resultsDir: a.results,
    ...specOverrides(a, seeds),
    ...(a.out !== undefined ? { out: a.out } : {}),
    ...(a.backend !== undefined ? { backend: a.backend } : {}),
    ...(a.cache !== undefined ? { cacheDir: a.cache } : {}),
    ...(slurm ? { slurm } : {}),
  });
  if (r.slurm) return printSubmission(r.runDir, r.slurm, a.dryRun);
  out(r.table.trimEnd());
  out(runMessages.runDone(r.runDir));
}

async function validateCommand(a: SpecArgs & { explain?: boolean }): Promise<void> {
  const { exp, plan, estimate, jobs, on } = await loadAndEstimate(a);
  if (a.explain) {
    out(runMessages.explainHead());
    for (const line of explainSchema(experimentSchema)) out(line);
    out('');
  }
  out(runMessages.validOk(shown(exp.file)));
  out(runMessages.validScale(exp.scale, exp.scales));
  out(runMessages.validCounts(plan.cells.length, plan.units.length));
  for (const c of plan.cells) {
    const assignments = Object.entries(c.assignments).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    const units = plan.units.filter((u) => u.cell === c.id).length;
    out(runMessages.validCell(c.id, assignments, units));
  }
  if (!estimate) {
    out(runMessages.validRecorded());
    return;
  }
  const longest = estimate.units.reduce((m, u) => (u.seconds > m.seconds ? u : m));
  out(
    runMessages.validEstimate(formatDuration(estimate.seconds), jobs, on, {
      data: formatDuration(estimate.dataSec + estimate.featuresSec),
      units: formatDuration(estimate.unitsSec),
      longest: `${longest.id} ${formatDuration(longest.seconds)}`,
    }),
  );
}

/** Every spec and scale with cells, units and an estimate; a broken spec is reported (exit 2). */
async function listCommand(a: { jobs: unknown; backend?: string }): Promise<void> {
  const jobs = jobsOf(a.jobs);
  const basis = await estimateBasis(jobs, a.backend, CORES);
  const priced = { jobs, cores: CORES, backend: basis.backend, threads: basis.threads };
  const names = specNames(SPEC_DIR);
  out(runMessages.listHead(shown(SPEC_DIR), jobs, basis.on));
  let broken = 0;
  for (const name of names) {
    try {
      const first = loadExperiment({ spec: name, specDir: SPEC_DIR, lazyData: true });
      const lines = [runMessages.listSpec(name, first.cells[0].spec.title)];
      const { data } = first.cells[0].spec;
      if (data.source !== 'synthetic') {
        // DCASE cells are the dataset's units, nothing to count before it is downloaded; and
        // the cost model knows only synthetic data's sizes.
        const line =
          data.source === 'dcase'
            ? runMessages.listDcase(data.dcase.root)
            : runMessages.validRecorded();
        for (const l of [...lines, `  ${line.trimStart()}`]) out(l);
        continue;
      }
      const scales = first.scales.length > 0 ? first.scales : [null];
      for (const scale of scales) {
        const exp =
          scale === null ? first : loadExperiment({ spec: name, scale, specDir: SPEC_DIR });
        const plan = planRun(exp.cells, 'estimate');
        const sec = estimateRun(plan, priced).seconds;
        const isDefault = scale !== null && scale === first.scale;
        lines.push(
          runMessages.listScale(
            scale,
            plan.cells.length,
            plan.units.length,
            formatDuration(sec),
            isDefault,
          ),
        );
      }
      for (const line of lines) out(line);
    } catch (e) {
      broken++;
      process.stderr.write(`${runMessages.listBroken(name, (e as Error).message)}\n`);
    }
  }
  if (broken > 0) process.exitCode = 2;
}

function version(): string {
  const pkg = new URL('../../package.json', import.meta.url);
  return (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
}

/**
 * The yargs parser: every command has --help; usage errors and handler errors both throw. With
 * `parseOnly`, no command runs: a ParsedOnly carrying the parsed arguments is thrown instead.
 */
export function parser(args: string[], opts: { parseOnly?: boolean } = {}) {
  const base = yargs(args)
    .scriptName('npasd')
    .usage(
      '$0 <command> [options]\n\nReproduce Koizumi et al. (EUSIPCO 2017) from experiment specs.',
    )
    .command(
      'reproduce <spec>',
      'run (or resume) an experiment and print its Table I',
      (y) =>
        withHelp(
          slurmReproduceOptions(specOptions(y))
            .option('out', {
              type: 'string',
              describe: 'run directory (default: <results>/<spec>/<scale>-<plan hash>)',
            })
            .option('backend', backendOption)
            .option('results', {
              type: 'string',
              default: 'results',
              describe: 'results directory',
            })
            .option('cache', {
              type: 'string',
              describe: 'corpus and feature cache shared by runs (default: <results>/.cache)',
            }),
          'reproduce',
        ),
      (a) => reproduceCommand(a as Parameters<typeof reproduceCommand>[0]),
    )
    .command(
      'validate <spec>',
      'load and check a spec; print its cells, units and an estimated run time',
      (y) =>
        withHelp(
          specOptions(y)
            .option('explain', {
              type: 'boolean',
              default: false,
              describe:
                'also list every spec field (the paths of --set): type, range, default, doc',
            })
            .option('backend', estimateBackendOption),
          'validate',
        ),
      (a) => validateCommand(a as SpecArgs & { explain: boolean; backend?: string }),
    )
    .command(
      'list',
      'list the specs and their scales with an estimated run time',
      (y) =>
        withHelp(
          y
            .option('jobs', {
              requiresArg: true,
              default: CORES,
              describe: `estimate with this many parallel worker processes (default: the cores, ${CORES} here, as reproduce)`,
            })
            .option('backend', estimateBackendOption),
          'list',
        ),
      (a) => listCommand(a),
    );
  return slurmCommands(
    downloadCommands(
      dataCommands(ownDataCommands(reportCommands(base), SPEC_DIR, specNames(SPEC_DIR))),
    ),
  )
    .middleware(refuseRepeated, true)
    .middleware((argv) => {
      if (opts.parseOnly) throw new ParsedOnly(argv);
    })
    .demandCommand(1, runMessages.needCommand())
    .strict()
    .help()
    .alias('help', 'h')
    .version(version())
    .epilog(runMessages.epilog())
    .wrap(Math.min(100, process.stdout.columns ?? 100))
    .exitProcess(false)
    .fail((message, err) => {
      // yargs' own errors (YError) are usage errors too; others come from the handlers.
      if (err && err.name !== 'YError') throw err;
      throw new UsageError(message ?? err?.message ?? '');
    });
}
