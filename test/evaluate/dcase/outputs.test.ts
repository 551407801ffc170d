import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { UnitMetrics } from '../../../src/evaluate/dcase/metrics.ts';
import {
  anomalyScoreCsv,
  anomalyScoreFileName,
  decisionResultCsv,
  decisionResultFileName,
  resultCsv,
  writeAnomalyScores,
  writeDecisionResults,
  writeResultCsv,
} from '../../../src/evaluate/dcase/outputs.ts';

const dir = mkdtempSync(join(tmpdir(), 'npasd-dcase-out-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const unit = (
  machineType: string,
  unitId: string,
  auc: number,
  pauc: number,
  domains?: [number, number],
): UnitMetrics => ({
  machineType,
  unitId,
  files: 4,
  anomalies: 2,
  auc,
  pauc,
  ...(domains ? { aucSource: domains[0], aucTarget: domains[1] } : {}),
});

test('file names: 2020 per ID, 2022+ per section with _test', () => {
  assert.equal(
    anomalyScoreFileName('dcase2020', 'ToyCar', 'id_01'),
    'anomaly_score_ToyCar_id_01.csv',
  );
  assert.equal(
    anomalyScoreFileName('dcase2022+', 'bearing', 'section_00'),
    'anomaly_score_bearing_section_00_test.csv',
  );
  assert.equal(
    decisionResultFileName('dcase2022+', 'fan', 'section_02'),
    'decision_result_fan_section_02_test.csv',
  );
  assert.equal(
    decisionResultFileName('dcase2020', 'fan', 'id_02'),
    'decision_result_fan_id_02.csv',
  );
});

const rows = [
  { file: 'normal_id_00_00000000.wav', score: 12.5 },
  { file: 'anomaly_id_00_00000000.wav', score: 0.1 },
  { file: 'odd, name.wav', score: Infinity },
];

test('score and decision files: file,value per row, no header', () => {
  assert.equal(
    anomalyScoreCsv(rows),
    'normal_id_00_00000000.wav,12.5\nanomaly_id_00_00000000.wav,0.1\n"odd, name.wav",inf\n',
  );
  assert.equal(
    decisionResultCsv(rows, 0.1),
    'normal_id_00_00000000.wav,1\nanomaly_id_00_00000000.wav,0\n"odd, name.wav",1\n',
  );
  assert.equal(anomalyScoreCsv([]), '');
  assert.throws(() => anomalyScoreCsv([{ file: 'a.wav', score: NaN }]), {
    message: 'anomaly score of a.wav is NaN',
  });
  assert.throws(() => decisionResultCsv(rows, NaN), {
    message: 'decision results: threshold is NaN',
  });
});

test('result.csv: the DCASE 2020 baseline layout, a block per machine type', () => {
  const text = resultCsv('dcase2020', [
    unit('ToyCar', 'id_01', 0.75, 0.5),
    unit('ToyCar', 'id_02', 1, 0.25),
    unit('fan', 'id_00', 0.5, 0.5),
  ]);
  assert.equal(
    text,
    [
      'ToyCar',
      'id,AUC,pAUC',
      '01,0.75,0.5',
      '02,1,0.25',
      'Average,0.875,0.375',
      '',
      'fan',
      'id,AUC,pAUC',
      '00,0.5,0.5',
      'Average,0.5,0.5',
      '',
      '',
    ].join('\n'),
  );
});

test('result.csv for 2022+: section column, domain AUCs when every unit of the type has them', () => {
  const text = resultCsv('dcase2022+', [
    unit('bearing', 'section_00', 0.75, 0.5, [0.5, 1]),
    unit('bearing', 'section_01', 0.25, 0.5, [0.5, 0.5]),
    unit('ToyDrone', 'section_00', 0.5, 0.5),
  ]);
  assert.equal(
    text,
    [
      'bearing',
      'section,AUC,pAUC,AUC (source),AUC (target)',
      '00,0.75,0.5,0.5,1',
      '01,0.25,0.5,0.5,0.5',
      'Average,0.5,0.5,0.5,0.75',
      '',
      'ToyDrone',
      'section,AUC,pAUC',
      '00,0.5,0.5',
      'Average,0.5,0.5',
      '',
      '',
    ].join('\n'),
  );
  assert.throws(() => resultCsv('dcase2020', []), { message: 'result.csv: no units' });
});

test('writers: atomic files with the DCASE names in the given directory', () => {
  const p1 = writeAnomalyScores(dir, 'dcase2020', 'fan', 'id_00', rows.slice(0, 2));
  const p2 = writeDecisionResults(dir, 'dcase2022+', 'fan', 'section_00', rows.slice(0, 1), 20);
  writeResultCsv(join(dir, 'result.csv'), 'dcase2020', [unit('fan', 'id_00', 0.5, 0.5)]);
  assert.equal(p1, join(dir, 'anomaly_score_fan_id_00.csv'));
  assert.equal(
    readFileSync(p1, 'utf8'),
    'normal_id_00_00000000.wav,12.5\nanomaly_id_00_00000000.wav,0.1\n',
  );
  assert.equal(readFileSync(p2, 'utf8'), 'normal_id_00_00000000.wav,0\n');
  assert.equal(
    readFileSync(join(dir, 'result.csv'), 'utf8'),
    'fan\nid,AUC,pAUC\n00,0.5,0.5\nAverage,0.5,0.5\n\n',
  );
  assert.deepEqual(readdirSync(dir).sort(), [
    'anomaly_score_fan_id_00.csv',
    'decision_result_fan_section_00_test.csv',
    'result.csv',
  ]);
});
