/** Worker-thread side of corpus rendering: renders the jobs it is sent (see src/util/pool.ts). */
import { parentPort } from 'node:worker_threads';
import { renderJob, type RenderJob, type RenderedFile } from './render.ts';
import type { WorkerMessage } from '../../util/pool.ts';
import { renderWorkerOnly } from '../../messages/index.ts';

export interface RenderTask {
  job: RenderJob;
  dir: string;
  done: string[];
}

const port = parentPort;
if (!port) throw new Error(renderWorkerOnly());
port.on('message', (task: RenderTask) => {
  const post = (m: WorkerMessage<RenderedFile>): void => port.postMessage(m);
  try {
    renderJob(task.job, task.dir, new Set(task.done), (event) => post({ kind: 'event', event }));
    post({ kind: 'done' });
  } catch (e) {
    post({ kind: 'error', message: e instanceof Error ? e.message : String(e) });
  }
});
