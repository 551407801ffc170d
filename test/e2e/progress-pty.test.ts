/**
 * The progress lines in a real pseudo-terminal (util-linux `script`) at 60 and 80 columns: what
 * the screen shows at the end holds no stale progress line, and no drawn line was wider than
 * the screen. Then a real smoke run with two jobs at 60 columns.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { screen } from '../util/screen.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** Runs `command` in a pseudo-terminal `columns` wide; returns what the terminal received. */
function inTerminal(command: string, columns: number): string {
  const env = { ...process.env };
  delete env.CI;
  return execFileSync('script', ['-qec', `stty cols ${columns} rows 24; ${command}`, '/dev/null'], {
    cwd: root,
    env,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
}

/** Every row the terminal showed while drawing: no drawn row may be wider than the screen. */
function widestDrawnRow(raw: string): number {
  // eslint-disable-next-line no-control-regex -- the escape sequences are what is parsed
  const pieces = raw.split(/\r|\n|\x1b\[\d*[A-Za-z]/);
  return Math.max(...pieces.map((piece) => Array.from(piece).length));
}

for (const columns of [60, 80]) {
  test(
    `pseudo-terminal, ${columns} columns: units redrawn in place, no stale line`,
    { skip: !hasScript && 'no script(1)' },
    () => {
      const raw = inTerminal('node --import tsx test/e2e/progressDemo.ts', columns);
      assert.ok(raw.includes('\x1b[J'), 'drawn in place (a terminal)');
      assert.deepEqual(screen(raw, columns), [
        'a message that stays',
        'train+score: done, 6 unit(s)',
      ]);
      assert.ok(widestDrawnRow(raw) < columns, `a row of ${widestDrawnRow(raw)} characters`);
    },
  );
}

test(
  'pseudo-terminal, 60 columns: a smoke run with two jobs leaves only lasting lines',
  { skip: !hasScript && 'no script(1)' },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'npasd-pty-'));
    try {
      const raw = inTerminal(
        `node --import tsx src/cli/main.ts reproduce table1 --scale smoke --jobs 2 --out ${dir}/run --cache ${dir}/cache`,
        60,
      );
      const shown = screen(raw, 60);
      assert.equal(shown.filter((l) => /\[[#-]+\]/.test(l)).length, 0, shown.join('\n'));
      assert.ok(
        shown.some((l) => l.startsWith('train+score: done, ')),
        shown.join('\n'),
      );
      assert.ok(
        shown.some((l) => l.startsWith('results: ')),
        shown.join('\n'),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
