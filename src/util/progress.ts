/**
 * Progress for long work: on a terminal, one line rewritten in place; otherwise (CI, pipes,
 * logs) a plain line at most every `intervalSec` seconds and at the end.
 */
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
  const tty = stream.isTTY === true && !process.env.CI;
  const t0 = Date.now();
  let last = -Infinity;
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
      const now = Date.now();
      if (tty) {
        if (now - last > 100) stream.write(`\r\x1b[2K${line}`);
      } else if (now - last < intervalSec * 1000) {
        return;
      } else {
        stream.write(`${line}\n`);
      }
      last = now;
    },
    finish(detail) {
      const done = detail ? `${label}: done, ${detail}` : line || `${label}: done`;
      stream.write(tty ? `\r\x1b[2K${done}\n` : `${done}\n`);
    },
  };
}
