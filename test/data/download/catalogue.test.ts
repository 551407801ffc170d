import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fileUrl,
  getDataset,
  loadCatalogue,
  parseCatalogue,
  selectFiles,
} from '../../../src/data/download/catalogue.ts';
import { DownloadError } from '../../../src/data/download/errors.ts';
import { parseContentRange } from '../../../src/data/download/http.ts';
import { downloadMessages } from '../../../src/messages/index.ts';

const shipped = loadCatalogue();

test('the shipped catalogue: both datasets, every archive with an md5 and one machine type', () => {
  assert.deepEqual(Object.keys(shipped), ['dcase2020', 'dcase2023']);
  assert.equal(shipped.dcase2023.record, '7882613');
  assert.deepEqual(
    shipped.dcase2023.files.map((f) => f.machine),
    ['ToyCar', 'ToyTrain', 'bearing', 'fan', 'gearbox', 'slider', 'valve'],
  );
  const fan = shipped.dcase2020.files.find((f) => f.machine === 'fan');
  assert.deepEqual(fan, {
    name: 'dev_data_fan.zip',
    machine: 'fan',
    bytes: 1354774772,
    md5: '649bdfc06263ae7a838963f43b6641e6',
  });
});

test('Zenodo URLs, and --base-url replacing scheme and host', () => {
  const d = shipped.dcase2020;
  const fan = selectFiles(d, ['fan'])[0];
  assert.equal(
    fileUrl(d, fan),
    'https://zenodo.org/records/3678171/files/dev_data_fan.zip?download=1',
  );
  assert.equal(
    fileUrl(d, fan, 'http://127.0.0.1:8080/'),
    'http://127.0.0.1:8080/records/3678171/files/dev_data_fan.zip?download=1',
  );
});

test('selection by machine type keeps catalogue order; unknown names are errors', () => {
  const d = shipped.dcase2020;
  assert.deepEqual(
    selectFiles(d, ['pump', 'fan']).map((f) => f.name),
    ['dev_data_fan.zip', 'dev_data_pump.zip'],
  );
  assert.equal(selectFiles(d).length, 6);
  const known = d.files.map((f) => f.machine);
  assert.throws(
    () => selectFiles(d, ['Fan']),
    new DownloadError(downloadMessages.unknownMachine('dcase2020', 'Fan', known), 2),
  );
  assert.throws(
    () => getDataset(shipped, 'dcase2021'),
    new DownloadError(downloadMessages.unknownDataset('dcase2021', ['dcase2020', 'dcase2023']), 2),
  );
});

test('a bad catalogue names the file and the field', () => {
  const good = JSON.parse(JSON.stringify({ format: 'npasd-datasets', version: 1, datasets: {} }));
  good.datasets.x = {
    title: 't',
    licence: 'l',
    record: '1',
    baseUrl: 'https://example.org',
    urlPath: '/records/{record}/files/{file}',
    layout: { splits: ['train'], audio: '^a\\.wav$', extra: [] },
    checksumSource: 's',
    files: [{ name: 'a.zip', machine: 'fan', bytes: null, md5: 'ab'.repeat(16) }],
  };
  assert.equal(parseCatalogue(good, 'c.json').x.files[0].md5, 'ab'.repeat(16));
  const bad = (edit: (c: typeof good) => void, field: string, expected: string) => {
    const c = JSON.parse(JSON.stringify(good));
    edit(c);
    assert.throws(() => parseCatalogue(c, 'c.json'), {
      message: downloadMessages.badCatalogue('c.json', field, expected),
    });
  };
  bad(
    (c) => (c.datasets.x.files[0].md5 = 'AB'),
    'datasets.x.files[0].md5',
    '32 lower-case hex digits',
  );
  bad(
    (c) => (c.datasets.x.files[0].machine = '..'),
    'datasets.x.files[0].machine',
    'a directory name',
  );
  bad(
    (c) => (c.datasets.x.files[0].bytes = -1),
    'datasets.x.files[0].bytes',
    'a size in bytes or null',
  );
  bad(
    (c) => (c.datasets.x.layout.audio = '('),
    'datasets.x.layout.audio',
    'a valid regular expression',
  );
  bad(
    (c) => (c.datasets.x.baseUrl = 'https://a/b'),
    'datasets.x.baseUrl',
    'a scheme and host, no path',
  );
  bad(
    (c) => c.datasets.x.files.push({ ...c.datasets.x.files[0] }),
    'datasets.x.files[1]',
    'a file name and machine type not listed before',
  );
  bad((c) => (c.version = 2), 'format', '"npasd-datasets" with version 1');
});

test('Content-Range headers', () => {
  assert.deepEqual(parseContentRange('bytes 100-199/200'), { start: 100, total: 200 });
  assert.deepEqual(parseContentRange('bytes 0-9/*'), { start: 0, total: undefined });
  assert.deepEqual(parseContentRange('bytes */200'), { start: -1, total: 200 });
  assert.equal(parseContentRange('items 1-2/3'), undefined);
  assert.equal(parseContentRange(undefined), undefined);
});
