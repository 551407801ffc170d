import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitLine, terminalBlock } from '../../src/util/terminalBlock.ts';
import { screen } from './screen.ts';

/** A fake terminal (or pipe) `columns` wide collecting what is written. */
function sink(tty: boolean, columns = 80, rows = 24) {
  const out: string[] = [];
  const stream = { isTTY: tty, columns, rows, write: (s: string) => out.push(s) > 0 };
  return { out, stream: stream as unknown as NodeJS.WriteStream, text: () => out.join('') };
}

/** Runs `f` with CI unset (on CI a terminal counts as a log). */
function notCi(f: () => void): void {
  const saved = process.env.CI;
  delete process.env.CI;
  try {
    f();
  } finally {
    if (saved !== undefined) process.env.CI = saved;
  }
}

test('fitLine cuts to the width with an ellipsis, and leaves short lines alone', () => {
  assert.equal(fitLine('abcdef', 6), 'abcdef');
  assert.equal(fitLine('abcdefg', 6), 'abcde…');
  assert.equal(fitLine('abc', 1), 'a');
  assert.equal(Array.from(fitLine('x'.repeat(200), 59)).length, 59);
});

for (const columns of [60, 80]) {
  test(`at ${columns} columns: redraws in place, no stale line, no line wider than the screen`, () => {
    notCi(() => {
      const { stream, text } = sink(true, columns);
      const block = terminalBlock(stream);
      const long = (i: number) => `unit ${i} `.padEnd(150, '=');
      // Blocks of 1 to 3 lines, each longer than the screen, with messages printed between.
      for (let i = 0; i < 30; i++) {
        const lines = [
          `head ${i} `.padEnd(120, '#'),
          ...Array.from({ length: i % 3 }, (_, k) => long(k)),
        ];
        block.render(lines, true);
        if (i % 10 === 9) block.print(`message ${i}`);
      }
      const final = [`head last`, long(0), long(1)];
      block.render(final, true);
      const shown = screen(text(), columns);
      assert.deepEqual(shown, [
        'message 9',
        'message 19',
        'message 29',
        ...final.map((l) => fitLine(l, columns - 1)),
      ]);
      for (const l of shown) assert.ok(l.length < columns, l);
      block.close(['all done']);
      assert.deepEqual(screen(text(), columns), [
        'message 9',
        'message 19',
        'message 29',
        'all done',
      ]);
    });
  });
}

test('a block taller than the screen is cut to the rows it has, and stays reachable', () => {
  notCi(() => {
    const { stream, text } = sink(true, 80, 5);
    const block = terminalBlock(stream);
    const lines = Array.from({ length: 9 }, (_, i) => `line ${i}`);
    block.render(lines, true);
    block.render(lines, true);
    assert.deepEqual(screen(text(), 80), ['line 0', 'line 1', 'line 2', '… 6 more']);
  });
});

test('at most one draw per 100 ms unless forced', () => {
  notCi(() => {
    const { out, stream } = sink(true);
    const block = terminalBlock(stream);
    for (let i = 0; i < 50; i++) block.render([`n ${i}`]);
    assert.equal(out.length, 1);
    block.render(['forced'], true);
    assert.equal(out.length, 2);
  });
});

test('not a terminal: the first line at most every intervalSec, messages and the end as lines', () => {
  const { out, stream } = sink(false);
  const block = terminalBlock(stream, { intervalSec: 10 });
  for (let i = 0; i < 20; i++) block.render([`head ${i}`, 'unit a'], true);
  block.print('note');
  block.close(['done']);
  assert.deepEqual(out, ['head 0\n', 'note\n', 'done\n']);
});
