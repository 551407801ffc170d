/**
 * Byte progress of the downloads of a run on a live line (src/util/progress.ts): bytes done /
 * total, rate, ETA; the line of a finished file is always drawn, and plain lines (CI, pipes,
 * logs) start only after `intervalSec`. The rate counts this run's bytes only, not those of a
 * resumed .part.
 */
import { downloadMessages } from '../../messages/index.ts';
import { liveLine } from '../../util/progress.ts';

export interface ByteProgress {
  /** `done` bytes of `file` (a kept .part included) of `total` when known. */
  update(file: string, done: number, total: number | undefined): void;
  /** Prints `line` on a line of its own (above the in-place line, which the next update redraws). */
  print(line: string): void;
  /** Ends the progress with `line` in place of the in-place line. */
  close(line: string): void;
}

export function byteProgress(
  stream: NodeJS.WriteStream = process.stderr,
  intervalSec = 10,
): ByteProgress {
  const live = liveLine(stream, intervalSec, { holdFirstPlain: true });
  let t0 = 0;
  let start = -1;
  let current = '';
  return {
    update(file, done, total) {
      const now = Date.now();
      if (file !== current || done < start) {
        // A new file, or a restart from zero: measure the rate from here.
        current = file;
        start = done;
        t0 = now;
      }
      const sec = (now - t0) / 1000;
      live.show(
        downloadMessages.progress(file, done, total, sec > 0 ? (done - start) / sec : 0),
        done === total,
      );
    },
    print: live.print,
    close: live.close,
  };
}
