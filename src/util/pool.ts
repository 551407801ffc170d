/**
 * A small worker-thread pool: runs tasks in `size` workers, each worker taking the next task
 * when it finishes one. Workers are TypeScript modules loaded through workerBoot.mjs.
 *
 * Protocol: the pool posts a task; the worker posts any number of {kind: 'event'} messages and
 * then one {kind: 'done'} or {kind: 'error', message}.
 */
import { needsTsx } from './sibling.ts';
import { Worker } from 'node:worker_threads';

export type WorkerMessage<E> =
  { kind: 'event'; event: E } | { kind: 'done' } | { kind: 'error'; message: string };

/**
 * Runs `tasks` in at most `size` lanes at a time: each lane is made once by `lane()` and then
 * takes the next task whenever it finishes one. A failing task rejects the whole run, and the
 * tasks not yet started are dropped.
 */
export async function runQueue<T>(
  tasks: readonly T[],
  size: number,
  lane: () => (task: T) => Promise<void>,
): Promise<void> {
  const queue = [...tasks];
  const n = Math.max(1, Math.min(size, queue.length));
  try {
    await Promise.all(
      Array.from({ length: n }, async () => {
        const run = lane();
        for (let task = queue.shift(); task !== undefined; task = queue.shift()) await run(task);
      }),
    );
  } finally {
    queue.length = 0;
  }
}

export async function runPool<T, E>(
  workerModule: URL,
  tasks: T[],
  size: number,
  onEvent: (e: E) => void,
): Promise<void> {
  const boot = new URL('./workerBoot.mjs', import.meta.url);
  const workers: Worker[] = [];
  try {
    await runQueue(tasks, size, () => {
      // Built JavaScript needs no loader; TypeScript goes through workerBoot.mjs (tsx).
      const w = needsTsx(workerModule)
        ? new Worker(boot, { workerData: { entry: workerModule.href } })
        : new Worker(workerModule);
      workers.push(w);
      return (task) =>
        new Promise<void>((resolve, reject) => {
          const onMessage = (m: WorkerMessage<E>): void => {
            if (m.kind === 'event') return onEvent(m.event);
            w.off('message', onMessage);
            w.off('error', reject);
            if (m.kind === 'done') resolve();
            else reject(new Error(m.message));
          };
          w.on('message', onMessage);
          w.once('error', reject);
          w.postMessage(task);
        });
    });
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
