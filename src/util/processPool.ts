/**
 * A pool of worker processes: runs tasks in at most `size` child processes at a time, one fresh
 * process per task (a crash or leak in one task cannot touch another, and each process owns its
 * TensorFlow.js backend). The child module runs through tsx when it is TypeScript (the sources), directly when built.
 *
 * Protocol (as src/util/pool.ts): the pool sends the task; the child sends any number of
 * {kind: 'event'} messages and then one {kind: 'done'} or {kind: 'error', message}. A child that
 * exits without either is an error naming its exit code or signal.
 */
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { needsTsx } from './sibling.ts';
import { runQueue, type WorkerMessage } from './pool.ts';
import { runMessages } from '../messages/index.ts';

export async function runProcessPool<T, E>(
  childModule: URL,
  tasks: T[],
  size: number,
  onEvent: (e: E) => void,
  onDone?: (task: T) => void,
  onStart?: (task: T) => void,
): Promise<void> {
  const children = new Set<ReturnType<typeof fork>>();
  const one = (task: T): Promise<void> =>
    new Promise((resolve, reject) => {
      const child = fork(fileURLToPath(childModule), [], {
        execArgv: needsTsx(childModule) ? ['--import', 'tsx'] : [],
        // The child checks it before loading anything heavy, to exit if this process died.
        env: { ...process.env, NPASD_PARENT_PID: String(process.pid) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      children.add(child);
      let settled = false;
      child.on('message', (m: WorkerMessage<E>) => {
        if (m.kind === 'event') return onEvent(m.event);
        settled = true;
        if (m.kind === 'done') resolve();
        else reject(new Error(m.message));
      });
      child.on('error', reject);
      child.on('exit', (code, signal) => {
        children.delete(child);
        if (!settled) reject(new Error(runMessages.workerExited(signal ?? `code ${code}`)));
      });
      child.send(task as object);
    });
  try {
    await runQueue(tasks, size, () => async (task) => {
      onStart?.(task);
      await one(task);
      onDone?.(task);
    });
  } finally {
    for (const c of children) c.kill();
  }
}
