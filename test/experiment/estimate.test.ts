/**
 * The run-time estimate: hand-checkable counts (vectors, steps, refits), the reference network's
 * step time equal to the bench figures it was calibrated on (per backend, batch and threads),
 * scaling properties, the schedule of units over jobs, and formatDuration's exact text.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  COST,
  costEnv,
  estimateRun,
  estimateSeconds,
  estimateUnit,
  formatDuration,
  networkMacs,
  type CostEnv,
} from '../../src/experiment/estimate.ts';
import { EM_BENCH_UNITS } from '../../src/experiment/estimateRates.ts';
import { planRun } from '../../src/experiment/plan.ts';
import { loadExperiment } from '../../src/experiment/runner.ts';
import { experimentSchema, settingsOf, type ExperimentSpec } from '../../src/experiment/schema.ts';
import { defaults } from '../../src/spec/schema.ts';

/** The schema's defaults (the paper's network) with some data and training fields changed. */
function spec(
  data: Partial<ExperimentSpec['data']> = {},
  train: Partial<ExperimentSpec['train']> = {},
  prop: Partial<ExperimentSpec['prop']> = {},
): ExperimentSpec {
  const d = defaults(experimentSchema) as ExperimentSpec;
  return {
    ...d,
    data: { ...d.data, ...data },
    train: { ...d.train, ...train },
    prop: { ...d.prop, ...prop },
  };
}
/** wasm+dnnl with one thread per unit (--jobs 2 on this 2-core machine). */
const ENV = costEnv('wasm+dnnl', 1);
const unit = (
  sp: ExperimentSpec,
  method: 'ae' | 'vae' | 'prop' | 'logmel-gmm' | 'dcase-ae',
  env: CostEnv = ENV,
) => estimateUnit(sp, method, method, settingsOf(sp, method), env);
const close = (a: number, b: number, rel = 1e-9) =>
  assert.ok(Math.abs(a - b) <= rel * Math.abs(b), `${a} != ${b}`);

test('network size: the paper network is 2,473,984 multiply-adds per vector', () => {
  // F: 1344*512 + 2*512*512 + 2*512*32 (mean and log-variance); G: 32*512 + 2*512*512 + 512*1344.
  const m = networkMacs(1344, [512, 512, 512], 32);
  assert.equal(m.encoder, 688_128 + 524_288 + 32_768);
  assert.equal(m.total, 688_128 + 524_288 + 32_768 + 16_384 + 524_288 + 688_128);
});

test('steps: the natural epoch is AE/VAE over D and O, PROP over D (hand-counted)', () => {
  // 16 kHz, hop 256: 62.5 frames/s; context 10 + 10 drops 20 vectors per file.
  // D: 100 s in 2 files of 50 s -> 6250 - 40 = 6210 vectors; O: 50 s, 1 file -> 3125 - 20 = 3105.
  const sp = spec(
    { normalTrainSec: 100, otherSec: 50, fileSec: 50 },
    { epochs: 3, stepsPerEpoch: 0 },
  );
  assert.equal(unit(sp, 'ae').steps, 3 * Math.floor((6210 + 3105) / 100));
  assert.equal(unit(sp, 'prop').steps, 3 * Math.floor(6210 / 100));
  assert.equal(unit(sp, 'prop').refits, 3, 'refitEvery 0: once per epoch');
  // epochBasis "normal": every method one pass over D.
  const equal = spec(
    { normalTrainSec: 100, otherSec: 50, fileSec: 50 },
    { epochs: 3, stepsPerEpoch: 0, epochBasis: 'normal' },
  );
  for (const m of ['ae', 'vae', 'prop'] as const)
    assert.equal(unit(equal, m).steps, 3 * Math.floor(6210 / 100), m);
  const every7 = unit(
    spec(
      { normalTrainSec: 100, otherSec: 50, fileSec: 50 },
      { epochs: 3 },
      {
        refitEvery: 7,
      },
    ),
    'prop',
  );
  assert.equal(every7.refits, Math.ceil(every7.steps / 7));
});

test('table1 paper scale: equal step budgets, 500 x floor(|D| / K) steps for AE, VAE and PROP', () => {
  // D: 3600 s in 60 files of 60 s: 225,000 frames - 20 x 60 = 223,800 vectors: 2,238 steps.
  // O: 72,000 s in 1,200 files: 4,500,000 - 20 x 1,200 = 4,476,000 vectors.
  const paper = (sets: string[] = []) =>
    estimateRun(
      planRun(loadExperiment({ spec: 'table1', scale: 'paper', sets }).cells, 'estimate'),
      { jobs: 2, backend: 'wasm+dnnl' },
    ).units;
  const steps = (units: ReturnType<typeof paper>, m: string) =>
    units.find((u) => u.method === m)?.steps;
  const equal = paper();
  for (const m of ['ae', 'vae', 'prop']) assert.equal(steps(equal, m), 500 * 2238, m);
  // The natural epoch (the setting's default) at the same scale: AE/VAE over D and O.
  const natural = paper(['train.epochBasis=natural']);
  assert.equal(steps(natural, 'ae'), 500 * Math.floor((223_800 + 4_476_000) / 100));
  assert.equal(steps(natural, 'prop'), 500 * 2238);
  // dcase-ae keeps its recipe under both: min(500, 100) epochs over 90% of D at batch 512.
  assert.equal(steps(equal, 'dcase-ae'), steps(natural, 'dcase-ae'));
});

test('the reference network trains at the bench figures it was calibrated on, per backend', () => {
  for (const backend of ['wasm+dnnl', 'wasm'] as const) {
    const env = costEnv(backend, 1);
    const figures = env.costs;
    for (const k of [100, 1000]) {
      const at = figures[k === 100 ? 'batch100' : 'batch1000'];
      const sp = spec({}, { epochs: 2, stepsPerEpoch: 50, batchSize: k });
      close(unit(sp, 'vae', env).trainSec / 100, k / at.vae);
      close(unit(sp, 'ae', env).trainSec / 100, k / at.ae);
      // PROP as the bench ran it: a refit every 10 steps over 2,000 D vectors, included.
      const prop = unit(
        spec(
          {},
          { epochs: 2, stepsPerEpoch: 50, batchSize: k },
          { refitEvery: 10, refitSubset: 2000 },
        ),
        'prop',
        env,
      );
      assert.equal(prop.refits, 10);
      close((prop.trainSec + prop.refitSec) / 100, k / at.prop);
    }
  }
  // Two native threads: the batch-100 figures measured with two threads.
  const two = costEnv('wasm+dnnl', 2);
  const sp = spec({}, { epochs: 2, stepsPerEpoch: 50 });
  const t2 = two.costs.batch100Threads2;
  assert.ok(t2);
  close(unit(sp, 'vae', two).trainSec / 100, 100 / t2.vae);
  close(unit(sp, 'ae', two).trainSec / 100, 100 / t2.ae);
  // wasm has no native threads: two threads price the same as one.
  close(unit(sp, 'vae', costEnv('wasm', 2)).trainSec, unit(sp, 'vae', costEnv('wasm', 1)).trainSec);
});

test('wasm+dnnl trains faster than wasm by the ratio of their figures; tensorflow and cpu are assumed', () => {
  const sp = spec({}, { epochs: 3, stepsPerEpoch: 40 });
  const dnnl = costEnv('wasm+dnnl', 1);
  const wasm = costEnv('wasm', 1);
  for (const m of ['ae', 'vae'] as const)
    close(
      unit(sp, m, wasm).trainSec / unit(sp, m, dnnl).trainSec,
      dnnl.costs.batch100[m] / wasm.costs.batch100[m],
    );
  const paper = planRun(loadExperiment({ spec: 'table1', scale: 'paper' }).cells, 'estimate');
  const run = (backend: 'wasm+dnnl' | 'wasm' | 'cpu' | 'tensorflow') =>
    estimateRun(paper, { jobs: 2, cores: 2, backend, threads: 1 }).seconds;
  assert.ok(run('wasm+dnnl') < run('wasm') / 2, `${run('wasm+dnnl')} vs ${run('wasm')}`);
  assert.ok(run('cpu') > run('wasm'));
  assert.equal(costEnv('wasm+dnnl', 1).costs.assumed, false);
  assert.equal(costEnv('wasm', 1).costs.assumed, false);
  assert.equal(costEnv('cpu', 1).costs.assumed, true);
  assert.equal(costEnv('tensorflow', 1).costs.assumed, true);
});

test('doubling the epochs doubles the training time (and PROP refits)', () => {
  for (const method of ['ae', 'vae', 'prop'] as const) {
    const a = unit(spec({}, { epochs: 5 }), method);
    const b = unit(spec({}, { epochs: 10 }), method);
    close(b.trainSec, 2 * a.trainSec);
    close(b.refitSec, 2 * a.refitSec);
    assert.equal(b.finalFitSec, a.finalFitSec);
    assert.equal(b.scoreSec, a.scoreSec);
  }
});

test('a tiny network still costs the per-step floor; a bigger one costs more', () => {
  const tiny = unit(spec({}, { hidden: [4], featureDim: 2, epochs: 1, stepsPerEpoch: 100 }), 'ae');
  const floor = ENV.steps.ae.floorSec;
  assert.ok(floor > 0);
  assert.ok(tiny.trainSec >= 100 * floor);
  assert.ok(tiny.trainSec < 100 * (floor + 0.001));
  const wide = unit(spec({}, { hidden: [1024, 1024, 1024] }), 'ae');
  assert.ok(wide.trainSec > 2 * unit(spec(), 'ae').trainSec);
});

test('logmel-gmm: no training steps; EM on the log-mel frames of D (64 dims, or 21 x 64 with context)', () => {
  // D: 100 s in 2 files at 62.5 frames/s: 6250 single frames; with context 10 + 10: 6210.
  const sp = spec({ normalTrainSec: 100, otherSec: 50, fileSec: 50 }, { emMaxIter: 40 });
  const u = unit(sp, 'logmel-gmm');
  assert.equal(u.steps, 0);
  assert.equal(u.trainSec, 0);
  assert.equal(u.refits, 0);
  // EM for emMaxIter iterations (an upper bound) plus scoring D once for phi, C = 16.
  close(u.finalFitSec, (6250 * 64 * 16 * 41 * ENV.costs.emSecPerIter) / EM_BENCH_UNITS);
  const ctx = unit({ ...sp, reference: { ...sp.reference, logmelContext: true } }, 'logmel-gmm');
  close(ctx.finalFitSec, (6210 * 64 * 21 * 16 * 41 * ENV.costs.emSecPerIter) / EM_BENCH_UNITS);
  assert.ok(ctx.scoreSec > u.scoreSec, 'scoring 1344-dim vectors costs more');
  // The network settings do not apply; it costs far less than the AE on the same data.
  assert.equal(
    unit({ ...sp, train: { ...sp.train, hidden: [8] } }, 'logmel-gmm').seconds,
    u.seconds,
  );
  assert.ok(u.seconds < unit(sp, 'ae').seconds / 10);
});

test("dcase-ae: the recipe's step budget on 90% of D at its own front end (hand-counted)", () => {
  // Hop 512 at 16 kHz: 31.25 frames/s; 5 frames drop 4 per file. D: 100 s in 2 files ->
  // floor(3125) - 8 = 3117 vectors, 2805 for training, 312 for validation; batch 512: 5 steps.
  const sp = spec(
    { normalTrainSec: 100, otherSec: 50, fileSec: 50 },
    { epochs: 3, stepsPerEpoch: 0 },
  );
  const u = unit(sp, 'dcase-ae');
  assert.equal(u.steps, 3 * Math.floor(2805 / 512));
  const { dcaseAeStepSec, dcaseAeForwardVectorsPerSec } = ENV.costs;
  close(u.trainSec, u.steps * dcaseAeStepSec + (3 * 312) / dcaseAeForwardVectorsPerSec);
  close(u.finalFitSec, 3117 / dcaseAeForwardVectorsPerSec);
  // stepsPerEpoch applies; epochs are capped at the recipe's 100; train.hidden does not apply.
  const capped = unit(spec({}, { epochs: 500, stepsPerEpoch: 7 }), 'dcase-ae');
  assert.equal(capped.steps, 100 * 7);
  const wide = unit(spec({}, { epochs: 500, stepsPerEpoch: 7, hidden: [2048] }), 'dcase-ae');
  assert.equal(wide.seconds, capped.seconds);
});

test('table1 quick: the reference methods cost what this machine measured (wasm)', () => {
  const run = estimateRun(
    planRun(loadExperiment({ spec: 'table1', scale: 'quick' }).cells, 'estimate'),
    { jobs: 1, backend: 'wasm' },
  );
  const of = (m: string) => run.units.find((u) => u.method === m) as (typeof run.units)[number];
  // Measured (table1 quick, one seed, load average 5-6): the logmel-gmm unit 2.7 s; dcase-ae's
  // 10 x 150 steps 135-230 s of training (epochs 13.5-44 s) and 9.3 s of scoring.
  assert.equal(of('dcase-ae').steps, 1500);
  assert.ok(of('dcase-ae').trainSec > 120 && of('dcase-ae').trainSec < 230);
  assert.ok(of('dcase-ae').scoreSec > 4 && of('dcase-ae').scoreSec < 15);
  assert.ok(of('logmel-gmm').seconds > 1 && of('logmel-gmm').seconds < 10);
  assert.ok(of('logmel-gmm').seconds < of('ae').seconds / 10);
});

test('table1 quick on wasm+dnnl: units within 20% of a measured run with 2 jobs', () => {
  // A table1 quick run, seed 1, cold cache, --jobs 2, wasm+dnnl, 1 thread per unit, on the quiet
  // machine (2026-12-06, after the bench run the figures come from): seconds from a unit's first
  // training step to its "finished" line in log.txt.
  const measured = { ae: 36.1, vae: 36.8, prop: 107.6, 'dcase-ae': 50.1 };
  const run = estimateRun(
    planRun(loadExperiment({ spec: 'table1', scale: 'quick' }).cells, 'estimate'),
    { jobs: 2, cores: 2, backend: 'wasm+dnnl', threads: 1 },
  );
  for (const [method, sec] of Object.entries(measured)) {
    const u = run.units.find((x) => x.method === method);
    assert.ok(u);
    const est = u.seconds * COST.parallelSlowdown;
    assert.ok(Math.abs(est / sec - 1) < 0.2, `${method}: estimated ${est} s, measured ${sec} s`);
  }
});

test('jobs: 2 roughly halve a many-unit run, never below the longest unit; cores cap jobs', () => {
  const grid = loadExperiment({ spec: 'grid-example', scale: 'quick' });
  const plan = planRun(grid.cells, 'estimate');
  // One thread per unit either way: the schedule alone.
  const one = estimateRun(plan, { jobs: 1, backend: 'wasm+dnnl' });
  const two = estimateRun(plan, { jobs: 2, backend: 'wasm+dnnl' });
  const fixed = one.startupSec + one.dataSec + one.featuresSec + one.reportSec;
  // With 2 jobs every unit also starts its own worker process.
  const starts = plan.units.length * COST.workerStartSec;
  const ratio = (two.seconds - fixed - starts / 2) / (one.seconds - fixed);
  assert.ok(ratio > 0.5 && ratio < 0.6, `jobs 2 / jobs 1 = ${ratio}`);
  close(one.seconds - fixed, one.unitsSec);
  assert.deepEqual(estimateRun(plan, { jobs: 8, cores: 2, backend: 'wasm+dnnl' }), two);

  const paper = planRun(loadExperiment({ spec: 'table1', scale: 'paper' }).cells, 'estimate');
  const many = estimateRun(paper, { jobs: 100, backend: 'wasm+dnnl' });
  assert.equal(many.parallel, 5, 'no more jobs than units (table1: 5 methods, 1 seed)');
  close(
    many.seconds,
    many.startupSec +
      many.dataSec +
      many.featuresSec +
      many.longestUnitSec * COST.parallelSlowdown +
      COST.workerStartSec +
      many.reportSec,
  );
  // With 2 jobs PROP (the longest) may already set the wall time: never below it.
  assert.ok(estimateRun(paper, { jobs: 2, backend: 'wasm+dnnl' }).seconds >= many.seconds);
  assert.ok(estimateRun(paper, { jobs: 1, backend: 'wasm+dnnl' }).seconds > many.seconds);
});

test('table1 at paper scale estimates far longer than quick; smoke takes seconds', () => {
  const at = (scale: string) =>
    estimateSeconds(
      loadExperiment({ spec: 'table1', scale }).cells.map((c) => c.spec),
      { jobs: 1, backend: 'wasm+dnnl' },
    );
  assert.ok(at('paper') > 100 * at('quick'), `${at('paper')} vs ${at('quick')}`);
  assert.ok(at('quick') > 10 * at('smoke'));
  assert.ok(at('smoke') < 60);
});

test('formatDuration: seconds, minutes, hours, days', () => {
  const cases: [number, string][] = [
    [0, '0 s'],
    [45, '45 s'],
    [59.4, '59 s'],
    [59.5, '1 min'],
    [12 * 60, '12 min'],
    [59.4 * 60, '59 min'],
    [3.4 * 3600, '3.4 h'],
    [23.2 * 3600, '23 h'],
    [47 * 3600, '47 h'],
    [2.5 * 86400, '2.5 days'],
    [21 * 86400, '21 days'],
    [550 * 86400, '550 days'],
  ];
  for (const [sec, text] of cases) assert.equal(formatDuration(sec), text, `${sec} s`);
});
