/**
 * A minimal terminal for tests: what a screen `columns` wide shows after a stream of text with
 * the control sequences the progress code writes (\r, \n, ESC[nA, ESC[J, ESC[2K, ESC[K). A line
 * longer than the screen wraps onto the next row, as in a real terminal. Rows are unbounded.
 */
export function screen(text: string, columns: number): string[] {
  const rows: string[][] = [[]];
  let r = 0;
  let c = 0;
  const row = (i: number): string[] => {
    while (rows.length <= i) rows.push([]);
    return rows[i];
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\x1b' && text[i + 1] === '[') {
      // eslint-disable-next-line no-control-regex -- the escape sequences are what is parsed
      const m = /^\x1b\[(\d*)([A-Za-z])/.exec(text.slice(i));
      if (!m) throw new Error(`unknown escape at ${i}: ${JSON.stringify(text.slice(i, i + 8))}`);
      const n = m[1] === '' ? 1 : Number(m[1]);
      if (m[2] === 'A') r = Math.max(0, r - n);
      else if (m[2] === 'J') {
        row(r).length = Math.min(row(r).length, c);
        rows.length = r + 1;
      } else if (m[2] === 'K' && m[1] === '2') rows[r] = [];
      else if (m[2] === 'K') row(r).length = Math.min(row(r).length, c);
      else throw new Error(`unsupported escape ${JSON.stringify(m[0])}`);
      i += m[0].length - 1;
    } else if (ch === '\r') c = 0;
    else if (ch === '\n') {
      r++;
      c = 0;
      row(r);
    } else {
      if (c >= columns) {
        r++;
        c = 0;
      }
      const cells = row(r);
      while (cells.length < c) cells.push(' ');
      cells[c++] = ch;
    }
  }
  const lines = rows.map((cells) => cells.join('').trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines;
}
