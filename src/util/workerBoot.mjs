// Entry point of worker threads: registers tsx's TypeScript loader, then imports the module
// named in workerData.entry. (Node 20 workers do not inherit loader hooks from --import.)
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
