/**
 * End to end: `table1 --scale smoke` through every stage, twice (determinism), in worker
 * processes (--jobs 2), and killed with SIGKILL mid-run then resumed (no finished unit lost or
 * redone, final CSVs equal to an uninterrupted run's).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { reproduce } from '../../src/experiment/runner.ts';
import { backendName, tf } from '../../src/engine/backend.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-run-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const cacheDir = join(root, 'cache');
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
const CSVS = ['table1.csv', 'metrics.csv', 'scores.csv', 'roc.csv'];
const read = (dir: string, f: string): string => readFileSync(join(dir, f), 'utf8');
const run = (out: string, jobs = 1) =>
  reproduce({ spec: 'table1', scale: 'smoke', out, cacheDir, jobs, stream: quiet });

/** table1's methods: the paper's three and the two reference methods. */
const METHODS = ['ae', 'vae', 'prop', 'logmel-gmm', 'dcase-ae'];
const M = METHODS.length;

const parse = (csv: string): Record<string, string>[] => {
  const [head, ...lines] = csv.trim().split('\n');
  const keys = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [keys[i], v])));
};

test('table1 smoke: every stage runs; outputs have the right shape and values in range', async () => {
  const before = tf.memory().numTensors;
  const out = join(root, 'a');
  const r = await run(out);
  assert.equal(r.unitsRun, M);
  assert.equal(tf.memory().numTensors, before, 'no tensors leak across units');
  for (const f of [...CSVS, 'spec.resolved.json', 'provenance.json', 'log.txt']) {
    assert.ok(existsSync(join(out, f)), f);
  }
  const t1 = parse(read(out, 'table1.csv'));
  assert.deepEqual(
    t1.map((row) => row.method),
    METHODS,
  );
  for (const snr of [-10, -5, 0, 5]) {
    for (const m of ['precision', 'recall', 'f1']) {
      for (const row of t1) {
        const v = Number(row[`${snr}dB_${m}`]);
        assert.ok(v >= 0 && v <= 1, `${row.method} ${snr}dB_${m} = ${row[`${snr}dB_${m}`]}`);
      }
    }
  }
  const metrics = parse(read(out, 'metrics.csv'));
  assert.equal(metrics.length, M * 4 * 3, 'methods x SNRs x rules');
  for (const row of metrics) {
    for (const k of ['auc', 'pauc_mcclish', 'tpr_at_rho', 'f1']) {
      assert.ok(Number(row[k]) >= 0 && Number(row[k]) <= 1, `${k} ${row[k]}`);
    }
  }
  assert.equal(parse(read(out, 'scores.csv')).length, M * 360);
  assert.match(r.table, /PROP|prop/);
  const prov = JSON.parse(read(out, 'provenance.json'));
  assert.equal(prov.backend.backend, backendName());
  assert.equal(prov.attempts.length, 1);
  assert.ok(prov.attempts[0].finished);

  // Same spec, seed and backend, another directory: byte-identical tables.
  const b = join(root, 'b');
  await run(b, 2);
  for (const f of CSVS) assert.equal(read(b, f), read(out, f), `${f} differs (jobs 1 vs 2)`);
});

test('a run killed with SIGKILL resumes: finished units reused, CSVs as uninterrupted', async () => {
  const out = join(root, 'killed');
  const script = [
    "import { reproduce } from './src/experiment/runner.ts';",
    `await reproduce({ spec: 'table1', scale: 'smoke', jobs: 1, out: ${JSON.stringify(out)}, cacheDir: ${JSON.stringify(cacheDir)} });`,
  ].join('\n');
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    stdio: 'ignore',
  });
  // Kill as soon as the first unit has finished (its scores.json exists).
  const unitsDone = (): number => {
    const cells = join(out, 'cells', 'main');
    if (!existsSync(cells)) return 0;
    return readdirSync(cells).filter((m) => existsSync(join(cells, m, 'seed-1', 'scores.json')))
      .length;
  };
  const exited = new Promise((resolve) => child.on('exit', resolve));
  while (unitsDone() === 0 && child.exitCode === null) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  child.kill('SIGKILL');
  await exited;
  const finishedBefore = unitsDone();
  assert.ok(finishedBefore >= 1 && finishedBefore < M, `killed after ${finishedBefore} units`);
  assert.ok(!existsSync(join(out, 'table1.csv')), 'no tables from a killed run');

  const r = await run(out);
  assert.equal(r.unitsReused, finishedBefore);
  assert.equal(r.unitsRun, M - finishedBefore);
  for (const f of CSVS) assert.equal(read(out, f), read(join(root, 'a'), f), f);
  const prov = JSON.parse(read(out, 'provenance.json'));
  assert.equal(prov.attempts.length, 2);
  assert.equal(prov.attempts[0].finished, null, 'the killed attempt never finished');
});

test('--seeds 2: two seeds per method, std columns in table1.csv, CIs in summary.csv', async () => {
  const out = join(root, 'seeds');
  const r = await reproduce({
    spec: 'table1',
    scale: 'smoke',
    seeds: 2,
    out,
    cacheDir,
    jobs: 2,
    stream: quiet,
  });
  assert.equal(r.unitsRun, 2 * M);
  const t1 = parse(read(out, 'table1.csv'));
  assert.deepEqual(
    t1.map((row) => [row.method, row.seeds]),
    METHODS.map((m) => [m, '2']),
  );
  for (const row of t1) assert.ok(Number(row['0dB_f1_std']) >= 0, row['0dB_f1_std']);
  const summary = parse(read(out, 'summary.csv'));
  assert.equal(summary.length, M * 4 * 3, 'methods x SNRs x rules');
  for (const row of summary) {
    assert.equal(row.n, '2');
    assert.ok(
      Number(row.f1_ci_low) <= Number(row.f1_mean) && Number(row.f1_mean) <= Number(row.f1_ci_high),
    );
  }
  const seeds = new Set(parse(read(out, 'metrics.csv')).map((row) => row.seed));
  assert.deepEqual([...seeds], ['1', '2']);
  assert.match(r.table, /±/);
});
