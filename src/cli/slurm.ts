/**
 * The Slurm side of the command line:
 *   npasd reproduce <spec> --executor slurm [--partition P] [--time T] [--cpus-per-task N]
 *                          [--mem M] [--max-parallel K] [--dry-run]   (options added here)
 *   npasd status <run-dir>        finished / running / failed / missing units of a Slurm run
 *   npasd unit <run-dir> <index>  (hidden) one array task: runs unit <index> of the run
 *   npasd finish <run-dir>        (hidden) the final job: evaluate and report, or list failures
 * The hidden commands are what the generated batch scripts run (src/experiment/slurm/script.ts).
 */
import type { Argv } from 'yargs';
import { slurmMessages } from '../messages/index.ts';
import { readSlurmPlan } from '../experiment/slurm/record.ts';
import { runStatus } from '../experiment/slurm/status.ts';
import type { SlurmSubmission } from '../experiment/slurm/submit.ts';
import { SLURM_DEFAULTS } from '../experiment/slurm/options.ts';
import { withHelp } from './help.ts';
import { out } from './options.ts';

/** The reproduce options of --executor slurm. */
export function slurmReproduceOptions<T>(y: Argv<T>) {
  return y
    .option('executor', {
      type: 'string',
      choices: ['local', 'slurm'],
      default: 'local',
      describe:
        'where units run: worker processes here, or one Slurm array task each (data and features run here first)',
    })
    .option('partition', {
      type: 'string',
      requiresArg: true,
      describe: "slurm: the partition (default: the cluster's default)",
    })
    .option('time', {
      requiresArg: true,
      describe:
        "slurm: time limit of one unit's task, e.g. 04:00:00 (default: 3x the longest unit's estimate, at least 1 h; 24 h for recorded data)",
    })
    .option('cpus-per-task', {
      requiresArg: true,
      describe: `slurm: CPUs of one unit's task (default ${SLURM_DEFAULTS.cpusPerTask})`,
    })
    .option('mem', {
      requiresArg: true,
      describe: `slurm: memory of one unit's task, e.g. 4G (default ${SLURM_DEFAULTS.mem})`,
    })
    .option('max-parallel', {
      requiresArg: true,
      describe: "slurm: at most K unit tasks at once (the array's %K; default no limit)",
    })
    .option('dry-run', {
      type: 'boolean',
      default: false,
      describe: 'slurm: print the batch scripts; submit and write nothing',
    });
}

/** What reproduce prints after a Slurm submission (stdout). */
export function printSubmission(runDir: string, s: SlurmSubmission, dryRun: boolean): void {
  if (dryRun) {
    if (s.scripts === null) {
      out(slurmMessages.nothingToSubmit(s.live));
      return;
    }
    out(slurmMessages.dryRun(s.indices.length));
    out(s.scripts.array);
    out(s.scripts.finish);
    return;
  }
  if (s.arrayJob === null || s.finishJob === null) out(slurmMessages.nothingToSubmit(s.live));
  else out(slurmMessages.submitted(s.indices.length, s.arrayJob, s.finishJob, s.live, s.finished));
  out(slurmMessages.followUp(runDir));
}

function statusCommand(runDir: string | undefined): void {
  if (!runDir) throw new Error(slurmMessages.needRunDir());
  const s = runStatus(readSlurmPlan(runDir));
  out(slurmMessages.statusHead(runDir, s.units));
  out(slurmMessages.statusCounts(s));
  for (const r of s.running) out(slurmMessages.statusRunning(r));
  if (s.failed.length > 0) {
    out(slurmMessages.statusFailedHead(s.accounting));
    for (const f of s.failed) out(slurmMessages.statusFailed(f));
  }
  if (s.failed.length + s.missing.length > 0) out(slurmMessages.statusHint());
}

/** Adds status and the hidden unit and finish commands. */
export function slurmCommands<T>(y: Argv<T>): Argv<T> {
  const log = (line: string): void => out(line);
  return y
    .command(
      'status [run-dir]',
      'units of a run submitted with --executor slurm: finished, running, failed (with logs), missing',
      (c) =>
        withHelp(
          c.positional('run-dir', { type: 'string', describe: 'the run directory' }),
          'status',
        ),
      (a) => statusCommand(a.runDir as string | undefined),
    )
    .command(
      'unit <run-dir> <index>',
      false,
      (c) =>
        c
          .positional('run-dir', { type: 'string', demandOption: true })
          .positional('index', { type: 'number', demandOption: true }),
      async (a) => {
        const { runUnitTask } = await import('../experiment/slurm/task.ts');
        await runUnitTask(a.runDir as string, a.index as number, log);
      },
    )
    .command(
      'finish <run-dir>',
      false,
      (c) => c.positional('run-dir', { type: 'string', demandOption: true }),
      async (a) => {
        const { finishRun } = await import('../experiment/slurm/task.ts');
        const r = await finishRun(a.runDir as string, log);
        out(r.table.trimEnd());
      },
    );
}
