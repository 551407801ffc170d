/**
 * Slurm's commands (I/O edge): sbatch, squeue, sacct and scancel, run as child processes, and
 * the parsers of their output (pure, exported for the tests). A missing command is one clear
 * error naming it; sacct without accounting storage (common on small clusters) gives null.
 */
import { execFileSync } from 'node:child_process';
import { slurmMessages } from '../../messages/index.ts';

function run(command: string, args: string[], input?: string): string {
  try {
    return execFileSync(command, args, {
      encoding: 'utf8',
      input,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: string };
    if (err.code === 'ENOENT') throw new Error(slurmMessages.noCommand(command), { cause: e });
    const detail = (err.stderr ?? '').trim() || err.message;
    throw new Error(slurmMessages.commandFailed(command, detail), { cause: e });
  }
}

/** Throws the missing command's message unless sbatch and squeue run (before any work is done). */
export function requireSlurm(): void {
  for (const command of ['sbatch', 'squeue']) run(command, ['--version']);
}

/** `sbatch --parsable` output: "<job id>" or "<job id>;<cluster>". */
export function parseSbatch(stdout: string): string {
  const id = stdout.trim().split(';')[0];
  if (!/^\d+$/.test(id)) throw new Error(slurmMessages.commandFailed('sbatch', stdout.trim()));
  return id;
}

/** Submits a batch script file; returns the job id. */
export const sbatch = (scriptFile: string): string =>
  parseSbatch(run('sbatch', ['--parsable', scriptFile]));

export const scancel = (jobId: string): void => void run('scancel', [jobId]);

/** One line of squeue: an array task (task = its index) or a job (task null). */
export interface QueuedTask {
  job: string;
  task: number | null;
  /** PENDING, RUNNING, COMPLETING, ... */
  state: string;
}

export const SQUEUE_FORMAT = '%F|%K|%T';

/** `squeue -h -r -o '%F|%K|%T'` lines: array job id (the job id of a plain job), task, state. */
export function parseSqueue(stdout: string): QueuedTask[] {
  return stdout
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 0)
    .map((l) => {
      const [job, task, state] = l.split('|');
      return { job, task: /^\d+$/.test(task) ? Number(task) : null, state };
    });
}

/** The current user's jobs and array tasks known to the controller (one line per task). */
export const squeue = (): QueuedTask[] =>
  parseSqueue(run('squeue', ['--me', '-h', '-r', '-o', SQUEUE_FORMAT]));

/** One array task's accounting record. */
export interface AccountedTask {
  job: string;
  task: number;
  state: string;
  exitCode: string;
}

/** `sacct -n -P -X -o JobID,State,ExitCode` lines; only single array tasks (123_4) are kept. */
export function parseSacct(stdout: string): AccountedTask[] {
  const out: AccountedTask[] = [];
  for (const line of stdout.split('\n')) {
    const [id, state, exitCode] = line.trim().split('|');
    const m = /^(\d+)_(\d+)$/.exec(id ?? '');
    // "CANCELLED by 0": the state without who did it.
    if (m) out.push({ job: m[1], task: Number(m[2]), state: state.split(' ')[0], exitCode });
  }
  return out;
}

/** Accounting of the jobs' array tasks, or null when sacct is missing or has no accounting. */
export function sacct(jobIds: readonly string[]): AccountedTask[] | null {
  if (jobIds.length === 0) return [];
  try {
    return parseSacct(
      run('sacct', ['-n', '-P', '-X', '-j', jobIds.join(','), '-o', 'JobID,State,ExitCode']),
    );
  } catch {
    return null;
  }
}
