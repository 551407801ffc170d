/**
 * Child-process entry of `--jobs N` (src/util/processPool.ts): runs one unit and reports each
 * training epoch to the parent, then exits.
 */
import { initBackend } from '../engine/backend.ts';
import type { WorkerMessage } from '../util/pool.ts';
import { runUnit, type UnitJob } from './unit.ts';
import type { UnitEvent } from './runner.ts';

const send = (m: WorkerMessage<UnitEvent>): Promise<void> =>
  new Promise((resolve) => process.send?.(m, () => resolve()));

process.once('message', (task: { job: UnitJob; backend: string }) => {
  void (async () => {
    try {
      await initBackend(task.backend);
      await runUnit(
        task.job,
        (progress) => void send({ kind: 'event', event: { unit: task.job.unit.id, progress } }),
      );
      await send({ kind: 'done' });
      process.exit(0);
    } catch (e) {
      await send({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
      process.exit(1);
    }
  })();
});
