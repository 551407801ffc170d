/**
 * A block of status lines at the bottom of a terminal, redrawn in place: each draw moves the
 * cursor back to the block's first line and clears to the end of the screen before writing, and
 * every line is cut to the terminal's width so that no line wraps (a wrapped line would leave a
 * stale copy above the block on the next draw). Lines printed with `print` go above the block
 * and stay. Without a terminal (CI, pipes, logs) nothing is redrawn: `render` writes the block's
 * first line at most every `intervalSec` seconds.
 */

export interface TerminalBlock {
  /**
   * Shows `lines` as the block. On a terminal, draws unless the last draw was under 100 ms ago
   * (drawn anyway when `force`); otherwise writes `lines[0]` unless the last plain line was under
   * `intervalSec` ago.
   */
  render(lines: readonly string[], force?: boolean): void;
  /** Writes `line` above the block (on a terminal the block is drawn again under it). */
  print(line: string): void;
  /** Clears the block (on a terminal) and writes `lines`, which stay. */
  close(lines?: readonly string[]): void;
}

export interface TerminalBlockOptions {
  /** Seconds between plain lines when not on a terminal (default 10). */
  intervalSec?: number;
  /** Plain output: the first line only once `intervalSec` has passed (default: at once). */
  holdFirstPlain?: boolean;
}

/** Columns used when the stream reports none (a terminal of unknown width). */
const DEFAULT_COLUMNS = 80;
/** Rows used when the stream reports none. */
const DEFAULT_ROWS = 24;

/** `line` cut to at most `width` characters (code points), with '…' marking a cut. */
export function fitLine(line: string, width: number): string {
  const chars = Array.from(line);
  if (chars.length <= width) return line;
  return width <= 1
    ? chars.slice(0, Math.max(0, width)).join('')
    : `${chars.slice(0, width - 1).join('')}…`;
}

/** true when `stream` is an interactive terminal and not CI (where output is a log). */
export const isTerminal = (stream: NodeJS.WriteStream): boolean =>
  stream.isTTY === true && !process.env.CI;

export function terminalBlock(
  stream: NodeJS.WriteStream,
  opts: TerminalBlockOptions = {},
): TerminalBlock {
  const intervalSec = opts.intervalSec ?? 10;
  const tty = isTerminal(stream);
  let lastDraw = -Infinity;
  let lastPlain = opts.holdFirstPlain ? Date.now() : -Infinity;
  /** Lines of the block now on screen (0: none; the cursor then sits at a line's start). */
  let shown = 0;
  let current: readonly string[] = [];

  // The last column is left free: some terminals wrap when a line fills the row exactly.
  const width = (): number => Math.max(1, (stream.columns || DEFAULT_COLUMNS) - 1);
  /** Moves to the block's first line and clears from there to the end of the screen. */
  const erase = (): string =>
    shown === 0 ? '' : `\r${shown > 1 ? `\x1b[${shown - 1}A` : ''}\x1b[J`;
  const draw = (): string => {
    const w = width();
    // A block taller than the screen could not be reached again by moving the cursor up.
    const room = Math.max(1, (stream.rows || DEFAULT_ROWS) - 1);
    const lines =
      current.length <= room
        ? current
        : [...current.slice(0, room - 1), `… ${current.length - room + 1} more`];
    shown = lines.length;
    return lines.map((l) => fitLine(l, w)).join('\n');
  };

  return {
    render(lines, force = false) {
      const now = Date.now();
      current = lines;
      if (tty) {
        if (now - lastDraw < 100 && !force) return;
        stream.write(erase() + draw());
        lastDraw = now;
      } else if (lines.length > 0) {
        if (now - lastPlain < intervalSec * 1000) return;
        stream.write(`${lines[0]}\n`);
        lastPlain = now;
      }
    },
    print(line) {
      if (!tty) {
        stream.write(`${line}\n`);
        return;
      }
      const above = `${erase()}${line}\n`;
      shown = 0;
      stream.write(above + draw());
      lastDraw = Date.now();
    },
    close(lines = []) {
      const text = lines.map((l) => `${l}\n`).join('');
      if (tty) stream.write(erase() + text);
      else stream.write(text);
      shown = 0;
      current = [];
    },
  };
}
