import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { userCwd } from '../../src/cli/userCwd.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));

test('userCwd: the npm script user directory, only for our command-line scripts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'npasd-cwd-'));
  try {
    const ours = { INIT_CWD: dir, npm_package_name: 'npasd', npm_lifecycle_event: 'npasd' };
    assert.equal(userCwd(ours, root), dir);
    assert.equal(userCwd({ ...ours, npm_lifecycle_event: 'reproduce' }, root), dir);
    assert.equal(userCwd({ ...ours, INIT_CWD: root }, root), null);
    // npm test spawning the command line with a directory of its own: left alone.
    assert.equal(userCwd({ ...ours, npm_lifecycle_event: 'unit' }, root), null);
    assert.equal(userCwd({ ...ours, npm_package_name: 'other' }, root), null);
    assert.equal(userCwd({ ...ours, INIT_CWD: join(dir, 'gone') }, root), null);
    assert.equal(userCwd({}, root), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('npm run npasd from a sub-directory resolves paths from there', () => {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (k.startsWith('npm_') || k === 'INIT_CWD') delete env[k];
  const out = execFileSync(
    'npm',
    [
      'run',
      '--silent',
      'npasd',
      '--',
      'validate',
      '../experiments/table1.json',
      '--scale',
      'smoke',
    ],
    {
      cwd: join(root, 'docs'),
      env,
      encoding: 'utf8',
    },
  );
  assert.match(out, /table1\.json/);
});
