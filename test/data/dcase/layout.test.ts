import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  DcaseError,
  isWavName,
  parseDcaseName,
  parseDcasePath,
  unitKey,
  unitNumber,
} from '../../../src/data/dcase/layout.ts';
import { dcaseMessages } from '../../../src/messages/index.ts';

test('DCASE 2020 names: labelled development files and unlabelled evaluation test files', () => {
  assert.deepEqual(parseDcaseName('normal_id_00_00000000.wav'), {
    layout: 'dcase2020',
    unitId: 'id_00',
    label: 'normal',
    index: 0,
    attributes: '',
  });
  assert.deepEqual(parseDcaseName('anomaly_id_06_00000142.wav'), {
    layout: 'dcase2020',
    unitId: 'id_06',
    label: 'anomaly',
    index: 142,
    attributes: '',
  });
  assert.deepEqual(parseDcaseName('id_05_00000017.WAV'), {
    layout: 'dcase2020',
    unitId: 'id_05',
    label: 'unknown',
    index: 17,
    attributes: '',
  });
});

test('DCASE 2022+ names: section, domain, split, label, index, attributes', () => {
  assert.deepEqual(
    parseDcaseName('section_00_target_test_anomaly_0003_car_A1_spd_28V_mic_1_noise_1.wav'),
    {
      layout: 'dcase2022+',
      unitId: 'section_00',
      domain: 'target',
      split: 'test',
      label: 'anomaly',
      index: 3,
      attributes: 'car_A1_spd_28V_mic_1_noise_1',
    },
  );
  const noAttr = parseDcaseName('section_01_source_train_normal_0999.wav');
  assert.equal(noAttr.attributes, '');
  assert.equal(noAttr.index, 999);
  assert.equal(
    parseDcaseName('section_00_source_train_normal_0000_noAttribute.wav').attributes,
    'noAttribute',
  );
  assert.deepEqual(parseDcaseName('section_00_0042.wav'), {
    layout: 'dcase2022+',
    unitId: 'section_00',
    label: 'unknown',
    index: 42,
    attributes: '',
  });
});

test('bad names: one error naming the file and listing the expected patterns', () => {
  for (const name of [
    'normal_00_00000000.wav', // no id_
    'normall_id_00_00000000.wav', // misspelt label
    'normal_id_00.wav', // no index
    'normal_id_00_00000000.flac', // not .wav
    'section_00_source_train_normal.wav', // no index
    'section_00_both_train_normal_0000.wav', // unknown domain
    'section_00_source_dev_normal_0000.wav', // unknown split
    'section_00_source_train_normal_0000_.wav', // empty attributes
    'section_0a_source_train_normal_0000.wav', // non-digit section
    'Normal_id_00_00000000.wav', // names are case-sensitive
    '.wav',
  ]) {
    assert.throws(
      () => parseDcaseName(name, `root/fan/test/${name}`),
      (e: Error) =>
        e instanceof DcaseError && e.message === dcaseMessages.badName(`root/fan/test/${name}`),
      name,
    );
  }
  assert.equal(
    dcaseMessages.badName('x.wav'),
    'x.wav: not a DCASE Task 2 file name (expected {normal,anomaly}_id_XX_NNNNNNNN.wav or ' +
      'id_XX_NNNNNNNN.wav (DCASE 2020), ' +
      'section_XX_{source,target}_{train,test}_{normal,anomaly}_NNNN[_<attributes>].wav or ' +
      'section_XX_NNNN.wav (DCASE 2022+))',
  );
});

test('paths: machine type and split from the directories, checked against the name', () => {
  const f = parseDcasePath('ToyCar/test/anomaly_id_01_00000003.wav');
  assert.equal(f.machineType, 'ToyCar');
  assert.equal(f.split, 'test');
  assert.equal(f.name, 'anomaly_id_01_00000003.wav');
  assert.equal(f.path, 'ToyCar/test/anomaly_id_01_00000003.wav');
  assert.equal(
    parseDcasePath('fan\\train\\normal_id_00_00000000.wav').path,
    'fan/train/normal_id_00_00000000.wav',
  );
  assert.equal(
    parseDcasePath('bearing/train/section_00_source_train_normal_0000_vel_6.wav').domain,
    'source',
  );
  assert.throws(
    () => parseDcasePath('bearing/test/section_00_source_train_normal_0000.wav', '/d/x.wav'),
    { message: '/d/x.wav: the name says train but the file is in test/' },
  );
  for (const rel of [
    'fan/normal_id_00_00000000.wav',
    'fan/eval/normal_id_00_00000000.wav',
    'a/fan/train/x.wav',
  ]) {
    assert.throws(() => parseDcasePath(rel), {
      message: `${rel}: not in a <machine_type>/train/ or <machine_type>/test/ directory`,
    });
  }
});

test('helpers: .wav test, unit key and the id number of result.csv', () => {
  assert.equal(isWavName('a.wav'), true);
  assert.equal(isWavName('a.WaV'), true);
  assert.equal(isWavName('a.wav.txt'), false);
  assert.equal(unitKey('fan', 'id_02'), 'fan/id_02');
  assert.equal(unitNumber('id_04'), '04');
  assert.equal(unitNumber('section_00'), '00');
});
