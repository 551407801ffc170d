/**
 * npm run download against a local stand-in for Zenodo (fixtureServer.ts) serving zip archives
 * built here (zipWriter.ts): there is no network access where the tests run. The catalogue is
 * the shipped dcase2020 entry (record, URL form and file-name layout) with the archives
 * replaced by the fixtures and their md5 computed here.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { encodeWav } from '../../src/audio/wav.ts';
import { parseCatalogue } from '../../src/data/download/catalogue.ts';
import { downloadDataset, type DownloadOptions } from '../../src/data/download/dataset.ts';
import { DownloadError } from '../../src/data/download/errors.ts';
import { downloadMessages } from '../../src/messages/index.ts';
import { startFixtureServer } from './fixtureServer.ts';
import { makeZip, type ZipEntry } from './zipWriter.ts';

const cli = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
const root = mkdtempSync(join(tmpdir(), 'npasd-download-'));
let dirs = 0;
/** A fresh directory under root; the output goes to <dir>/out so that <dir> shows escapes. */
const freshDir = (): string => {
  const d = join(root, `case-${++dirs}`);
  mkdirSync(d);
  return d;
};

/** Half a second of a tone: a real 16 kHz WAV, different per `k`. */
const wav = (k: number): Buffer =>
  Buffer.from(
    encodeWav(
      Float32Array.from({ length: 8000 }, (_, i) => 0.1 * Math.sin((i * k) / 10)),
      16000,
    ),
  );
const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

const fanFiles: Record<string, Buffer> = {
  'train/normal_id_00_00000000.wav': wav(1),
  'train/normal_id_00_00000001.wav': wav(2),
  'test/normal_id_02_00000000.wav': wav(3),
  'test/anomaly_id_02_00000000.wav': wav(4),
};
const fanZip = makeZip([
  { name: 'fan/' },
  { name: 'fan/train/' },
  ...Object.entries(fanFiles).map(([n, data]) => ({ name: `fan/${n}`, data })),
  { name: 'fan/readme.txt', data: Buffer.from('not part of the layout') },
]);
// Another prefix before the machine type, and macOS resource forks: normalised / skipped.
const pumpFiles: Record<string, Buffer> = {
  'train/normal_id_00_00000000.wav': wav(5),
  'test/anomaly_id_00_00000000.wav': wav(6),
};
const pumpZip = makeZip([
  ...Object.entries(pumpFiles).map(([n, data]) => ({ name: `dev_data/pump/${n}`, data })),
  { name: '__MACOSX/dev_data/pump/train/._normal_id_00_00000000.wav', data: Buffer.from('x') },
]);
const evilZip = (evil: ZipEntry): Buffer =>
  makeZip([{ name: 'fan/train/normal_id_00_00000000.wav', data: wav(1) }, evil]);

const archives = new Map<string, Buffer>([
  ['dev_data_fan.zip', fanZip],
  ['dev_data_pump.zip', pumpZip],
]);
const server = await startFixtureServer(archives);
test.after(async () => {
  await server.close();
  rmSync(root, { recursive: true, force: true });
});
const resetServer = () => {
  server.requests.length = 0;
  server.ignoreRange = false;
  server.cuts = 0;
};

/** The shipped dcase2020 entry with the fixture archives (md5 of `md5Of`, default the real bytes). */
function catalogueJson(md5Of: Record<string, string> = {}): unknown {
  const shipped = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../data-scripts/datasets.json'), 'utf8'),
  );
  const files = [...archives].map(([name, bytes]) => ({
    name,
    machine: name.replace(/^dev_data_|\.zip$/g, ''),
    bytes: null,
    md5: md5Of[name] ?? md5(bytes),
  }));
  return { ...shipped, datasets: { dcase2020: { ...shipped.datasets.dcase2020, files } } };
}
const writeCatalogue = (dir: string, md5Of?: Record<string, string>): string => {
  const path = join(dir, 'datasets.json');
  writeFileSync(path, JSON.stringify(catalogueJson(md5Of)));
  return path;
};

/** Runs the command; resolves with its exit code and output (never rejects). */
function run(...args: string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cli, 'download', ...args],
      (err, _stdout, stderr) => resolve({ code: err ? Number(err.code) : 0, stderr }),
    );
  });
}

/** In-process download of the fixture catalogue; `logs` collects the lines. */
async function download(
  out: string,
  extra: Partial<DownloadOptions> = {},
  logs: string[] = [],
): Promise<void> {
  await downloadDataset({
    catalogue: parseCatalogue(catalogueJson(), 'fixture'),
    dataset: 'dcase2020',
    out,
    baseUrl: server.url,
    retryDelayMs: 0,
    log: (line) => logs.push(line),
    ...extra,
  });
}

/** Every file under `dir`, relative and sorted. */
function tree(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)))
    .sort();
}
const layoutOf = (files: Record<string, Buffer>, machine: string) =>
  Object.keys(files).map((n) => `${machine}/${n}`);

test('good archives land in <out>/<machine>/{train,test}/, re-running fetches nothing', async () => {
  resetServer();
  const dir = freshDir();
  const out = join(dir, 'out');
  const catalogue = writeCatalogue(dir);
  const args = ['dcase2020', '--out', out, '--base-url', server.url, '--catalogue', catalogue];
  const r = await run(...args);
  assert.equal(r.code, 0, r.stderr);
  const expected = [...layoutOf(fanFiles, 'fan'), ...layoutOf(pumpFiles, 'pump')].sort();
  assert.deepEqual(
    tree(out).filter((p) => !p.startsWith('.download') && p !== 'download.json'),
    expected,
  );
  for (const [n, b] of Object.entries(fanFiles))
    assert.ok(readFileSync(join(out, 'fan', n)).equals(b));
  for (const [n, b] of Object.entries(pumpFiles))
    assert.ok(readFileSync(join(out, 'pump', n)).equals(b));
  assert.deepEqual(tree(join(out, '.download')), ['dev_data_fan.zip', 'dev_data_pump.zip']);
  const state = JSON.parse(readFileSync(join(out, 'download.json'), 'utf8'));
  assert.deepEqual(state.archives['dev_data_fan.zip'], {
    md5: md5(fanZip),
    machine: 'fan',
    files: 4,
  });
  assert.match(
    r.stderr,
    new RegExp(escape(downloadMessages.skipped('dev_data_fan.zip', 1, ['fan/readme.txt']))),
  );
  assert.match(r.stderr, new RegExp(escape(downloadMessages.done('dcase2020', 2, out))));
  // Both requests went through the redirect to /blob/, from byte 0.
  assert.deepEqual(server.requests, [
    { name: 'dev_data_fan.zip', range: undefined },
    { name: 'dev_data_pump.zip', range: undefined },
  ]);

  server.requests.length = 0;
  const again = await run(...args, '--machines', 'fan');
  assert.equal(again.code, 0, again.stderr);
  assert.deepEqual(server.requests, []);
  assert.match(
    again.stderr,
    new RegExp(escape(downloadMessages.alreadyUnpacked('dev_data_fan.zip', join(out, 'fan')))),
  );
});

test('a wrong checksum is an error naming file, expected and actual md5; nothing unpacked', async () => {
  resetServer();
  const dir = freshDir();
  const out = join(dir, 'out');
  const wrong = '0123456789abcdef0123456789abcdef';
  const catalogue = writeCatalogue(dir, { 'dev_data_fan.zip': wrong });
  const args = ['dcase2020', '--out', out, '--base-url', server.url, '--catalogue', catalogue];
  const r = await run(...args, '--machines', 'fan');
  assert.equal(r.code, 2, r.stderr);
  const aside = join(out, '.download', 'dev_data_fan.zip.bad');
  const lines = r.stderr.trim().split('\n');
  assert.equal(
    lines.at(-1),
    downloadMessages.checksumMismatch('dev_data_fan.zip', wrong, md5(fanZip), aside),
  );
  assert.ok(!existsSync(join(out, 'fan')));
  assert.deepEqual(tree(join(out, '.download')), ['dev_data_fan.zip.bad']);
  assert.ok(readFileSync(aside).equals(fanZip));
});

test('a path-traversal entry refuses the archive: nothing outside, nothing half inside', async () => {
  resetServer();
  const dir = freshDir();
  const out = join(dir, 'out');
  archives.set('dev_data_fan.zip', evilZip({ name: '../evil.wav', data: wav(9) }));
  try {
    const r = await run(
      ...['dcase2020', '--out', out, '--base-url', server.url, '--machines', 'fan'],
      ...['--catalogue', writeCatalogue(dir)],
    );
    assert.equal(r.code, 2, r.stderr);
    assert.equal(
      r.stderr.trim().split('\n').at(-1),
      downloadMessages.unsafeEntry('dev_data_fan.zip', '../evil.wav', downloadMessages.parentDir()),
    );
    // Outside: only the catalogue and out/; inside: the kept archive and the record only.
    assert.deepEqual(readdirSync(dir).sort(), ['datasets.json', 'out']);
    assert.deepEqual(tree(out), ['.download/dev_data_fan.zip', 'download.json']);
    assert.ok(!existsSync(join(root, 'evil.wav')));
  } finally {
    archives.set('dev_data_fan.zip', fanZip);
  }
});

for (const [what, evil, reason] of [
  ['an absolute path', { name: '/tmp/evil.wav', data: wav(9) }, downloadMessages.absolutePath()],
  [
    'a nested ".."',
    { name: 'fan/train/../../../evil.wav', data: wav(9) },
    downloadMessages.parentDir(),
  ],
  [
    'a symbolic link',
    {
      name: 'fan/train/normal_id_00_00000009.wav',
      data: Buffer.from('/etc/passwd'),
      mode: 0o120777,
    },
    downloadMessages.symlink(),
  ],
] as const) {
  test(`an entry with ${what} refuses the archive`, async () => {
    resetServer();
    const out = join(freshDir(), 'out');
    archives.set('dev_data_fan.zip', evilZip(evil));
    try {
      await assert.rejects(
        download(out, {
          catalogue: parseCatalogue(catalogueJsonFor(archives), 'f'),
          machines: ['fan'],
        }),
        (e: DownloadError) => {
          assert.equal(e.exitCode, 2);
          assert.equal(
            e.message,
            downloadMessages.unsafeEntry('dev_data_fan.zip', evil.name, reason),
          );
          return true;
        },
      );
      assert.ok(!existsSync(join(out, 'fan')));
      assert.deepEqual(tree(out), ['.download/dev_data_fan.zip', 'download.json']);
    } finally {
      archives.set('dev_data_fan.zip', fanZip);
    }
  });
}

/** catalogueJson() for the archives as they are now (md5 of the current bytes). */
function catalogueJsonFor(current: Map<string, Buffer>): unknown {
  return catalogueJson(Object.fromEntries([...current].map(([n, b]) => [n, md5(b)])));
}

test('a connection lost half-way is resumed with a Range request in the same run', async () => {
  resetServer();
  const out = join(freshDir(), 'out');
  const half = Math.floor(fanZip.length / 2);
  server.cutAt = half;
  server.cuts = 1;
  const logs: string[] = [];
  await download(out, { machines: ['fan'] }, logs);
  assert.deepEqual(server.requests, [
    { name: 'dev_data_fan.zip', range: undefined },
    { name: 'dev_data_fan.zip', range: `bytes=${half}-` },
  ]);
  assert.ok(readFileSync(join(out, '.download', 'dev_data_fan.zip')).equals(fanZip));
  assert.deepEqual(tree(join(out, 'fan')), Object.keys(fanFiles).sort());
  assert.ok(
    logs.some((l) => l.startsWith('dev_data_fan.zip: ') && l.includes(`${half} bytes kept`)),
  );
});

test('an interrupted run keeps its .part; the next run resumes it with Range: bytes=N-', async () => {
  resetServer();
  const dir = freshDir();
  const out = join(dir, 'out');
  const catalogue = writeCatalogue(dir);
  const args = ['dcase2020', '--out', out, '--base-url', server.url, '--catalogue', catalogue];
  const half = Math.floor(fanZip.length / 2);
  server.cutAt = half;
  server.cuts = 1;
  const part = join(out, '.download', 'dev_data_fan.zip.part');
  const first = await run(...args, '--machines', 'fan', '--retries', '0');
  assert.equal(first.code, 1, first.stderr);
  assert.ok(readFileSync(part).equals(fanZip.subarray(0, half)));
  assert.ok(!existsSync(join(out, 'fan')));
  assert.match(
    first.stderr.trim().split('\n').at(-1) ?? '',
    /^dev_data_fan\.zip: download failed after 1 attempt/,
  );

  const second = await run(...args, '--machines', 'fan');
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual(server.requests.at(-1), { name: 'dev_data_fan.zip', range: `bytes=${half}-` });
  assert.ok(!existsSync(part));
  assert.ok(readFileSync(join(out, '.download', 'dev_data_fan.zip')).equals(fanZip));
  assert.deepEqual(tree(join(out, 'fan')), Object.keys(fanFiles).sort());
});

test('a server that ignores Range (200) gets the whole file again, which verifies', async () => {
  resetServer();
  const out = join(freshDir(), 'out');
  const work = join(out, '.download');
  mkdirSync(work, { recursive: true });
  const kept = Math.floor(fanZip.length / 3);
  writeFileSync(join(work, 'dev_data_fan.zip.part'), fanZip.subarray(0, kept));
  server.ignoreRange = true;
  const logs: string[] = [];
  await download(out, { machines: ['fan'] }, logs);
  assert.deepEqual(server.requests, [{ name: 'dev_data_fan.zip', range: `bytes=${kept}-` }]);
  assert.ok(logs.includes(downloadMessages.rangeIgnored('dev_data_fan.zip', kept)));
  assert.ok(readFileSync(join(work, 'dev_data_fan.zip')).equals(fanZip));
  assert.deepEqual(tree(join(out, 'fan')), Object.keys(fanFiles).sort());
});

test('a complete archive with a good md5 is not fetched again; --delete-archives', async () => {
  resetServer();
  const out = join(freshDir(), 'out');
  const work = join(out, '.download');
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'dev_data_fan.zip'), fanZip);
  const logs: string[] = [];
  await download(out, { machines: ['fan'], deleteArchives: true }, logs);
  assert.deepEqual(server.requests, []);
  assert.ok(logs.includes(downloadMessages.verified('dev_data_fan.zip')));
  assert.deepEqual(tree(join(out, 'fan')), Object.keys(fanFiles).sort());
  assert.deepEqual(tree(work), []);
  // Recorded in download.json: the next run needs neither the archive nor the network.
  await download(out, { machines: ['fan'] }, logs);
  assert.deepEqual(server.requests, []);
  assert.equal(logs.at(-1), downloadMessages.alreadyUnpacked('dev_data_fan.zip', join(out, 'fan')));
});

test('bad requests: unknown dataset or machine (exit 2), HTTP 404 (exit 1), a foreign directory', async () => {
  resetServer();
  const dir = freshDir();
  const out = join(dir, 'out');
  const catalogue = writeCatalogue(dir);
  const base = ['--out', out, '--base-url', server.url, '--catalogue', catalogue];
  const unknown = await run('dcase1999', ...base);
  assert.equal(unknown.code, 2);
  assert.equal(unknown.stderr.trim(), downloadMessages.unknownDataset('dcase1999', ['dcase2020']));
  const machine = await run('dcase2020', ...base, '--machines', 'fan,drill');
  assert.equal(machine.code, 2);
  assert.equal(
    machine.stderr.trim(),
    downloadMessages.unknownMachine('dcase2020', 'drill', ['fan', 'pump']),
  );

  const catalogueWithPump = parseCatalogue(catalogueJson(), 'fixture');
  archives.delete('dev_data_pump.zip');
  try {
    const res = download(out, { catalogue: catalogueWithPump, machines: ['pump'] });
    await assert.rejects(res, (e: DownloadError) => {
      assert.equal(e.exitCode, 1);
      const url = `${server.url}/records/3678171/files/dev_data_pump.zip?download=1`;
      assert.equal(e.message, downloadMessages.httpStatus('dev_data_pump.zip', url, 404));
      return true;
    });
  } finally {
    archives.set('dev_data_pump.zip', pumpZip);
  }

  // A machine directory this command did not unpack: refused before anything is fetched.
  const foreign = join(freshDir(), 'out');
  mkdirSync(join(foreign, 'fan'), { recursive: true });
  server.requests.length = 0;
  await assert.rejects(download(foreign), (e: DownloadError) => {
    assert.equal(e.exitCode, 2);
    assert.equal(
      e.message,
      downloadMessages.targetExists('dev_data_fan.zip', join(foreign, 'fan')),
    );
    return true;
  });
  assert.deepEqual(server.requests, []);
});

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
