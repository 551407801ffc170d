/**
 * A parent killed with SIGKILL while its worker process is still starting (loading tsx and
 * TensorFlow.js) leaves no orphan: the worker exits without starting its unit (the unit's
 * directory, the first thing runUnit writes, never appears).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'npasd-orphan-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test(
  'a worker whose parent is killed while it starts exits without running its unit',
  { timeout: 60_000 },
  async () => {
    const runDir = join(root, 'run');
    // The parent: the real process pool with one task, killed (SIGKILL) 100 ms after forking,
    // having printed its children's pids.
    const script = `
    import { readFileSync } from 'node:fs';
    import { runProcessPool } from './src/util/processPool.ts';
    const task = { job: { runDir: ${JSON.stringify(runDir)}, cacheDir: ${JSON.stringify(root)},
      unit: { id: 'c0/ae/seed-1', key: 'k', seed: 1 }, spec: {}, fig4: false }, backend: 'cpu' };
    void runProcessPool(new URL('./src/experiment/unitWorker.ts', 'file://${repo}/'), [task], 1, () => {});
    setTimeout(() => {
      const kids = readFileSync('/proc/' + process.pid + '/task/' + process.pid + '/children', 'utf8');
      process.stdout.write(kids.trim() + '\\n', () => process.kill(process.pid, 'SIGKILL'));
    }, 100);`;
    const parent = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script],
      {
        cwd: repo,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    parent.stdout.on('data', (d: Buffer) => (out += d));
    await new Promise((r) => parent.on('exit', r));
    const kids = out.trim().split(/\s+/).filter(Boolean).map(Number);
    assert.equal(kids.length, 1, `one worker forked (${out})`);
    const t0 = Date.now();
    while (alive(kids[0]) && Date.now() - t0 < 30_000) await new Promise((r) => setTimeout(r, 100));
    assert.ok(!alive(kids[0]), 'the orphaned worker exited');
    assert.ok(!existsSync(join(runDir, 'cells')), 'it never started its unit');
  },
);
