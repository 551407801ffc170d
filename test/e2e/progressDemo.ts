/**
 * Drives the train+score progress as a run with two jobs would (six units of eight epochs with
 * long names, a message printed in between), fast; run in a pseudo-terminal by progress-pty.test.ts.
 */
import { unitsProgress } from '../../src/experiment/unitsProgress.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const progress = unitsProgress('train+score', 6, 2);
const ids = Array.from(
  { length: 6 },
  (_, i) => `snr-${i}/prop-with-a-long-cell-name/seed-${i + 1}`,
);
for (let pair = 0; pair < 3; pair++) {
  const now = [ids[2 * pair], ids[2 * pair + 1]];
  for (const id of now) progress.started(id);
  for (let e = 1; e <= 8; e++) {
    for (const id of now) progress.progress(id, { kind: 'epoch', log: { epoch: e } } as never, 8);
    await sleep(40);
  }
  for (const id of now) progress.progress(id, { kind: 'score', done: 3, total: 3 }, 8);
  for (const id of now) progress.finished(id);
  if (pair === 1) progress.print('a message that stays');
}
progress.close('train+score: done, 6 unit(s)');
