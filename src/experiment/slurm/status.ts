/**
 * The state of a Slurm run's units (`npasd status RUN_DIR`, and what a re-submission skips):
 *   finished  scores.json holds the unit's key (src/experiment/unit.ts);
 *   running   a task of one of the run's arrays is in squeue (pending, running, completing);
 *   failed    submitted, not finished and no longer queued: sacct's state and exit code when the
 *             cluster keeps accounting, the task's own error record (slurm/failed/) when it
 *             raised one, and always the task's log path;
 *   missing   never submitted.
 * The later submission of a unit wins (its log, its accounting).
 */
import { finishedUnit } from '../unit.ts';
import { sacct, squeue, type AccountedTask, type QueuedTask } from './commands.ts';
import { readFailed, readSubmissions, type SlurmPlan, type Submission } from './record.ts';
import { unitLog } from './script.ts';

export interface UnitState {
  index: number;
  unit: string;
  /** The array job of the unit's last submission, null when never submitted. */
  arrayJob: string | null;
  /** Its log (null when never submitted). */
  log: string | null;
}

export interface RunningUnit extends UnitState {
  state: string;
}

export interface FailedUnit extends UnitState {
  /** sacct's state and exit code (null without accounting). */
  state: string | null;
  exitCode: string | null;
  /** The error the task recorded (null when it was killed before it could). */
  message: string | null;
}

export interface RunStatus {
  units: number;
  finished: UnitState[];
  running: RunningUnit[];
  failed: FailedUnit[];
  missing: UnitState[];
  /** Whether sacct answered (false: no accounting storage, states come from the task records). */
  accounting: boolean;
}

/** Pure: classifies every unit from the files' and the scheduler's views. */
export function classify(
  plan: SlurmPlan,
  isFinished: (index: number) => boolean,
  submissions: readonly Submission[],
  queued: readonly QueuedTask[],
  accounted: readonly AccountedTask[] | null,
  failedMessage: (index: number) => string | null,
): RunStatus {
  const status: RunStatus = {
    units: plan.units.length,
    finished: [],
    running: [],
    failed: [],
    missing: [],
    accounting: accounted !== null,
  };
  const ours = new Set(submissions.map((s) => s.arrayJob));
  const live = new Map<number, string>();
  for (const q of queued) if (ours.has(q.job) && q.task !== null) live.set(q.task, q.state);
  plan.units.forEach((unit, index) => {
    const last = [...submissions].reverse().find((s) => s.indices.includes(index)) ?? null;
    const base: UnitState = {
      index,
      unit: unit.id,
      arrayJob: last?.arrayJob ?? null,
      log: last ? unitLog(plan.runDir, index, last.arrayJob) : null,
    };
    if (isFinished(index)) status.finished.push(base);
    else if (live.has(index)) status.running.push({ ...base, state: live.get(index) as string });
    else if (last === null) status.missing.push(base);
    else {
      const acct = accounted?.find((a) => a.job === last.arrayJob && a.task === index) ?? null;
      status.failed.push({
        ...base,
        state: acct?.state ?? null,
        exitCode: acct?.exitCode ?? null,
        message: failedMessage(index),
      });
    }
  });
  return status;
}

/** The run's status, asking squeue (and sacct when there are failed units). */
export function runStatus(plan: SlurmPlan): RunStatus {
  const submissions = readSubmissions(plan.runDir);
  const queued = submissions.length > 0 ? squeue() : [];
  const isFinished = (i: number): boolean => finishedUnit(plan.runDir, plan.units[i]) !== null;
  const message = (i: number): string | null => readFailed(plan.runDir, i)?.message ?? null;
  const first = classify(plan, isFinished, submissions, queued, [], message);
  if (first.failed.length === 0) return first;
  const accounted = sacct([...new Set(first.failed.map((f) => f.arrayJob as string))]);
  return classify(plan, isFinished, submissions, queued, accounted, message);
}
