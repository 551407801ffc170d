/**
 * Child-process entry of `--jobs N` (src/util/processPool.ts): runs one unit and reports each
 * training epoch and scored clip to the parent, then exits.
 *
 * A worker whose parent died (even by SIGKILL, which the parent cannot pass on) exits: the pool
 * gives the parent's pid in NPASD_PARENT_PID, checked here first, before the heavy modules
 * (TensorFlow.js, the models) load, then every 250 ms while they load and on the IPC channel's
 * 'disconnect'; training is synchronous, so during it the check runs at every epoch and clip.
 * So a parent killed while its workers start leaves no orphan training a whole unit.
 */
import type { WorkerMessage } from '../util/pool.ts';
import type { UnitJob } from './unit.ts';
import type { UnitEvent } from './runner.ts';

const parent = Number(process.env.NPASD_PARENT_PID ?? process.ppid);
const orphaned = (): boolean => process.ppid !== parent;
if (orphaned()) process.exit(1);
process.on('disconnect', () => process.exit(1));
setInterval(() => {
  if (orphaned()) process.exit(1);
}, 250).unref();

const send = (m: WorkerMessage<UnitEvent>): Promise<void> =>
  new Promise((resolve) => process.send?.(m, () => resolve()));

process.once('message', (task: { job: UnitJob; backend: string; threads: number }) => {
  void (async () => {
    try {
      const [{ initBackend, setBackendThreads }, { runUnit }] = await Promise.all([
        import('../engine/backend.ts'),
        import('./unit.ts'),
      ]);
      if (orphaned()) process.exit(1);
      await initBackend(task.backend);
      setBackendThreads(task.threads);
      await runUnit(task.job, (progress) => {
        if (orphaned()) process.exit(1);
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
