/**
 * Progress for long work: on a terminal, one line redrawn in place (cut to the terminal's width,
 * src/util/terminalBlock.ts); otherwise (CI, pipes, logs) a plain line at most every
 * `intervalSec` seconds and at the end.
 */
import { terminalBlock } from './terminalBlock.ts';
import { formatSeconds } from './time.ts';

/** The live line under progressLine and byteProgress (src/data/download/progress.ts). */
export interface LiveLine {
  /**
   * On a terminal, redraws `line` in place unless the last draw was under 100 ms ago (drawn
   * anyway when `force`); otherwise prints it unless the last plain line was under
   * `intervalSec` ago.
   */
  show(line: string, force?: boolean): void;
  /** Prints `line` on a line of its own, above the live line (which stays on a terminal). */
  print(line: string): void;
  /** Replaces the live line by `line`, which stays; the live line is gone. */
  close(line: string): void;
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
  const block = terminalBlock(stream, { intervalSec, ...opts });
  return {
    show: (line, force) => block.render([line], force),
    print: (line) => block.print(line),
    close: (line) => block.close([line]),
  };
}

/** Width of a progress bar in characters (between the brackets). */
export const BAR_WIDTH = 20;

/** `[#######-------------]`: the fraction `done` (clamped to [0, 1]) of `width` cells. */
export function bar(done: number, width = BAR_WIDTH): string {
  const f = Number.isFinite(done) ? Math.min(1, Math.max(0, done)) : 0;
  const full = Math.round(f * width);
  return `[${'#'.repeat(full)}${'-'.repeat(width - full)}]`;
}

/** Progress of `total` units of work. */
export interface Progress {
  /** Report `done` of `total` units; `detail` is appended to the line. */
  update(done: number, total: number, detail?: string): void;
  /** Print the final line. */
  finish(detail?: string): void;
}

/** `label [####----] 40% (4/10), detail, 12 s, ETA 18 s`; the ETA from the rate so far. */
export function progressText(
  label: string,
  done: number,
  total: number,
  sec: number,
  detail = '',
): string {
  const f = total > 0 ? done / total : 1;
  const eta =
    done > 0 && done < total ? `, ETA ${formatSeconds((sec * (total - done)) / done)}` : '';
  const more = detail ? `, ${detail}` : '';
  return `${label} ${bar(f)} ${(100 * f).toFixed(1)}% (${done}/${total})${more}, ${formatSeconds(sec)}${eta}`;
}

export function progressLine(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
  intervalSec = 10,
): Progress {
  const live = liveLine(stream, intervalSec);
  const t0 = Date.now();
  let line = '';
  return {
    update(done, total, detail) {
      line = progressText(label, done, total, (Date.now() - t0) / 1000, detail);
      live.show(line);
    },
    finish(detail) {
      live.close(detail ? `${label}: done, ${detail}` : line || `${label}: done`);
    },
  };
}
