/**
 * Progress for long work: on a terminal, one line rewritten in place; otherwise (CI, pipes,
 * logs) a plain line at most every `intervalSec` seconds and at the end.
 */

/** The live line under progressLine and byteProgress (src/data/download/progress.ts). */
export interface LiveLine {
  /**
   * On a terminal, redraws `line` in place unless the last draw was under 100 ms ago (drawn
   * anyway when `force`); otherwise prints it unless the last plain line was under
   * `intervalSec` ago.
   */
  show(line: string, force?: boolean): void;
  /**
   * Prints `line` on a line of its own, over the in-place line when one is drawn; on a
   * terminal the next show draws at once.
   */
  print(line: string): void;
}

export interface LiveLineOptions {
  /** Plain output: the first line only once `intervalSec` has passed (default: at once). */
  holdFirstPlain?: boolean;
}

export function liveLine(
  stream: NodeJS.WriteStream,
  intervalSec: number,
  opts: LiveLineOptions = {},
): LiveLine {
  const tty = stream.isTTY === true && !process.env.CI;
  let lastDraw = -Infinity;
  let lastPlain = opts.holdFirstPlain ? Date.now() : -Infinity;
  let drawn = false;
  return {
    show(line, force = false) {
      const now = Date.now();
      if (tty) {
        if (now - lastDraw < 100 && !force) return;
        stream.write(`\r\x1b[2K${line}`);
        lastDraw = now;
        drawn = true;
      } else {
        if (now - lastPlain < intervalSec * 1000) return;
        stream.write(`${line}\n`);
        lastPlain = now;
      }
    },
    print(line) {
      stream.write(tty && drawn ? `\r\x1b[2K${line}\n` : `${line}\n`);
      drawn = false;
      lastDraw = -Infinity;
    },
  };
}

/** Progress of `total` units of work. */
export interface Progress {
  /** Report `done` of `total` units; `detail` is appended to the line. */
  update(done: number, total: number, detail?: string): void;
  /** Print the final line. */
  finish(detail?: string): void;
}

export function progressLine(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  intervalSec = 10,
): Progress {
  const live = liveLine(stream, intervalSec);
  const t0 = Date.now();
  let line = '';
  const format = (done: number, total: number, detail = ''): string => {
    const sec = (Date.now() - t0) / 1000;
    const pct = total > 0 ? (100 * done) / total : 100;
    const eta =
      done > 0 && done < total ? `, ETA ${Math.round((sec * (total - done)) / done)} s` : '';
    return `${label}: ${pct.toFixed(1)}% (${done}/${total})${detail ? `, ${detail}` : ''}, ${sec.toFixed(1)} s${eta}`;
  };
  return {
    update(done, total, detail) {
      line = format(done, total, detail);
      live.show(line);
    },
    finish(detail) {
      live.print(detail ? `${label}: done, ${detail}` : line || `${label}: done`);
    },
  };
}
