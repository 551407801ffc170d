/**
 * Every spec in experiments/ validates at every scale it defines, and dry-runs end to end at the
 * `smoke` scale (table1 itself runs in runner.test.ts, fig4 in test/e2e/fig4.test.ts, a DCASE
 * run in test/e2e/dcase-run.test.ts).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { planRun } from '../../src/experiment/plan.ts';
import { loadExperiment, reproduce } from '../../src/experiment/runner.ts';
import { specNames } from '../../src/spec/load.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-specs-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

/** A tiny DCASE 2020 tree (empty files: validating reads names only) for the dcase2020 spec. */
function dcaseTree(): string {
  const dir = join(root, 'dcase');
  for (const type of ['fan', 'pump']) {
    for (const split of ['train', 'test']) mkdirSync(join(dir, type, split), { recursive: true });
    writeFileSync(join(dir, type, 'train', 'normal_id_00_00000000.wav'), '');
    writeFileSync(join(dir, type, 'test', 'normal_id_00_00000001.wav'), '');
    writeFileSync(join(dir, type, 'test', 'anomaly_id_00_00000002.wav'), '');
  }
  return dir;
}

/** A tiny real-sound benchmark layout (one short WAV per folder) for the real-bench spec. */
function realBenchSets(): string[] {
  const dir = join(root, 'real-bench');
  const sets = [];
  for (const f of ['normal', 'normalTest', 'other', 'anomalies/sudden']) {
    mkdirSync(join(dir, f), { recursive: true });
    writeWav(join(dir, f, 'a.wav'), new Float32Array(1600).fill(0.1), 16000);
    if (!f.includes('/')) sets.push(`data.folders.${f}=${join(dir, f)}`);
  }
  return [...sets, `data.folders.anomalies=${join(dir, 'anomalies')}`];
}

test('every spec validates and plans at every scale', () => {
  const names = specNames('experiments');
  assert.deepEqual(names, [
    'dcase2020',
    'fig4',
    'grid-example',
    'real-bench',
    'snr-sweep',
    'table1',
  ]);
  // dcase2020 needs its dataset: a two-unit stand-in (one cell per unit); real-bench its
  // folders (built by npasd data --real-bench): a one-file-per-folder stand-in.
  const sets: Record<string, string[]> = {
    dcase2020: [`data.dcase.root=${dcaseTree()}`],
    'real-bench': realBenchSets(),
  };
  for (const name of names) {
    const { scales } = loadExperiment({ spec: name, sets: sets[name] ?? [] });
    assert.deepEqual(scales, ['paper', 'quick', 'smoke'], name);
    for (const scale of scales) {
      const e = loadExperiment({ spec: name, scale, sets: sets[name] ?? [] });
      const plan = planRun(e.cells, 'wasm');
      // grid-example and fig4 run the paper's three methods; the others add the two references.
      const methods = ['grid-example', 'fig4'].includes(name) ? 3 : 5;
      assert.equal(plan.units.length, e.cells.length * methods, `${name} ${scale}`);
      assert.equal(e.cells[0].spec.methods.length, methods, name);
      assert.ok(e.cells[0].spec.title.length > 0, `${name} has a title`);
    }
  }
  const dcase = planRun(loadExperiment({ spec: 'dcase2020', sets: sets.dcase2020 }).cells, 'wasm');
  assert.deepEqual(
    dcase.cells.map((c) => c.id),
    ['fan_id_00', 'pump_id_00'],
  );
  const grid = loadExperiment({ spec: 'grid-example', scale: 'smoke' });
  assert.equal(grid.cells.length, 12);
  assert.deepEqual(grid.cells[11].assignments, { 'train.featureDim': 64, 'prop.rho': 0.1 });
  const sweep = loadExperiment({ spec: 'snr-sweep', scale: 'quick' }).cells[0].spec;
  assert.deepEqual(
    sweep.data.test.snrsDb,
    [-20, -17.5, -15, -12.5, -10, -7.5, -5, -2.5, 0, 2.5, 5, 7.5, 10],
  );
  const paper = loadExperiment({ spec: 'table1', scale: 'paper' }).cells[0].spec;
  assert.deepEqual(
    [paper.data.normalTrainSec, paper.data.otherSec, paper.train.epochs],
    [3600, 72000, 500],
  );
});

// grid-example's full 12-cell grid is planned above; its dry run keeps featureDim in {4, 8}
// (6 cells, 18 units) so the suite stays fast.
const DRY_SETS: Record<string, string[]> = {
  'snr-sweep': [],
  'grid-example': ['train.featureDim={"grid":[4,8]}'],
};

for (const [name, sets] of Object.entries(DRY_SETS)) {
  test(`${name} dry-runs end to end at the smoke scale`, async () => {
    const out = join(root, name);
    const r = await reproduce({
      sets,
      spec: name,
      scale: 'smoke',
      out,
      cacheDir: join(root, 'cache'),
      jobs: 2,
      stream: quiet,
    });
    const plan = JSON.parse(readFileSync(join(out, 'spec.resolved.json'), 'utf8'));
    assert.equal(r.unitsRun, plan.cells.length * plan.cells[0].spec.methods.length);
    const header = readFileSync(join(out, 'table1.csv'), 'utf8').split('\n')[0];
    const snrs = plan.cells[0].spec.data.test.snrsDb as number[];
    for (const snr of snrs) assert.ok(header.includes(`${snr}dB_f1`), `${snr} in ${header}`);
    assert.ok(existsSync(join(out, 'metrics.csv')));
  });
}
