import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { outNotDirectory, unknownScale } from '../../src/messages/index.ts';

const cli = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
const run = (...args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', cli, 'data', ...args], { encoding: 'utf8' });
const root = mkdtempSync(join(tmpdir(), 'npasd-cli-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

test('an unknown scale exits 2 with the message and writes nothing', () => {
  const out = join(root, 'x');
  const r = run('--out', out, '--scale', 'huge');
  assert.equal(r.status, 2);
  assert.equal(r.stderr.trim(), unknownScale('huge', ['smoke', 'quick', 'paper']));
  assert.ok(!existsSync(out));
});

test('a missing --out exits 2 naming the option', () => {
  const r = run('--scale', 'smoke');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Missing required argument: out/);
});

test('an --out that is a file is a one-line error, exit 1', () => {
  const r = run('--out', cli, '--scale', 'smoke', '--no-test-set');
  assert.equal(r.status, 1);
  assert.equal(r.stderr.trim(), outNotDirectory(cli));
  assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

test('smoke scale end to end: manifest, files and labels', () => {
  const out = join(root, 'smoke');
  const r = run('--out', out, '--scale', 'smoke', '--workers', '2');
  assert.equal(r.status, 0, r.stderr);
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  assert.equal(manifest.format, 'npasd-corpus');
  assert.equal(manifest.files.filter((f: { role: string }) => f.role === 'anomaly').length, 45);
  for (const f of manifest.files) assert.ok(existsSync(join(out, f.path)), f.path);
  const labels = readFileSync(join(out, 'test', 'labels.csv'), 'utf8')
    .trim()
    .split('\n');
  assert.equal(labels.length, 1 + 4 * 90);
  assert.match(r.stderr, /corpus: done, \d+ files/);
});
