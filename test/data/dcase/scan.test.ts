import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, test } from 'node:test';
import { DcaseError } from '../../../src/data/dcase/layout.ts';
import {
  datasetFromTree,
  findUnit,
  otherMachineFiles,
  scanDcase,
  testDomains,
  testLabels,
} from '../../../src/data/dcase/scan.ts';
import { dcaseMessages } from '../../../src/messages/index.ts';

const base = mkdtempSync(join(tmpdir(), 'npasd-dcase-'));
after(() => rmSync(base, { recursive: true, force: true }));
let trees = 0;

/** A tree of empty files (the scanner reads names only) under a fresh root; returns the root. */
function tree(paths: string[], dirs: string[] = []): string {
  const root = join(base, `t${trees++}`);
  mkdirSync(root);
  for (const d of dirs) mkdirSync(join(root, d), { recursive: true });
  for (const p of paths) {
    mkdirSync(dirname(join(root, p)), { recursive: true });
    writeFileSync(join(root, p), '');
  }
  return root;
}

const dcase2020 = [
  'fan/train/normal_id_00_00000000.wav',
  'fan/train/normal_id_00_00000001.wav',
  'fan/train/normal_id_02_00000000.wav',
  'fan/test/normal_id_00_00000000.wav',
  'fan/test/anomaly_id_00_00000000.wav',
  'fan/test/anomaly_id_02_00000000.wav',
  'fan/test/normal_id_02_00000000.wav',
  'ToyCar/train/normal_id_01_00000000.wav',
  'ToyCar/test/anomaly_id_01_00000005.wav',
  'ToyCar/test/normal_id_01_00000000.wav',
  'valve/train/normal_id_04_00000000.wav',
  'valve/test/id_04_00000000.wav', // an evaluation-set name: no label
  'valve/test/readme.txt',
  'valve/test/._normal_id_04_00000001.wav', // a macOS resource fork
];

test('DCASE 2020 tree: units in order, train normals, labelled test files, ignored files', () => {
  const root = tree(dcase2020, ['fan/test/extra', '.git/x']);
  writeFileSync(join(root, 'LICENSE'), '');
  const ds = scanDcase(root);
  assert.equal(ds.layout, 'dcase2020');
  assert.deepEqual(ds.machineTypes, ['ToyCar', 'fan', 'valve']);
  assert.deepEqual(
    ds.units.map((u) => [u.key, u.train.length, u.test.length, u.labelled]),
    [
      ['ToyCar/id_01', 1, 2, true],
      ['fan/id_00', 2, 2, true],
      ['fan/id_02', 1, 2, true],
      ['valve/id_04', 1, 1, false],
    ],
  );
  assert.deepEqual(ds.ignored, [
    'fan/test/extra/',
    'valve/test/._normal_id_04_00000001.wav',
    'valve/test/readme.txt',
  ]);
  const fan0 = findUnit(ds, 'fan/id_00');
  assert.deepEqual(
    fan0.test.map((f) => [f.name, f.label]),
    [
      ['anomaly_id_00_00000000.wav', 'anomaly'],
      ['normal_id_00_00000000.wav', 'normal'],
    ],
  );
  assert.deepEqual(Array.from(testLabels(fan0)), [1, 0]);
  assert.equal(testDomains(fan0), undefined);
  assert.throws(() => testLabels(findUnit(ds, 'valve/id_04'), root), {
    message: dcaseMessages.unlabelled(join(root, 'valve/test/id_04_00000000.wav')),
  });
});

test('symlinked machine-type directories are followed (datasets kept on another disk)', () => {
  const elsewhere = tree([
    'fan/train/normal_id_00_00000000.wav',
    'fan/test/normal_id_00_00000000.wav',
  ]);
  const root = tree([
    'pump/train/normal_id_00_00000000.wav',
    'pump/test/anomaly_id_00_00000000.wav',
  ]);
  symlinkSync(join(elsewhere, 'fan'), join(root, 'fan'));
  assert.deepEqual(
    scanDcase(root).units.map((u) => u.key),
    ['fan/id_00', 'pump/id_00'],
  );
});

test('O: the training normals of the other machine types, never of the same type', () => {
  const ds = scanDcase(tree(dcase2020));
  assert.deepEqual(
    otherMachineFiles(ds, 'fan/id_00').map((f) => f.path),
    ['ToyCar/train/normal_id_01_00000000.wav', 'valve/train/normal_id_04_00000000.wav'],
  );
  assert.deepEqual(
    otherMachineFiles(ds, findUnit(ds, 'ToyCar/id_01')).map((f) => f.path),
    [
      'fan/train/normal_id_00_00000000.wav',
      'fan/train/normal_id_00_00000001.wav',
      'fan/train/normal_id_02_00000000.wav',
      'valve/train/normal_id_04_00000000.wav',
    ],
  );
  assert.throws(() => otherMachineFiles(ds, 'fan/id_09'), {
    message:
      'unknown DCASE unit "fan/id_09" (known: ToyCar/id_01, fan/id_00, fan/id_02, valve/id_04)',
  });
});

test('DCASE 2022+ tree: sections, domains, attributes; unlabelled eval test files', () => {
  const root = tree([
    'bearing/train/section_00_source_train_normal_0000_vel_6_loc_A.wav',
    'bearing/train/section_00_target_train_normal_0000_vel_10_loc_B.wav',
    'bearing/test/section_00_source_test_normal_0000_vel_6_loc_A.wav',
    'bearing/test/section_00_target_test_anomaly_0000_vel_10_loc_B.wav',
    'ToyDrone/train/section_00_source_train_normal_0000_car_A1_spd_28V_mic_1_noise_1.wav',
    'ToyDrone/test/section_00_0000.wav',
    'ToyDrone/test/section_00_0001.wav',
  ]);
  const ds = scanDcase(root);
  assert.equal(ds.layout, 'dcase2022+');
  assert.deepEqual(
    ds.units.map((u) => [u.key, u.train.length, u.test.length, u.labelled]),
    [
      ['ToyDrone/section_00', 1, 2, false],
      ['bearing/section_00', 2, 2, true],
    ],
  );
  const bearing = findUnit(ds, 'bearing/section_00');
  assert.deepEqual(testDomains(bearing), ['source', 'target']);
  assert.deepEqual(Array.from(testLabels(bearing)), [0, 1]);
  assert.equal(bearing.train[0].attributes, 'vel_6_loc_A');
  assert.equal(testDomains(findUnit(ds, 'ToyDrone/section_00')), undefined);
});

test('tree errors name the directory or file', () => {
  assert.throws(() => scanDcase(join(base, 'missing')), {
    message: `${join(base, 'missing')}: not a directory (expected a DCASE dataset root)`,
  });
  const empty = tree([]);
  assert.throws(() => scanDcase(empty), { message: dcaseMessages.emptyRoot(empty) });
  const noTypes = tree(['notes.txt', 'docs/a.md']);
  assert.throws(() => scanDcase(noTypes), { message: dcaseMessages.noMachineDirs(noTypes) });
  assert.equal(
    dcaseMessages.noMachineDirs('/d'),
    '/d: no machine-type directories (expected machine-type directories such as fan/ or ToyCar/, each with train/ and test/)',
  );
  const oneType = tree(['train/normal_id_00_00000000.wav', 'test/normal_id_00_00000000.wav']);
  assert.throws(() => scanDcase(oneType), { message: dcaseMessages.rootIsMachineDir(oneType) });
  const noWav = tree(['fan/train/a.flac', 'fan/test/b.txt']);
  assert.throws(() => scanDcase(noWav), {
    message: `${join(noWav, 'fan')}: no .wav files in train/ or test/`,
  });
  const noTrain = tree([
    'fan/train/normal_id_00_00000000.wav',
    'fan/test/normal_id_00_00000000.wav',
    'fan/test/normal_id_02_00000000.wav',
  ]);
  assert.throws(() => scanDcase(noTrain), {
    message: `${join(noTrain, 'fan/train')}: no training files of id_02 (it has 1 test file(s))`,
  });
  const noTest = tree(['pump/train/normal_id_00_00000000.wav']);
  assert.throws(() => scanDcase(noTest), {
    message: `${join(noTest, 'pump/test')}: no test files of id_00 (it has 1 training file(s))`,
  });
  const anomalyInTrain = tree([
    'pump/train/anomaly_id_00_00000000.wav',
    'pump/test/normal_id_00_00000000.wav',
  ]);
  assert.throws(() => scanDcase(anomalyInTrain), {
    message: `${join(anomalyInTrain, 'pump/train/anomaly_id_00_00000000.wav')}: training files must be normal, this one is anomaly`,
  });
  const unlabelledTrain = tree(['pump/train/id_00_00000000.wav', 'pump/test/id_00_00000000.wav']);
  assert.throws(() => scanDcase(unlabelledTrain), {
    message: `${join(unlabelledTrain, 'pump/train/id_00_00000000.wav')}: training files must be normal, this one is unlabelled`,
  });
  const mixed = tree([
    'fan/train/normal_id_00_00000000.wav',
    'fan/test/normal_id_00_00000000.wav',
    'pump/train/section_00_source_train_normal_0000.wav',
  ]);
  assert.throws(() => scanDcase(mixed), {
    message:
      `${mixed}: mixes DCASE layouts: ${join(mixed, 'fan/train/normal_id_00_00000000.wav')} is dcase2020, ` +
      `${join(mixed, 'pump/train/section_00_source_train_normal_0000.wav')} is dcase2022+`,
  });
  const badName = tree(['fan/train/normal_id_00_00000000.wav', 'fan/test/normal_00.wav']);
  assert.throws(
    () => scanDcase(badName),
    (e: Error) =>
      e instanceof DcaseError &&
      e.message === dcaseMessages.badName(join(badName, 'fan/test/normal_00.wav')),
  );
  const wrongSplit = tree(['fan/train/section_00_source_test_normal_0000.wav']);
  assert.throws(() => scanDcase(wrongSplit), {
    message: `${join(wrongSplit, 'fan/train/section_00_source_test_normal_0000.wav')}: the name says test but the file is in train/`,
  });
});

test('datasetFromTree is pure: a listing gives the same dataset as the disk', () => {
  const ds = datasetFromTree({
    root: '/data/dev',
    entries: ['fan/', 'pump/'],
    machineDirs: [
      {
        machineType: 'fan',
        train: ['normal_id_00_00000000.wav'],
        test: ['anomaly_id_00_00000000.wav'],
      },
      {
        machineType: 'pump',
        train: ['normal_id_00_00000000.wav'],
        test: ['normal_id_00_00000000.wav'],
      },
    ],
  });
  assert.deepEqual(
    ds.units.map((u) => u.key),
    ['fan/id_00', 'pump/id_00'],
  );
  assert.equal(ds.root, '/data/dev');
  assert.throws(
    () =>
      datasetFromTree({
        root: '/data/dev',
        entries: ['fan/'],
        machineDirs: [{ machineType: 'fan', train: ['normal_id_00_00000000.wav'] }],
      }),
    { message: '/data/dev/fan/test: no test files of id_00 (it has 1 training file(s))' },
  );
});
