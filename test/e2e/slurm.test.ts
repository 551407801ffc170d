/**
 * End to end on a real one-node Slurm cluster (test/e2e/slurmCluster.ts): `table1 --scale smoke`
 * with --executor slurm, one array task killed with scancel while it runs, the final job
 * reporting it (exit non-zero), `npasd status`, a unit failing with an error (its record and
 * log path in the status), and the same command re-submitted: only the unfinished unit runs, the
 * finished ones are untouched, and the CSVs are byte-identical to a local run's. Skips without
 * Slurm (or root) locally; fails under CI (.ci/run installs slurm-wlm and munge). Also --dry-run,
 * which needs no cluster: the scripts are printed and nothing is written.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { isCi } from '../engine/needsWasm.ts';
import { slurmMissing, startSlurmCluster, type SlurmCluster } from './slurmCluster.ts';
import { slurmMessages } from '../../src/messages/index.ts';
import { unitLog } from '../../src/experiment/slurm/script.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repo, 'bin', 'npasd.mjs');
const tmp = mkdtempSync(join(tmpdir(), 'npasd-slurm-e2e-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));
const CSVS = ['table1.csv', 'metrics.csv', 'scores.csv', 'roc.csv'];
// The paper's three methods keep the cluster test short; the reference methods run the same way.
const SMOKE = [
  'reproduce',
  'table1',
  '--scale',
  'smoke',
  '--set',
  'methods=["ae","vae","prop"]',
  '--cache',
  join(tmp, 'cache'),
];

interface Result {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
}

function npasd(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Result> {
  const t0 = performance.now();
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: repo, env }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
      done({ code, stdout, stderr, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until `f` returns a value (not undefined) or the time is up. */
async function until<T>(what: string, f: () => T | undefined, ms = 180_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/** JobState and ExitCode of a job, from scontrol (the test cluster keeps no accounting). */
function jobState(c: SlurmCluster, job: string): { state: string; exit: string } {
  const line = c.run('scontrol', ['show', 'job', '-o', job]);
  return {
    state: /JobState=(\S+)/.exec(line)?.[1] ?? '',
    exit: /ExitCode=(\S+)/.exec(line)?.[1] ?? '',
  };
}

const ENDED = new Set([
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'TIMEOUT',
  'NODE_FAIL',
  'OUT_OF_MEMORY',
]);
const waitJob = (c: SlurmCluster, job: string) =>
  until(`job ${job} to end`, () => {
    const s = jobState(c, job);
    return ENDED.has(s.state) ? s : undefined;
  });

const submittedJobs = (stdout: string): { array: string; finish: string } => {
  const m = /job array (\d+) and the final job (\d+)/.exec(stdout);
  assert.ok(m, `no job ids in: ${stdout}`);
  return { array: m[1], finish: m[2] };
};

test('--dry-run prints the array and final job scripts and writes nothing', async () => {
  const results = join(tmp, 'dry');
  const r = await npasd([
    ...SMOKE,
    '--results',
    results,
    '--executor',
    'slurm',
    '--dry-run',
    '--max-parallel',
    '2',
    '--partition',
    'debug',
  ]);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(r.stdout.startsWith(`${slurmMessages.dryRun(3)}\n`), r.stdout);
  assert.match(r.stdout, /^#SBATCH --array=0-2%2$/m);
  assert.match(r.stdout, /^#SBATCH --partition=debug$/m);
  assert.match(r.stdout, /^#SBATCH --dependency=afterany:<array job id>$/m);
  assert.match(r.stdout, / 'unit' '[^']+' "\$SLURM_ARRAY_TASK_ID"$/m);
  assert.match(r.stdout, / 'finish' '[^']+'$/m);
  assert.equal(existsSync(results), false, 'a dry run writes nothing');
  assert.equal(existsSync(join(tmp, 'cache')), false, 'nor the cache');
});

test(
  'table1 smoke on a Slurm cluster: a killed task, a failed unit, re-submitted, CSVs as a local run',
  {
    timeout: 600_000,
  },
  async (t) => {
    const missing = slurmMissing();
    if (missing) {
      if (isCi()) assert.fail(`Slurm test cluster: ${missing} (CI: failing instead of skipping)`);
      t.skip(`Slurm test cluster: ${missing}`);
      return;
    }
    const local = await npasd([...SMOKE, '--results', join(tmp, 'local'), '--jobs', '2']);
    assert.equal(local.code, 0, local.stderr);
    const localDir = /^results: (.+)$/m.exec(local.stdout)?.[1] as string;

    const cluster = await startSlurmCluster();
    t.after(() => cluster.stop());
    const env = cluster.env;
    const slurmArgs = [...SMOKE, '--results', join(tmp, 'slurm'), '--executor', 'slurm'];
    const t0 = performance.now();
    const first = await npasd([...slurmArgs, '--max-parallel', '1'], env);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /^submitted 3 unit\(s\) as job array \d+/m);
    const jobs = submittedJobs(first.stdout);
    const runDir = /^npasd status (\S+) shows/m.exec(first.stdout)?.[1] as string;

    // Kill unit 1's task while it runs (tasks run one at a time: 0 has finished by then).
    const queue = () => cluster.run('squeue', ['-h', '-r', '-o', '%F|%K|%T']);
    await until('task 1 to run', () =>
      queue().includes(`${jobs.array}|1|RUNNING`) ? true : undefined,
    );
    cluster.run('scancel', [`${jobs.array}_1`]);
    const finish1 = await waitJob(cluster, jobs.finish);
    assert.equal(finish1.state, 'FAILED', 'the final job fails when a unit did not finish');
    assert.notEqual(finish1.exit, '0:0');
    const finishLog = readFileSync(
      join(runDir, 'slurm', 'logs', `finish.${jobs.finish}.log`),
      'utf8',
    );
    assert.match(finishLog, /1 of 3 unit\(s\) did not finish/);
    assert.match(
      finishLog,
      new RegExp(`main/vae/seed-\\d+ \\(task ${jobs.array}_1\\): ended without finishing`),
    );
    assert.ok(finishLog.includes(unitLog(runDir, 1, jobs.array)), "the killed task's log is named");
    assert.equal(existsSync(join(runDir, 'table1.csv')), false, 'no tables from a partial run');

    const status1 = await npasd(['status', runDir], env);
    assert.equal(status1.code, 0, status1.stderr);
    assert.match(status1.stdout, /^finished 2, running 0, failed 1, missing 0$/m);
    assert.ok(status1.stdout.includes(unitLog(runDir, 1, jobs.array)));

    // A unit that fails with an error (here: its features file is gone, as on a node that does
    // not see the run directory's storage): the task exits non-zero and records the error.
    const dataDir = join(runDir, 'data');
    const dataFile = join(dataDir, readdirSync(dataDir).find((f) => f.endsWith('.json')) as string);
    renameSync(dataFile, `${dataFile}.away`);
    const failed = await npasd(['unit', runDir, '1'], { ...env, SLURM_ARRAY_JOB_ID: jobs.array });
    renameSync(`${dataFile}.away`, dataFile);
    assert.equal(failed.code, 2);
    assert.match(
      failed.stderr,
      /main\/vae\/seed-\d+: .*data\/[0-9a-f]{16}\.json: the features stage's file is not there/,
    );
    const status2 = await npasd(['status', runDir], env);
    assert.match(status2.stdout, /the features stage's file is not there on \S+ .*; log: /);

    // Re-submitting the same command runs only the unfinished unit; finished ones are untouched.
    const finishedBefore = [0, 2].map(
      (i) =>
        statSync(join(runDir, 'cells', 'main', ['ae', 'vae', 'prop'][i], 'seed-1', 'scores.json'))
          .mtimeMs,
    );
    const second = await npasd(slurmArgs, env);
    assert.equal(second.code, 0, second.stderr);
    assert.match(
      second.stdout,
      /^submitted 1 unit\(s\) as job array \d+ and the final job \d+ \(evaluate and report\); 2 unit\(s\) already finished$/m,
    );
    const jobs2 = submittedJobs(second.stdout);
    const finish2 = await waitJob(cluster, jobs2.finish);
    const seconds = (performance.now() - t0) / 1000;
    assert.equal(
      finish2.state,
      'COMPLETED',
      readFileSync(join(runDir, 'slurm', 'logs', `finish.${jobs2.finish}.log`), 'utf8'),
    );
    const finishedAfter = [0, 2].map(
      (i) =>
        statSync(join(runDir, 'cells', 'main', ['ae', 'vae', 'prop'][i], 'seed-1', 'scores.json'))
          .mtimeMs,
    );
    assert.deepEqual(finishedAfter, finishedBefore, 'finished units were not redone');
    for (const f of CSVS) {
      assert.equal(
        readFileSync(join(runDir, f), 'utf8'),
        readFileSync(join(localDir, f), 'utf8'),
        `${f} differs from the local run's`,
      );
    }
    const status3 = await npasd(['status', runDir], env);
    assert.match(status3.stdout, /^finished 3, running 0, failed 0, missing 0$/m);
    const prov = JSON.parse(readFileSync(join(runDir, 'provenance.json'), 'utf8'));
    assert.equal(prov.attempts.length, 2);
    assert.deepEqual(prov.attempts[1].slurm.units, [1]);
    assert.ok(prov.attempts[1].finished, 'the final job marks its attempt finished');
    t.diagnostic(
      `local ${local.seconds.toFixed(1)} s; slurm (kill, failure, re-submit) ${seconds.toFixed(1)} s`,
    );
  },
);
