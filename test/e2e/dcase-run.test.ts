/**
 * `reproduce` on a DCASE 2020-layout tree (tiny generated files, smoke settings): one cell per
 * unit, O from the other machine type, and the DCASE outputs: anomaly_score_*.csv per unit whose
 * AUC, recomputed here as the Mann-Whitney statistic, matches dcase-metrics.csv; result.csv per
 * method; errors for a missing root and unknown machine types before anything runs.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { loadExperiment } from '../../src/experiment/load.ts';
import { reproduce } from '../../src/experiment/runner.ts';
import { dcaseMessages, runMessages, specInFile } from '../../src/messages/index.ts';
import { engineGenerator, resolveEngineParams } from '../../src/synth/engine.ts';
import { renderAll } from '../../src/synth/source.ts';
import { makeRng } from '../../src/util/rng.ts';

const SR = 16000;
const root = mkdtempSync(join(tmpdir(), 'npasd-dcase-run-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;
const data = join(root, 'dev');

function engine(rpm: number, seed: number, knocks: boolean, sec = 3): Float32Array {
  const p = resolveEngineParams({ rpmMin: rpm, rpmMax: rpm });
  const x = renderAll(engineGenerator.create(p, makeRng(seed, 'dcase'), SR), sec * SR);
  if (knocks)
    for (let k = 1; k < 6; k++)
      for (let i = 0; i < 400; i++) x[k * 8000 + i] += 0.8 * Math.exp(-i / 80) * Math.sin(i);
  return x;
}

// fan id_00, fan id_02, pump id_00: 3 train normals of 6 s (phi-clip needs clip-long windows
// of them) and 2 + 2 test files of 3 s each.
for (const [type, id, rpm] of [
  ['fan', '00', 900],
  ['fan', '02', 1300],
  ['pump', '00', 2000],
] as const) {
  for (const split of ['train', 'test']) mkdirSync(join(data, type, split), { recursive: true });
  let n = 0;
  const name = (label: string) => `${label}_id_${id}_${String(n++).padStart(8, '0')}.wav`;
  for (let i = 0; i < 3; i++)
    writeWav(join(data, type, 'train', name('normal')), engine(rpm, n, false, 6), SR);
  for (let i = 0; i < 2; i++)
    writeWav(join(data, type, 'test', name('normal')), engine(rpm, n, false), SR);
  for (let i = 0; i < 2; i++)
    writeWav(join(data, type, 'test', name('anomaly')), engine(rpm, n, true), SR);
}

const sets = [`data.source=dcase`, `data.dcase.root=${data}`];

/** AUC as the Mann-Whitney statistic: P(anomaly score > normal score), ties 1/2. */
function mannWhitney(scores: number[], labels: number[]): number {
  let s = 0;
  let pairs = 0;
  labels.forEach((a, i) => {
    if (a !== 1) return;
    labels.forEach((b, j) => {
      if (b !== 0) return;
      pairs++;
      s += scores[i] > scores[j] ? 1 : scores[i] === scores[j] ? 0.5 : 0;
    });
  });
  return s / pairs;
}

test('DCASE: bad root and machine types are refused before anything runs', () => {
  const file = join(process.cwd(), 'experiments', 'table1.json');
  assert.throws(
    () => loadExperiment({ spec: 'table1', scale: 'smoke', sets: ['data.source=dcase'] }),
    (e: Error) => e.message === specInFile(file, dcaseMessages.rootRequired()),
  );
  assert.throws(
    () =>
      loadExperiment({
        spec: 'table1',
        scale: 'smoke',
        sets: [...sets, 'data.dcase.machines=["valve"]'],
      }),
    (e: Error) =>
      e.message === specInFile(file, dcaseMessages.unknownMachines(['valve'], ['fan', 'pump'])),
  );
  const one = loadExperiment({
    spec: 'table1',
    scale: 'smoke',
    sets: [...sets, 'data.dcase.machines=["pump"]'],
  });
  assert.deepEqual(
    one.cells.map((c) => c.spec.data.dcase.unit),
    ['pump/id_00'],
  );
});

test('DCASE run: a cell per unit, DCASE score files and result.csv, AUC as Mann-Whitney', async () => {
  const out = join(root, 'run');
  const r = await reproduce({
    spec: 'table1',
    scale: 'smoke',
    sets,
    out,
    cacheDir: join(root, 'cache'),
    jobs: 1,
    stream: quiet,
  });
  for (const cell of ['fan_id_00', 'fan_id_02', 'pump_id_00']) {
    assert.ok(existsSync(join(out, 'cells', cell, 'prop', 'seed-1', 'scores.json')), cell);
  }
  const metrics = parse(readFileSync(join(out, 'dcase-metrics.csv'), 'utf8'), {
    columns: true,
  }) as Record<string, string>[];
  for (const method of ['ae', 'vae', 'prop']) {
    const dir = join(out, 'dcase', method, 'seed-1');
    for (const [type, id] of [
      ['fan', '00'],
      ['fan', '02'],
      ['pump', '00'],
    ]) {
      const rows = parse(
        readFileSync(join(dir, `anomaly_score_${type}_id_${id}.csv`), 'utf8'),
      ) as string[][];
      assert.deepEqual(
        rows.map((x) => x[0].replace(/_\d+\.wav$/, '')),
        [`anomaly_id_${id}`, `anomaly_id_${id}`, `normal_id_${id}`, `normal_id_${id}`],
      );
      const auc = mannWhitney(
        rows.map((x) => Number(x[1])),
        rows.map((x) => (x[0].startsWith('anomaly') ? 1 : 0)),
      );
      const row = metrics.find(
        (m) => m.method === method && m.machine_type === type && m.unit === `id_${id}`,
      );
      assert.ok(row, `${method} ${type} ${id}`);
      assert.ok(
        Math.abs(Number(row.auc) - auc) < 1e-6,
        `${method} ${type}/${id}: ${row.auc} vs ${auc}`,
      );
      const decisions = readFileSync(join(dir, `decision_result_${type}_id_${id}.csv`), 'utf8');
      assert.match(decisions, /^anomaly_id_\d\d_\d{8}\.wav,[01]\n/);
    }
    const result = readFileSync(join(dir, 'result.csv'), 'utf8');
    assert.match(result, /^fan\nid,AUC,pAUC\n00,/);
    assert.match(result, /\npump\nid,AUC,pAUC\n00,/);
    assert.ok(metrics.some((m) => m.method === method && m.unit === 'official'));
  }
  assert.match(r.table, /PROP {2}seed 1 {2}pump\/id_00 {2}AUC /);
  // O of a fan unit: the pump's training normals, and only those.
  for (const f of readdirSync(join(out, 'data'))) {
    const { corpusDir } = JSON.parse(readFileSync(join(out, 'data', f), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(corpusDir, 'manifest.json'), 'utf8'));
    const unit = manifest.config.dcase.unit as string;
    const other = manifest.files.filter((x: { role: string }) => x.role === 'other');
    const expected = unit.startsWith('fan') ? ['pump'] : ['fan', 'fan'];
    assert.equal(other.length, 3 * expected.length, unit);
    assert.ok(
      other.every((x: { path: string }) => x.path.startsWith(`other/${expected[0]}/`)),
      unit,
    );
  }
});

test('DCASE 2022+ names: section files, source and target AUCs, result.csv by section', async () => {
  const tree = join(root, 'dev2023');
  for (const [type, rpm] of [
    ['fan', 900],
    ['valve', 2000],
  ] as const) {
    for (const split of ['train', 'test']) mkdirSync(join(tree, type, split), { recursive: true });
    let n = 0;
    const name = (domain: string, split: string, label: string) =>
      `section_00_${domain}_${split}_${label}_${String(n++).padStart(4, '0')}_noise_1.wav`;
    for (const domain of ['source', 'source', 'target']) {
      writeWav(
        join(tree, type, 'train', name(domain, 'train', 'normal')),
        engine(rpm, n, false, 6),
        SR,
      );
    }
    for (const domain of ['source', 'target']) {
      for (const label of ['normal', 'anomaly']) {
        const x = engine(rpm, n, label === 'anomaly');
        writeWav(join(tree, type, 'test', name(domain, 'test', label)), x, SR);
      }
    }
  }
  const out = join(root, 'run2023');
  await reproduce({
    spec: 'table1',
    scale: 'smoke',
    sets: ['data.source=dcase', `data.dcase.root=${tree}`, 'methods=["prop"]'],
    out,
    cacheDir: join(root, 'cache'),
    jobs: 1,
    stream: quiet,
  });
  const dir = join(out, 'dcase', 'prop', 'seed-1');
  const scores = parse(readFileSync(join(dir, 'anomaly_score_fan_section_00_test.csv'), 'utf8'));
  assert.equal(scores.length, 4);
  assert.match(
    readFileSync(join(dir, 'result.csv'), 'utf8'),
    /^fan\nsection,AUC,pAUC,AUC \(source\),AUC \(target\)\n00,/,
  );
  const metrics = parse(readFileSync(join(out, 'dcase-metrics.csv'), 'utf8'), {
    columns: true,
  }) as Record<string, string>[];
  const fan = metrics.find((m) => m.machine_type === 'fan' && m.unit === 'section_00');
  assert.ok(fan && fan.auc_source !== '' && fan.auc_target !== '', JSON.stringify(fan));
});

test('DCASE: a unit with too few training files stops before training, naming its folder', async () => {
  // pump id_00 with 2 training files as long as its test files: 2 clip-length windows, and
  // phi-clip at rho = 0.05 needs 20.
  const tree = join(root, 'few');
  for (const split of ['train', 'test']) mkdirSync(join(tree, 'pump', split), { recursive: true });
  let n = 0;
  const name = (label: string) => `${label}_id_00_${String(n++).padStart(8, '0')}.wav`;
  for (let i = 0; i < 2; i++)
    writeWav(join(tree, 'pump', 'train', name('normal')), engine(2000, n, false), SR);
  for (const label of ['normal', 'anomaly'])
    writeWav(join(tree, 'pump', 'test', name(label)), engine(2000, n, label === 'anomaly'), SR);
  const out = join(root, 'run-few');
  await assert.rejects(
    reproduce({
      spec: 'table1',
      scale: 'smoke',
      sets: ['data.source=dcase', `data.dcase.root=${tree}`, 'methods=["ae"]'],
      out,
      cacheDir: join(root, 'cache'),
      jobs: 1,
      stream: quiet,
    }),
    {
      message: runMessages.unitTooFewWindows('pump/id_00', join(tree, 'pump', 'train'), 2, 2, 0.05),
    },
  );
  assert.ok(!existsSync(join(out, 'cells')), 'no unit started');
});
