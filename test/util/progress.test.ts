import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bar, progressLine, progressText } from '../../src/util/progress.ts';
import { formatSeconds } from '../../src/util/time.ts';
import { screen } from './screen.ts';

/** A fake stream collecting what is written; `tty` as a terminal. */
function sink(tty: boolean, columns = 80) {
  const out: string[] = [];
  const stream = {
    isTTY: tty,
    columns,
    rows: 24,
    write: (s: string) => out.push(s) > 0,
  } as unknown as NodeJS.WriteStream;
  return { out, stream };
}

test('bar: the done fraction of the cells, clamped', () => {
  assert.equal(bar(0, 4), '[----]');
  assert.equal(bar(0.5, 4), '[##--]');
  assert.equal(bar(1, 4), '[####]');
  assert.equal(bar(7, 4), '[####]');
  assert.equal(bar(NaN, 4), '[----]');
});

test('formatSeconds: seconds, minutes and seconds, hours and minutes', () => {
  assert.equal(formatSeconds(0.4), '0 s');
  assert.equal(formatSeconds(59.4), '59 s');
  assert.equal(formatSeconds(125), '2 min 05 s');
  assert.equal(formatSeconds(3600 * 2 + 7 * 60 + 10), '2 h 07 min');
  assert.equal(formatSeconds(Infinity), '?');
});

test('progressText: bar, percent, counts, time and an ETA from the rate so far', () => {
  assert.equal(
    progressText('work', 1, 4, 10, 'x'),
    'work [#####---------------] 25.0% (1/4), x, 10 s, ETA 30 s',
  );
  assert.equal(progressText('work', 4, 4, 12), 'work [####################] 100.0% (4/4), 12 s');
});

test('progressLine on a terminal keeps redrawing when updates come faster than 100 ms', () => {
  const saved = process.env.CI;
  delete process.env.CI;
  try {
    const { out, stream } = sink(true, 60);
    const p = progressLine('work', stream);
    // Updates every ~10 ms for ~350 ms: one draw per 100 ms, so at least 3, not just the first.
    const t0 = Date.now();
    let i = 0;
    while (Date.now() - t0 < 350) {
      const t = Date.now();
      while (Date.now() - t < 10);
      p.update(++i, 1000, 'a detail long enough to be cut at sixty columns, and more');
    }
    assert.ok(out.length >= 3 && out.length <= 5, `${out.length} draws of ${i} updates`);
    assert.equal(screen(out.join(''), 60).length, 1);
    p.finish();
    // The last line stays whole (it may wrap: it is never redrawn); no progress line is left.
    const shown = screen(out.join(''), 60).join('');
    assert.match(shown, /^work \[#*-*\] \d+\.\d% \(\d+\/1000\), a detail .* and more, /);
    assert.equal(shown.split('work [').length, 2);
    assert.ok(out.at(-1)?.endsWith('\n'));
  } finally {
    if (saved !== undefined) process.env.CI = saved;
  }
});

test('progressLine without a terminal: a plain line at most every intervalSec, and the end', () => {
  const { out, stream } = sink(false);
  const p = progressLine('work', stream, 10);
  for (let i = 1; i <= 100; i++) p.update(i, 100);
  p.finish('all');
  assert.deepEqual(out.length, 2);
  assert.match(out[0], /^work \[-+\] 1\.0% \(1\/100\)/);
  assert.equal(out[1], 'work: done, all\n');
});
