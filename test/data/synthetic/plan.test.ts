import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusScales } from '../../../src/data/synthetic/config.ts';
import { planCorpus } from '../../../src/data/synthetic/plan.ts';
import { badCorpusConfig } from '../../../src/messages/index.ts';

test('paper scale plans 1 h of D, 20 h of O and 45 anomalies', () => {
  const plan = planCorpus(corpusScales.paper, 1);
  const rate = 16000;
  const sum = (role: string, split?: string) =>
    plan.files
      .filter((f) => f.role === role && (split === undefined || f.split === split))
      .reduce((s, f) => s + f.samples, 0);
  assert.equal(sum('normal', 'train'), 3600 * rate);
  assert.equal(sum('normal', 'test'), 900 * rate);
  assert.equal(sum('other'), 72000 * rate);
  assert.ok(plan.files.every((f) => f.durationSec <= 60));
});

test('45 anomalies: 15 per category, all distinct', () => {
  const anomalies = planCorpus(corpusScales.smoke, 1).files.filter((f) => f.role === 'anomaly');
  assert.equal(anomalies.length, 45);
  for (const c of ['sustained', 'time-varying', 'sudden']) {
    assert.equal(anomalies.filter((a) => a.category === c).length, 15, c);
  }
  assert.equal(new Set(anomalies.map((a) => a.anomalyId)).size, 45);
  assert.equal(new Set(anomalies.map((a) => a.path)).size, 45);
  assert.equal(new Set(anomalies.map((a) => JSON.stringify([a.generator, a.params]))).size, 45);
});

test("Fig. 4's sources: printer D and 15 sweeper collisions instead of engine and catalogue", () => {
  const config = {
    ...corpusScales.smoke,
    normal: 'printer' as const,
    printer: { layerSec: 9 },
    anomalyFamilies: ['sweeper-collision'],
    anomaliesPerFamily: 15,
  };
  const plan = planCorpus(config, 1);
  const normal = plan.files.filter((f) => f.role === 'normal');
  assert.ok(normal.length > 0);
  for (const f of normal) {
    assert.match(f.path, /^normal\/(train|test)\/printer_\d{4}\.wav$/);
    assert.equal(f.generator, 'printer');
    assert.equal(f.params.layerSec, 9);
  }
  const anomalies = plan.files.filter((f) => f.role === 'anomaly');
  assert.equal(anomalies.length, 15);
  assert.ok(anomalies.every((a) => a.generator === 'sweeper-collision' && a.category === 'sudden'));
  assert.equal(anomalies[0].path, 'anomaly/sudden/sudden-01-sweeper-collision.wav');
  assert.notEqual(plan.planHash, planCorpus(corpusScales.smoke, 1).planHash);
  assert.throws(
    () => planCorpus({ ...config, anomaliesPerFamily: 0 }, 1),
    (e: Error) => e.message === badCorpusConfig('anomaliesPerFamily', 0, '>= 1'),
  );
});

test('O uses at least 10 machine types, with parameters drawn per file', () => {
  const other = planCorpus(corpusScales.quick, 1).files.filter((f) => f.role === 'other');
  const types = new Set(other.map((f) => f.generator));
  assert.ok(types.size >= 10, `${types.size} types`);
  const sameType = other.filter((f) => f.generator === other[0].generator);
  assert.ok(sameType.length >= 2);
  assert.notDeepEqual(sameType[0].params, sameType[1].params);
});

test('normal train and test files tile one engine stream without overlap', () => {
  const plan = planCorpus(corpusScales.smoke, 3);
  const normal = plan.files.filter((f) => f.role === 'normal');
  let next = 0;
  for (const f of normal) {
    assert.equal(f.streamStart, next, f.path);
    next += f.samples;
  }
  const trainEnd = corpusScales.smoke.normalTrainSec * 16000;
  for (const f of normal) {
    const start = f.streamStart as number;
    if (f.split === 'train') assert.ok(start + f.samples <= trainEnd, f.path);
    else assert.ok(start >= trainEnd, f.path);
  }
});

test('the plan is a pure function of (config, seed)', () => {
  const a = planCorpus(corpusScales.smoke, 1);
  assert.deepEqual(planCorpus(corpusScales.smoke, 1), a);
  const b = planCorpus(corpusScales.smoke, 2);
  assert.notEqual(b.planHash, a.planHash);
});

test('impossible sizes are refused with the field named', () => {
  assert.throws(() => planCorpus({ ...corpusScales.smoke, normalTrainSec: -1 }, 1), {
    message: badCorpusConfig('normalTrainSec', -1, '> 0'),
  });
  assert.throws(() => planCorpus({ ...corpusScales.smoke, fileSec: 0 }, 1), {
    message: badCorpusConfig('fileSec', 0, '> 0'),
  });
  assert.throws(
    () => planCorpus({ ...corpusScales.smoke, otherTypes: ['fann'] }, 1),
    /unknown generator "fann"/,
  );
  assert.throws(
    () => planCorpus({ ...corpusScales.smoke, engine: { cylinders: 0 } }, 1),
    /cylinders/,
  );
});

test("a generator's code version is part of the plan hash once bumped", async () => {
  const { printerGenerator } = await import('../../../src/synth/printer.ts');
  const config = { ...corpusScales.smoke, normal: 'printer' as const };
  const a = planCorpus(config, 1).planHash;
  const g = printerGenerator as { version?: number };
  const saved = g.version;
  try {
    g.version = (saved ?? 1) + 1;
    assert.notEqual(planCorpus(config, 1).planHash, a);
  } finally {
    g.version = saved;
  }
  assert.equal(planCorpus(config, 1).planHash, a);
});
