import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadCatalogue } from '../../../src/data/download/catalogue.ts';
import { compileLayout, isSymlinkMode, placeEntry } from '../../../src/data/download/layout.ts';
import { downloadMessages } from '../../../src/messages/index.ts';

const catalogue = loadCatalogue();
const dcase2020 = compileLayout(catalogue.dcase2020.layout);
const dcase2023 = compileLayout(catalogue.dcase2023.layout);
const place = (name: string, symlink = false) => placeEntry(name, symlink, 'fan', dcase2020);

test('DCASE 2020 names are placed under <machine>/<split>/, any leading directories dropped', () => {
  for (const [name, target] of [
    ['fan/train/normal_id_00_00000000.wav', 'fan/train/normal_id_00_00000000.wav'],
    ['fan/test/anomaly_id_06_00000123.wav', 'fan/test/anomaly_id_06_00000123.wav'],
    ['dev_data/fan/test/normal_id_02_00000001.wav', 'fan/test/normal_id_02_00000001.wav'],
    ['./fan//train/normal_id_04_00000000.wav', 'fan/train/normal_id_04_00000000.wav'],
  ])
    assert.deepEqual(place(name), { kind: 'file', target, audio: true }, name);
});

test('entries outside the layout are skipped, directories ignored', () => {
  for (const name of [
    'fan/readme.txt',
    'fan/train/normal_id_00_0000000.wav', // 7 digits
    'fan/valid/normal_id_00_00000000.wav', // not a split
    'fan/train/sub/normal_id_00_00000000.wav',
    'pump/train/normal_id_00_00000000.wav', // another machine type
    '__MACOSX/fan/train/._normal_id_00_00000000.wav',
  ])
    assert.deepEqual(place(name), { kind: 'skip' }, name);
  assert.deepEqual(place('fan/train/'), { kind: 'dir' });
});

test('unsafe names and symbolic links are refused, placed or not', () => {
  const unsafe = (reason: string) => ({ kind: 'unsafe', reason });
  assert.deepEqual(place('../evil.wav'), unsafe(downloadMessages.parentDir()));
  assert.deepEqual(place('fan/train/../../x.wav'), unsafe(downloadMessages.parentDir()));
  assert.deepEqual(
    place('fan/../fan/train/normal_id_00_00000000.wav'),
    unsafe(downloadMessages.parentDir()),
  );
  assert.deepEqual(place('/etc/passwd'), unsafe(downloadMessages.absolutePath()));
  assert.deepEqual(place('C:/evil.wav'), unsafe(downloadMessages.absolutePath()));
  assert.deepEqual(place('fan/a\0b'), unsafe(downloadMessages.nulChar()));
  assert.deepEqual(
    place('fan/train/normal_id_00_00000000.wav', true),
    unsafe(downloadMessages.symlink()),
  );
  assert.deepEqual(place('elsewhere/link', true), unsafe(downloadMessages.symlink()));
});

test('Unix mode bits in the external attributes: only S_IFLNK is a symbolic link', () => {
  assert.equal(isSymlinkMode((0o120777 << 16) >>> 0), true);
  assert.equal(isSymlinkMode((0o100644 << 16) >>> 0), false);
  assert.equal(isSymlinkMode((0o040755 << 16) >>> 0), false);
  assert.equal(isSymlinkMode(0x20), false); // DOS archive bit, no Unix mode
});

test('DCASE 2023 names and the attributes file', () => {
  const place23 = (name: string) => placeEntry(name, false, 'ToyCar', dcase2023);
  const train =
    'ToyCar/train/section_00_source_train_normal_0000_car_A1_spd_28V_mic_1_noAttribute.wav';
  assert.deepEqual(place23(train), { kind: 'file', target: train, audio: true });
  const test23 = 'ToyCar/test/section_00_target_test_anomaly_0049_car_B2_spd_31V_mic_1.wav';
  assert.deepEqual(place23(test23), { kind: 'file', target: test23, audio: true });
  assert.deepEqual(place23('ToyCar/attributes_00.csv'), {
    kind: 'file',
    target: 'ToyCar/attributes_00.csv',
    audio: false,
  });
  assert.deepEqual(place23('ToyCar/train/normal_id_00_00000000.wav'), { kind: 'skip' });
});
