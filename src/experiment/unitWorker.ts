/**
 * Child-process entry of `--jobs N` (src/util/processPool.ts): runs one unit and reports each
 * training epoch and scored clip to the parent, then exits.
 *
 * A worker whose parent was killed (even with SIGKILL, which the parent cannot pass on) stops at
 * its next epoch or clip: its parent pid has changed. Training is synchronous, so the IPC
 * 'disconnect' event would only arrive after the unit; the pid is read live at every report.
 */
import { initBackend, setBackendThreads } from '../engine/backend.ts';
import type { WorkerMessage } from '../util/pool.ts';
import { runUnit, type UnitJob } from './unit.ts';
import type { UnitEvent } from './runner.ts';

const parent = process.ppid;

const send = (m: WorkerMessage<UnitEvent>): Promise<void> =>
  new Promise((resolve) => process.send?.(m, () => resolve()));

process.once('message', (task: { job: UnitJob; backend: string; threads: number }) => {
  void (async () => {
    try {
      await initBackend(task.backend);
      setBackendThreads(task.threads);
      await runUnit(task.job, (progress) => {
        if (process.ppid !== parent) process.exit(1);
        void send({ kind: 'event', event: { unit: task.job.unit.id, progress } });
      });
      await send({ kind: 'done' });
      process.exit(0);
    } catch (e) {
      await send({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      process.exit(1);
    }
  })();
});
