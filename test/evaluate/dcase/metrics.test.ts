import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import type { Domain } from '../../../src/data/dcase/layout.ts';
import {
  arithmeticMean,
  harmonicMean,
  officialScore,
  summarize,
  unitMetrics,
  unitPrf,
  type UnitMetrics,
} from '../../../src/evaluate/dcase/metrics.ts';
import { dcaseMessages } from '../../../src/messages/index.ts';

interface Prf3 {
  precision: number;
  recall: number;
  f1: number;
}
interface FixtureUnit {
  machineType: string;
  unitId: string;
  scores: number[];
  labels: number[];
  domains: Domain[];
  threshold: number;
  auc: number;
  pauc: number;
  aucSource: number;
  aucTarget: number;
  prfSource: Prf3;
  prfTarget: Prf3;
}
interface Fixture {
  cases: { name: string; scores: number[]; labels: number[]; auc: number; pauc: number }[];
  dataset: {
    units: FixtureUnit[];
    perType: Record<string, Record<string, number>>;
    officialScore: number;
    officialScoreWithoutDomains: number;
  };
}
const fx = JSON.parse(
  readFileSync(new URL('../../fixtures/dcase_metrics.json', import.meta.url), 'utf8'),
) as Fixture;
const close = (a: number | undefined, b: number, what: string): void =>
  assert.ok(a !== undefined && Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

for (const c of fx.cases) {
  test(`unit AUC and pAUC equal scikit-learn's roc_auc_score (${c.name})`, () => {
    const m = unitMetrics({
      machineType: 'fan',
      unitId: 'id_00',
      scores: c.scores,
      labels: c.labels,
    });
    close(m.auc, c.auc, 'auc');
    close(m.pauc, c.pauc, 'pauc (max_fpr=0.1)');
    assert.equal(m.files, c.scores.length);
    assert.equal(m.anomalies, c.labels.filter((l) => l === 1).length);
    assert.equal(m.aucSource, undefined);
  });
}

const units = fx.dataset.units.map((u) => ({ u, m: unitMetrics(u) }));

test('domain AUCs, pAUC and per-domain P/R/F1 equal the DCASE 2023 evaluator', () => {
  for (const { u, m } of units) {
    const what = `${u.machineType} ${u.unitId}`;
    close(m.auc, u.auc, `${what} auc`);
    close(m.pauc, u.pauc, `${what} pauc`);
    close(m.aucSource, u.aucSource, `${what} auc source`);
    close(m.aucTarget, u.aucTarget, `${what} auc target`);
    const prf = unitPrf(u, u.threshold);
    for (const [got, want, d] of [
      [prf.source, u.prfSource, 'source'],
      [prf.target, u.prfTarget, 'target'],
    ] as const) {
      close(got?.precision, want.precision, `${what} ${d} precision`);
      close(got?.recall, want.recall, `${what} ${d} recall`);
      close(got?.f1, want.f1, `${what} ${d} f1`);
    }
  }
});

test('per-type means and the official score equal numpy.mean / scipy.stats.hmean', () => {
  const s = summarize(units.map((x) => x.m));
  assert.deepEqual(
    s.types.map((t) => [t.machineType, t.units]),
    [
      ['ToyCar', 2],
      ['fan', 2],
    ],
  );
  for (const t of s.types) {
    const want = fx.dataset.perType[t.machineType];
    close(t.mean.auc, want.meanAuc, `${t.machineType} mean auc`);
    close(t.mean.pauc, want.meanPauc, `${t.machineType} mean pauc`);
    close(t.mean.aucSource, want.meanAucSource, `${t.machineType} mean auc source`);
    close(t.mean.aucTarget, want.meanAucTarget, `${t.machineType} mean auc target`);
    close(t.hmean.aucSource, want.hmeanAucSource, `${t.machineType} hmean auc source`);
    close(t.hmean.aucTarget, want.hmeanAucTarget, `${t.machineType} hmean auc target`);
    close(t.hmean.pauc, want.hmeanPauc, `${t.machineType} hmean pauc`);
  }
  close(s.officialScore, fx.dataset.officialScore, 'official score');
  const noDomains = units.map(({ m }) => ({ ...m, aucSource: undefined, aucTarget: undefined }));
  close(officialScore(noDomains), fx.dataset.officialScoreWithoutDomains, 'official, no domains');
});

test('means by hand: arithmetic, harmonic, the evaluators floor at eps, bad input', () => {
  assert.equal(arithmeticMean([0.5, 1]), 0.75);
  close(harmonicMean([0.5, 1]), 2 / 3, 'hmean(0.5, 1) = 2 / (2 + 1)');
  close(harmonicMean([0.6, 0.6, 0.6]), 0.6, 'hmean of equal values');
  close(harmonicMean([0.25, 0.5, 1]), 3 / 7, 'hmean = 3 / (4 + 2 + 1)');
  // A zero AUC counts as eps: the mean is about 2 eps, not NaN or an error.
  close(harmonicMean([0, 1]) / Number.EPSILON, 2 / (1 + Number.EPSILON), 'hmean(0, 1) / eps');
  assert.throws(() => harmonicMean([]), { message: 'harmonic mean: no values' });
  assert.throws(() => arithmeticMean([0.5, NaN], 'AUC'), {
    message: 'AUC: value 1 is NaN, expected a finite number >= 0',
  });
  assert.throws(() => harmonicMean([-0.1]), {
    message: 'harmonic mean: value 0 is -0.1, expected a finite number >= 0',
  });
});

test('summary by hand: 2020-style units without domains', () => {
  const u = (machineType: string, unitId: string, auc: number, pauc: number): UnitMetrics => ({
    machineType,
    unitId,
    files: 4,
    anomalies: 2,
    auc,
    pauc,
  });
  const s = summarize([
    u('fan', 'id_00', 0.5, 0.5),
    u('fan', 'id_02', 1, 0.5),
    u('pump', 'id_00', 0.8, 0.6),
  ]);
  assert.deepEqual(s.types[0], {
    machineType: 'fan',
    units: 2,
    mean: { auc: 0.75, pauc: 0.5 },
    hmean: { auc: 2 / 3, pauc: 0.5 },
  });
  close(s.mean.auc, (0.5 + 1 + 0.8) / 3, 'mean auc');
  close(s.hmean.pauc, 3 / (2 + 2 + 1 / 0.6), 'hmean pauc');
  close(s.officialScore, 6 / (2 + 1 + 1.25 + 2 + 2 + 1 / 0.6), 'official: hmean of AUCs and pAUCs');
  assert.equal(s.mean.aucSource, undefined);
  assert.throws(() => summarize([]), { message: 'DCASE summary: no values' });
});

test('domain AUC by hand: the domain normals against every anomaly', () => {
  // source normals 1, 2; target normals 5, 6; anomalies 3 (source), 7 (target).
  const m = unitMetrics({
    machineType: 'bearing',
    unitId: 'section_00',
    scores: [1, 2, 5, 6, 3, 7],
    labels: [0, 0, 0, 0, 1, 1],
    domains: ['source', 'source', 'target', 'target', 'source', 'target'],
  });
  assert.equal(m.aucSource, 1); // 3 and 7 beat 1 and 2
  assert.equal(m.aucTarget, 0.5); // 7 beats 5, 6; 3 beats neither
  assert.equal(m.auc, 0.75);
  const onlySource = unitMetrics({
    machineType: 'bearing',
    unitId: 'section_00',
    scores: [1, 3, 7],
    labels: [0, 1, 1],
    domains: ['source', 'source', 'target'],
  });
  assert.equal(onlySource.aucTarget, undefined, 'no target normal: no target AUC');
  assert.equal(onlySource.aucSource, 1);
});

test('P/R/F1 at a threshold: flag score > threshold; domains without anomalies left out', () => {
  const p = unitPrf(
    {
      machineType: 'fan',
      unitId: 'section_00',
      scores: [1, 2, 3, 4],
      labels: [0, 1, 0, 1],
      domains: ['source', 'source', 'target', 'target'],
    },
    1.5,
  );
  assert.deepEqual([p.all.precision, p.all.recall], [2 / 3, 1]);
  assert.deepEqual([p.source?.precision, p.source?.recall, p.source?.f1], [1, 1, 1]);
  assert.deepEqual([p.target?.precision, p.target?.recall], [0.5, 1]);
  const q = unitPrf(
    {
      machineType: 'fan',
      unitId: 'section_00',
      scores: [1, 2, 3],
      labels: [0, 1, 0],
      domains: ['source', 'source', 'target'],
    },
    0,
  );
  assert.equal(q.target, undefined);
});

test('errors name the unit', () => {
  assert.throws(
    () => unitMetrics({ machineType: 'fan', unitId: 'id_00', scores: [1, 2], labels: [0, 0] }),
    { message: 'fan id_00: ROC: needs both classes, got 0 anomalous and 2 normal' },
  );
  assert.throws(
    () =>
      unitMetrics({
        machineType: 'fan',
        unitId: 'section_01',
        scores: [1, 2],
        labels: [0, 1],
        domains: ['source'],
      }),
    { message: dcaseMessages.domainsLength('fan section_01', 1, 2) },
  );
  assert.throws(
    () => unitMetrics({ machineType: 'fan', unitId: 'id_00', scores: [1, NaN], labels: [0, 1] }),
    { message: 'fan id_00: ROC: score 1 is NaN' },
  );
});
