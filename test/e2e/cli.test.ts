/**
 * The `npasd` command line, run as a process from the repository root: --help on every command,
 * `validate` and `list` output, and every error exactly as messages.ts words it, with exit code 2
 * and nothing written. `reproduce` itself runs end to end in test/e2e/runner.test.ts; here
 * it only meets bad input.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';
import { estimateRun, formatDuration } from '../../src/experiment/estimate.ts';
import { estimateBasis } from '../../src/experiment/expectedBackend.ts';
import { planRun } from '../../src/experiment/plan.ts';
import { loadExperiment } from '../../src/experiment/runner.ts';
import { experimentSchema } from '../../src/experiment/schema.ts';
import { explainSchema } from '../../src/spec/explain.ts';
import {
  runMessages,
  slurmMessages,
  specField,
  specInFile,
  specInSet,
  unknownField,
  specNotFound,
  specUnknownScale,
} from '../../src/messages/index.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'npasd-cli-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `npasd ...args` from the repository root. */
function npasd(args: string[], env: Record<string, string> = {}): Promise<Result> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: root, env: { ...process.env, CI: '1', ...env }, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

const SPEC_DIR = join(root, 'experiments');
const TABLE1 = resolve(SPEC_DIR, 'table1.json');
const SPECS = ['dcase2020', 'fig4', 'grid-example', 'real-bench', 'snr-sweep', 'table1'];
/** What the CLI prices its estimates for with `jobs` (the same environment as the child). */
const basisOf = (jobs: number) => estimateBasis(jobs, undefined, availableParallelism());
const estimateOf = async (spec: string, scale: string, jobs = 1): Promise<string> => {
  const exp = loadExperiment({ spec, scale, specDir: SPEC_DIR });
  const plan = planRun(exp.cells, 'estimate');
  const { backend, threads } = await basisOf(jobs);
  const cores = availableParallelism();
  return formatDuration(estimateRun(plan, { jobs, cores, backend, threads }).seconds);
};
const specFile = (name: string, value: unknown): string => {
  const path = join(tmp, `${name}.json`);
  writeFileSync(path, JSON.stringify(value));
  return path;
};

describe('help', { concurrency: 3 }, () => {
  const cases: [string[], string[]][] = [
    [
      ['--help'],
      [
        'reproduce <spec>',
        'validate <spec>',
        'list',
        'report [run-dir]',
        'train',
        'detect',
        'data',
        'download <dataset>',
        'status [run-dir]',
      ],
    ],
    [
      ['reproduce', '--help'],
      [
        '--scale',
        '--seeds',
        '--set',
        '--jobs',
        '--out',
        '--backend',
        '--results',
        '--cache',
        '--executor',
        '--partition',
        '--time',
        '--cpus-per-task',
        '--mem',
        '--max-parallel',
        '--dry-run',
      ],
    ],
    [
      ['status', '--help'],
      ['run-dir', '--executor slurm'],
    ],
    [
      ['validate', '--help'],
      ['--scale', '--seeds', '--set', '--jobs', '--explain'],
    ],
    [['list', '--help'], ['--jobs']],
    [
      ['report', '--help'],
      ['run-dir', 'finished run directory'],
    ],
    [
      ['data', '--help'],
      ['--out', '--scale', '--seed', '--workers', '--test-set'],
    ],
    [
      ['download', '--help'],
      ['--out', '--machines', '--base-url', '--catalogue', '--retries', '--delete-archives'],
    ],
  ];
  for (const [args, mentions] of cases) {
    test(`npasd ${args.join(' ')}`, async () => {
      const r = await npasd(args);
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stderr, '');
      for (const m of mentions) assert.ok(r.stdout.includes(m), `${m} in:\n${r.stdout}`);
    });
  }
});

describe('validate and list', { concurrency: 3 }, () => {
  test('validate table1 --scale smoke: file, scale, cells, units, estimate', async () => {
    const r = await npasd(['validate', 'table1', '--scale', 'smoke', '--jobs', '1']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const lines = r.stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(0, 4), [
      runMessages.validOk('experiments/table1.json'),
      runMessages.validScale('smoke', ['paper', 'quick', 'smoke']),
      // table1 runs AE, VAE, PROP and the two reference methods.
      runMessages.validCounts(1, 5),
      runMessages.validCell('main', [], 5),
    ]);
    assert.ok(
      lines[4].startsWith(
        `estimated run time: ~${await estimateOf('table1', 'smoke')} with --jobs 1 on ${(await basisOf(1)).on} `,
      ),
      lines[4],
    );
  });

  test('validate --explain: every spec field with its doc, before the usual lines', async () => {
    const r = await npasd(['validate', 'table1', '--scale', 'smoke', '--jobs', '1', '--explain']);
    assert.equal(r.code, 0, r.stderr);
    const fields = explainSchema(experimentSchema);
    const text = [
      runMessages.explainHead(),
      ...fields,
      '',
      runMessages.validOk('experiments/table1.json'),
    ];
    assert.ok(r.stdout.startsWith(`${text.join('\n')}\n`), r.stdout);
  });

  test('validate grid-example: one line per cell with its grid values', async () => {
    const r = await npasd(['validate', 'grid-example', '--scale', 'smoke', '--seeds', '2']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.ok(lines.includes(runMessages.validCounts(12, 72)), r.stdout);
    const exp = loadExperiment({ spec: 'grid-example', scale: 'smoke', specDir: SPEC_DIR });
    const cells = planRun(exp.cells, 'estimate').cells;
    const grid = cells.map((c) => ({ ...c.assignments }));
    assert.equal(new Set(grid.map((g) => `${g['train.featureDim']} ${g['prop.rho']}`)).size, 12);
    for (const c of cells) {
      const values = Object.entries(c.assignments).map(([k, v]) => `${k}=${JSON.stringify(v)}`);
      assert.equal(values.length, 2);
      assert.ok(lines.includes(runMessages.validCell(c.id, values, 6)), `${c.id} in:\n${r.stdout}`);
    }
  });

  test('list: every spec with its title, and each scale with cells, units and estimate', async () => {
    for (const jobs of [1, 2]) {
      const r = await npasd(['list', '--jobs', String(jobs)]);
      assert.equal(r.code, 0, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.equal(lines[0], runMessages.listHead('experiments', jobs, (await basisOf(jobs)).on));
      // dcase2020's cells are its dataset's units: listed without counts until it is there.
      const dcase = lines.indexOf(runMessages.listDcase('data/dcase2020'));
      assert.ok(dcase > 0 && lines[dcase - 1].startsWith('dcase2020: DCASE 2020'), r.stdout);
      // real-bench reads folders that `npasd data --real-bench` builds: no estimate, no error.
      const real = lines.findIndex((l) => l.startsWith('real-bench: '));
      assert.equal(lines[real + 1], `  ${runMessages.validRecorded().trimStart()}`, r.stdout);
      for (const name of SPECS.filter((n) => n !== 'dcase2020' && n !== 'real-bench')) {
        const exp = loadExperiment({ spec: name, specDir: SPEC_DIR });
        assert.ok(lines.includes(runMessages.listSpec(name, exp.cells[0].spec.title)), name);
        for (const scale of ['paper', 'quick', 'smoke']) {
          const cells = name === 'grid-example' ? 12 : 1;
          const line = runMessages.listScale(
            scale,
            cells,
            cells * exp.cells[0].spec.methods.length,
            await estimateOf(name, scale, jobs),
            scale === 'quick',
          );
          assert.ok(lines.includes(line), `${line} in:\n${r.stdout}`);
        }
      }
    }
  });

  test('list and validate price the backend a run would use: --backend, else what loads', async () => {
    // oneDNN that cannot load: the engine would fall back to wasm, and so does the estimate.
    const env = { NPASD_DNNL_LIBRARY: join(tmp, 'no-libdnnl.so'), NPASD_TF_BACKEND: '' };
    const wasm = await npasd(['list', '--jobs', '2'], env);
    assert.equal(wasm.code, 0, wasm.stderr);
    assert.equal(wasm.stdout.split('\n')[0], runMessages.listHead('experiments', 2, 'wasm'));
    const named = await npasd(['validate', 'table1', '--scale', 'paper', '--backend', 'wasm'], env);
    assert.equal(named.code, 0, named.stderr);
    const wasmPaper = named.stdout.split('\n').find((l) => l.startsWith('estimated run time'));
    const dnnl = await npasd(['validate', 'table1', '--scale', 'paper', '--backend', 'wasm+dnnl']);
    const dnnlPaper = dnnl.stdout.split('\n').find((l) => l.startsWith('estimated run time'));
    assert.ok(wasmPaper?.includes(' on wasm ('), wasmPaper);
    assert.ok(dnnlPaper?.includes(' on wasm+dnnl, '), dnnlPaper);
    assert.notEqual(wasmPaper, dnnlPaper);
  });
});

describe('errors: the message only, exit code 2', { concurrency: 3 }, () => {
  const bad = (name: string, value: unknown) => () => specFile(name, value);
  const cases: [string, () => string[], () => string][] = [
    ['unknown spec', () => ['nope'], () => specNotFound('nope', SPECS)],
    [
      'unknown scale',
      () => ['table1', '--scale', 'huge'],
      () => specInFile(TABLE1, specUnknownScale('huge', ['paper', 'quick', 'smoke'])),
    ],
    [
      '--set train.epochs=0',
      () => ['table1', '--set', 'train.epochs=0'],
      () =>
        specInSet(
          'train.epochs=0',
          specField('train.epochs', 'got 0, expected an integer in [1, 1000000]'),
        ),
    ],
    [
      '--set nope=1',
      () => ['table1', '--set', 'nope=1'],
      () =>
        specInSet(
          'nope=1',
          specField('nope', unknownField('nope', Object.keys(experimentSchema.fields))),
        ),
    ],
    [
      '--set prop.rho=1.5',
      () => ['table1', '--set', 'prop.rho=1.5'],
      () =>
        specInSet('prop.rho=1.5', specField('prop.rho', 'got 1.5, expected a number in (0, 1)')),
    ],
    [
      'empty SNR list in a spec file',
      () => [bad('empty-snrs', { data: { test: { snrsDb: [] } } })()],
      () =>
        specInFile(
          join(tmp, 'empty-snrs.json'),
          specField('data.test.snrsDb', 'got 0 items, expected at least 1'),
        ),
    ],
    [
      'unknown key in a spec file',
      () => [bad('unknown-key', { dta: {} })()],
      () =>
        specInFile(
          join(tmp, 'unknown-key.json'),
          specField('dta', unknownField('dta', Object.keys(experimentSchema.fields))),
        ),
    ],
    [
      'negative duration',
      () => ['table1', '--set', 'data.normalTrainSec=-1'],
      () =>
        specInSet(
          'data.normalTrainSec=-1',
          specField('data.normalTrainSec', 'got -1, expected a number in (0, 360000]'),
        ),
    ],
    ['--jobs 0', () => ['table1', '--jobs', '0'], () => runMessages.badJobs(0)],
    ['--seeds 0', () => ['table1', '--seeds', '0'], () => runMessages.badSeeds(0)],
  ];
  const REPRODUCE = [
    'unknown scale',
    '--set train.epochs=0',
    'empty SNR list in a spec file',
    'negative duration',
    '--jobs 0',
  ];
  for (const [name, args, message] of cases) {
    test(`validate: ${name}`, async () => {
      const r = await npasd(['validate', ...args()]);
      assert.deepEqual(r, { code: 2, stdout: '', stderr: `${message()}\n` });
    });
    // reproduce loads the spec the same way; a few cases show it writes nothing first.
    if (!REPRODUCE.includes(name)) continue;
    test(`reproduce: ${name}, and nothing written`, async () => {
      const results = join(tmp, `r-${name.replace(/\W+/g, '-')}`);
      const r = await npasd(['reproduce', ...args(), '--results', results]);
      assert.deepEqual(r, { code: 2, stdout: '', stderr: `${message()}\n` });
      assert.ok(!existsSync(results), `${results} was created`);
    });
  }

  test('the commands Slurm jobs run are not in the help', async () => {
    const r = await npasd(['--help']);
    assert.doesNotMatch(r.stdout, /npasd (unit|finish)\b/);
  });
  test('list --jobs 0', async () => {
    const r = await npasd(['list', '--jobs', '0']);
    assert.deepEqual(r, { code: 2, stdout: '', stderr: `${runMessages.badJobs(0)}\n` });
  });

  test('usage errors (yargs) exit 2 with the message and where to look', async () => {
    const cases: [string[], string][] = [
      [
        ['reproduce', 'table1', '--bogus'],
        runMessages.usage('Unknown argument: bogus', 'reproduce'),
      ],
      [[], runMessages.usage(runMessages.needCommand(), null)],
      [['frobnicate'], runMessages.usage('Unknown argument: frobnicate', null)],
      [['report', 'a', 'b'], runMessages.usage('Unknown argument: b', 'report')],
    ];
    for (const [args, message] of cases) {
      const r = await npasd(args);
      assert.deepEqual(r, { code: 2, stdout: '', stderr: `${message}\n` }, args.join(' '));
    }
  });

  test('NPASD_DEBUG=1 adds the stack', async () => {
    const r = await npasd(['validate', 'nope'], { NPASD_DEBUG: '1' });
    assert.equal(r.code, 2);
    assert.ok(r.stderr.startsWith(`${specNotFound('nope', SPECS)}\n`), r.stderr);
    assert.match(r.stderr, /\n {4}at /);
  });
});

test('Slurm options and run directories: bad ones exit 2 with the message, nothing written', async () => {
  const results = join(tmp, 'slurm-bad');
  const cases: [string[], string][] = [
    [
      ['reproduce', 'table1', '--executor', 'slurm', '--mem', '2 GB', '--results', results],
      slurmMessages.badOption('mem', '2 GB', 'a Slurm size such as 2G or 4000M'),
    ],
    [
      ['reproduce', 'table1', '--executor', 'slurm', '--max-parallel', '0', '--results', results],
      slurmMessages.badOption('max-parallel', 0, 'an integer >= 1'),
    ],
    [['status', join(tmp, 'no-such-run')], slurmMessages.noRunDir(join(tmp, 'no-such-run'))],
    [['status', tmp], slurmMessages.notSlurmRun(tmp)],
    [['unit', tmp, '0'], slurmMessages.notSlurmRun(tmp)],
    [['status'], slurmMessages.needRunDir()],
  ];
  for (const [args, message] of cases) {
    const r = await npasd(args);
    assert.deepEqual(r, { code: 2, stdout: '', stderr: `${message}\n` }, args.join(' '));
  }
  // Without Slurm's commands on PATH: refused before the data stage writes anything.
  const noSlurm = await npasd(
    ['reproduce', 'table1', '--executor', 'slurm', '--results', results],
    {
      PATH: join(tmp, 'empty-path'),
    },
  );
  assert.equal(noSlurm.code, 2);
  assert.ok(noSlurm.stderr.endsWith(`${slurmMessages.noCommand('sbatch')}\n`), noSlurm.stderr);
  assert.equal(existsSync(results), false);
});

test('validate a DCASE spec: one cell per unit of the dataset, and no time estimate', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'npasd-cli-dcase-'));
  try {
    for (const type of ['fan', 'pump']) {
      for (const split of ['train', 'test']) mkdirSync(join(dir, type, split), { recursive: true });
      for (const f of ['train/normal_id_00_00000000', 'test/anomaly_id_00_00000001']) {
        writeFileSync(join(dir, type, `${f}.wav`), '');
      }
    }
    const r = await npasd(['validate', 'dcase2020', '--set', `data.dcase.root=${dir}`]);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trimEnd().split('\n');
    // AE, VAE, PROP and the reference methods (dcase-ae is the field's baseline) per unit.
    assert.equal(lines[2], runMessages.validCounts(2, 10));
    assert.equal(lines[3], runMessages.validCell('fan_id_00', ['data.dcase.unit="fan/id_00"'], 5));
    assert.equal(lines.at(-1), runMessages.validRecorded());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
