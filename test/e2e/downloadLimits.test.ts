/**
 * Downloads under hostile conditions, against generated archives and a local HTTP server (no
 * network): a zip bomb (a few KiB expanding to MiBs) and an archive over the absolute cap are
 * refused before a byte is unpacked; an entry whose CRC-32 is wrong refuses the archive; a
 * server trickling a byte at a time is dropped as stalled, a slow one stops at the file's
 * deadline with the .part kept; a full disk (the .part on /dev/full) and an unwritable --out are
 * local errors naming the path (exit code 2, no stack trace), not network failures.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeWav } from '../../src/audio/wav.ts';
import { loadCatalogue } from '../../src/data/download/catalogue.ts';
import { downloadDataset } from '../../src/data/download/dataset.ts';
import { DownloadError } from '../../src/data/download/errors.ts';
import { fetchFile } from '../../src/data/download/http.ts';
import { compileLayout } from '../../src/data/download/layout.ts';
import { unpackArchive } from '../../src/data/download/unzip.ts';
import { downloadMessages } from '../../src/messages/index.ts';
import { makeZip } from './zipWriter.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-dl-limits-'));
const cli = join(import.meta.dirname, '..', '..', 'src', 'cli', 'main.ts');
const rules = compileLayout(loadCatalogue().dcase2020.layout);
const wav = Buffer.from(encodeWav(new Float32Array(800).fill(0.1), 16000));
let n = 0;
const fresh = (): string => {
  const d = join(root, `c${++n}`);
  mkdirSync(d);
  return d;
};

/** unpackArchive of `zip` into a fresh out; the error it throws (or null). */
async function unpack(zip: Buffer, limits = {}) {
  const dir = fresh();
  const zipPath = join(dir, 'a.zip');
  writeFileSync(zipPath, zip);
  const out = join(dir, 'out');
  mkdirSync(out);
  const err = await unpackArchive(zipPath, 'a.zip', 'fan', rules, out, dir, limits).then(
    () => null,
    (e: Error) => e,
  );
  return { err, out, left: readdirSync(out) };
}

test('a zip bomb (KiB expanding to MiB) and an archive over the cap are refused, nothing unpacked', async () => {
  const zeros = new Uint8Array(8 * 2 ** 20);
  const bomb = makeZip([
    { name: 'fan/train/normal_id_00_00000000.wav', data: wav },
    { name: 'fan/train/normal_id_00_00000001.wav', data: zeros, deflate: true },
  ]);
  assert.ok(bomb.length < 64 * 1024, `the bomb is ${bomb.length} bytes`);
  const expanded = wav.length + zeros.length;
  let r = await unpack(bomb);
  assert.ok(r.err instanceof DownloadError && r.err.exitCode === 2);
  assert.equal(r.err.message, downloadMessages.tooLarge('a.zip', expanded, 20 * bomb.length, 20));
  assert.deepEqual(r.left, []);
  // A plain archive over an absolute cap given by the user.
  const plain = makeZip([{ name: 'fan/train/normal_id_00_00000000.wav', data: wav }]);
  r = await unpack(plain, { maxExpandedBytes: 100 });
  assert.equal(r.err?.message, downloadMessages.tooLarge('a.zip', wav.length, 100, 20));
  assert.deepEqual(r.left, []);
  assert.equal((await unpack(plain)).err, null, 'within the limits it unpacks');
});

test('an entry whose CRC-32 is wrong refuses the archive; nothing unpacked', async () => {
  const zip = makeZip([
    { name: 'fan/train/normal_id_00_00000000.wav', data: wav },
    { name: 'fan/train/normal_id_00_00000001.wav', data: wav, crc: 0x12345678 },
  ]);
  const { err, left } = await unpack(zip);
  assert.ok(err instanceof DownloadError && err.exitCode === 2, String(err));
  const actual = parseInt(/CRC-32 ([0-9a-f]{8})/.exec(err.message)?.[1] ?? '', 16);
  assert.equal(
    err.message,
    downloadMessages.badCrc('a.zip', 'fan/train/normal_id_00_00000001.wav', 0x12345678, actual),
  );
  assert.deepEqual(left, []);
});

/** A server sending `body` in pieces of `piece` bytes every `everyMs`. */
async function slowServer(body: Buffer, piece: number, everyMs: number) {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': body.length });
    let at = 0;
    const t = setInterval(() => {
      if (res.destroyed) return clearInterval(t);
      res.write(body.subarray(at, at + piece));
      at += piece;
      if (at >= body.length) {
        clearInterval(t);
        res.end();
      }
    }, everyMs);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/f`;
  return {
    url,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

test('a trickle (a byte every 50 ms) is dropped as stalled; a slow file stops at its deadline', async () => {
  const body = Buffer.alloc(4000, 7);
  const trickle = await slowServer(body, 1, 50);
  const dir = fresh();
  const err = await fetchFile(trickle.url, join(dir, 'f'), {
    label: 'f',
    retries: 0,
    stallMs: 400,
    stallBytes: 100,
  }).then(
    () => null,
    (e: Error) => e,
  );
  await trickle.close();
  assert.ok(err instanceof DownloadError && err.exitCode === 1, String(err));
  assert.match(
    err.message,
    /^f: download failed after 1 attempt\(s\): only \d+ bytes in the last 0\.4 s \(stalled\)/,
  );

  const slow = await slowServer(body, 200, 50); // 4 KB/s: not stalled, but 1 s for the file
  const t0 = Date.now();
  const late = await fetchFile(slow.url, join(dir, 'g'), {
    label: 'g',
    retries: 3,
    retryDelayMs: 0,
    stallMs: 400,
    stallBytes: 100,
    deadlineMs: 500,
  }).then(
    () => null,
    (e: Error) => e,
  );
  await slow.close();
  assert.ok(Date.now() - t0 < 2000, 'stopped at the deadline, no retries after it');
  assert.ok(late instanceof DownloadError && late.exitCode === 1, String(late));
  assert.match(
    late.message,
    /^g: not finished by its deadline \(\d+ s\); \d+ bytes kept in .*g\.part/,
  );
  assert.ok(existsSync(join(dir, 'g.part')), 'the .part is kept for a resume');
});

test('a full disk while downloading is a local error naming the .part, not a crash or a network failure', async () => {
  const body = Buffer.alloc(100_000, 1);
  const server = await slowServer(body, 50_000, 1);
  const dir = fresh();
  symlinkSync('/dev/full', join(dir, 'f.part'));
  const err = await fetchFile(server.url, join(dir, 'f'), { label: 'f', retries: 2 }).then(
    () => null,
    (e: Error) => e,
  );
  await server.close();
  assert.ok(err instanceof DownloadError && err.exitCode === 2, String(err));
  assert.equal(
    err.message,
    downloadMessages.localWrite('f', join(dir, 'f.part'), 'the disk is full (ENOSPC)'),
  );
});

test('npasd download into an unwritable --out, or onto a full disk: one clean line, exit 2', async () => {
  const dir = fresh();
  const zip = makeZip([{ name: 'fan/train/normal_id_00_00000000.wav', data: wav }]);
  const server = await slowServer(zip, zip.length, 1);
  const shipped = JSON.parse(
    readFileSync(join(import.meta.dirname, '../../data-scripts/datasets.json'), 'utf8'),
  );
  const files = [
    {
      name: 'f.zip',
      machine: 'fan',
      bytes: null,
      md5: createHash('md5').update(zip).digest('hex'),
    },
  ];
  const catalogue = join(dir, 'datasets.json');
  writeFileSync(
    catalogue,
    JSON.stringify({
      ...shipped,
      datasets: { dcase2020: { ...shipped.datasets.dcase2020, files } },
    }),
  );
  const run = (out: string) =>
    new Promise<{ code: number; stderr: string }>((done) =>
      execFile(
        process.execPath,
        [
          '--import',
          'tsx',
          cli,
          'download',
          'dcase2020',
          '--out',
          out,
          '--catalogue',
          catalogue,
          '--base-url',
          server.url,
        ],
        (e, _o, stderr) => done({ code: e ? Number(e.code) : 0, stderr }),
      ),
    );
  // --out under a regular file: cannot be created (as a read-only place cannot be written).
  writeFileSync(join(dir, 'file'), 'x');
  const notDir = join(dir, 'file', 'out');
  let r = await run(notDir);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr.trim().split('\n').at(-1),
    downloadMessages.localOut(notDir, 'a part of the path is not a directory (ENOTDIR)'),
  );
  // The archive's .part on /dev/full: ENOSPC on the first write.
  const out = join(dir, 'out');
  mkdirSync(join(out, '.download'), { recursive: true });
  symlinkSync('/dev/full', join(out, '.download', 'f.zip.part'));
  r = await run(out);
  await server.close();
  assert.equal(r.code, 2, r.stderr);
  const lines = r.stderr.trim().split('\n');
  assert.equal(
    lines.at(-1),
    downloadMessages.localWrite(
      'f.zip',
      join(out, '.download', 'f.zip.part'),
      'the disk is full (ENOSPC)',
    ),
  );
  assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
  // In-process too: the same error from downloadDataset.
  await assert.rejects(
    downloadDataset({ catalogue: loadCatalogue(catalogue), dataset: 'dcase2020', out: notDir }),
    {
      message: downloadMessages.localOut(notDir, 'a part of the path is not a directory (ENOTDIR)'),
    },
  );
});

test.after(() => rmSync(root, { recursive: true, force: true }));
