/**
 * Bad input at the command line, end to end: each case exits with code 2 and a message naming
 * the option or field, quickly (no allocation in proportion to the bad value), and `reproduce`
 * leaves no run directory behind. The bad specs are --set overrides of table1, so the corpus of
 * cases is the table below.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { runMessages, specField, specInSet, specNotFinite } from '../../src/messages/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'npasd-hostile-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

function npasd(args: string[]): Promise<Result> {
  const started = Date.now();
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: root, env: { ...process.env, CI: '1' }, encoding: 'utf8', timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr, ms: Date.now() - started });
      },
    );
  });
}

describe('repeated single-valued options are a usage error naming the option', () => {
  const a = join(tmp, 'out-a');
  const b = join(tmp, 'out-b');
  const cases: [string[], string][] = [
    [
      ['reproduce', 'table1', '--scale', 'smoke', '--out', a, '--out', b],
      runMessages.usage(runMessages.repeatedOption('out', [a, b]), 'reproduce'),
    ],
    [
      ['validate', 'table1', '--jobs', '1', '--jobs', '2'],
      runMessages.usage(runMessages.repeatedOption('jobs', ['1', '2']), 'validate'),
    ],
    [
      ['validate', 'table1', '--scale', 'smoke', '--scale', 'quick'],
      runMessages.usage(runMessages.repeatedOption('scale', ['smoke', 'quick']), 'validate'),
    ],
    [
      ['detect', 'model', 'x.wav', '--out', a, '--out', b],
      runMessages.usage(runMessages.repeatedOption('out', [a, b]), 'detect'),
    ],
    [
      ['train', '--normal', 'n1', '--normal', 'n2', '--out', a],
      runMessages.usage(runMessages.repeatedOption('normal', ['n1', 'n2']), 'train'),
    ],
  ];
  for (const [args, message] of cases) {
    test(
      args
        .slice(0, 1)
        .concat(args.filter((x) => x.startsWith('--')))
        .join(' '),
      async () => {
        const r = await npasd(args);
        assert.equal(r.code, 2, r.stderr);
        assert.equal(r.stderr.trim(), message);
        assert.ok(!existsSync(a) && !existsSync(b));
      },
    );
  }
});

describe('sizes out of range or beyond this machine: validate refuses them fast', () => {
  test('data.otherSec=1e12 (crashed V8) and data.normalTrainSec=1e9 (hung)', async () => {
    for (const [set, field] of [
      ['data.otherSec=1e12', 'data.otherSec'],
      ['data.normalTrainSec=1e9', 'data.normalTrainSec'],
    ]) {
      const r = await npasd(['validate', 'table1', '--set', set]);
      assert.equal(r.code, 2, r.stderr);
      assert.ok(r.stderr.startsWith(`--set ${set}: ${field}: got `), r.stderr);
      assert.ok(r.ms < 30_000, `${set}: ${r.ms} ms`);
    }
  });

  test('--set train.epochs=1e400 is "not a finite number", not "got null"', async () => {
    const r = await npasd(['validate', 'table1', '--set', 'train.epochs=1e400']);
    assert.equal(r.code, 2);
    assert.equal(
      r.stderr.trim(),
      specInSet(
        'train.epochs=1e400',
        specField('train.epochs', specNotFinite('1e400', 'an integer in [1, 1000000]')),
      ),
    );
  });

  test('a network beyond the available memory is refused; --allow-large lets it through', async () => {
    const set = ['--set', 'train.hidden=[16384,16384,16384,16384]', '--scale', 'smoke'];
    const r = await npasd(['validate', 'table1', ...set]);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /needs about \d+ GB of memory .* available on this machine/);
    const ok = await npasd(['validate', 'table1', ...set, '--allow-large']);
    assert.equal(ok.code, 0, ok.stderr);
    assert.match(ok.stdout, /valid/);
  });

  test('a run estimated beyond a year is refused; --allow-large lets it through', async () => {
    const set = ['--scale', 'paper', '--set', 'train.epochs=1000000'];
    const r = await npasd(['validate', 'table1', ...set]);
    assert.equal(r.code, 2, r.stdout);
    assert.match(r.stderr, /^estimated run time ~\d+ days, beyond the 365 days/);
    const ok = await npasd(['validate', 'table1', ...set, '--allow-large']);
    assert.equal(ok.code, 0, ok.stderr);
  });
});

describe('specs that used to fail at run time: reproduce refuses them and writes nothing', () => {
  const cases: [string[], string[]][] = [
    [
      ['frontend.fMin=5000', 'frontend.fMax=4000'],
      ['frontend.fMin', 'frontend.fMax'],
    ],
    [['methods=["prop","prop"]'], ['methods']],
    [['prop.rho=1e-9'], ['prop.rho']],
    [['data.test.clipSec=0.01'], ['data.test.clipSec']],
  ];
  for (const [sets, fields] of cases) {
    test(sets.join(' '), async () => {
      const out = join(tmp, `run-${fields[0]}`);
      const args = ['reproduce', 'table1', '--scale', 'smoke', '--out', out, '--jobs', '1'];
      const r = await npasd([...args, ...sets.flatMap((s) => ['--set', s])]);
      assert.equal(r.code, 2, r.stderr);
      for (const f of fields) assert.ok(r.stderr.includes(f), r.stderr);
      assert.ok(!existsSync(out), `${out} was created`);
    });
  }
});
