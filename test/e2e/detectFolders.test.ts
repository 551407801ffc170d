/**
 * `npasd detect` as a process on folders (a tiny model, made in milliseconds): a folder and a
 * file mixed are scored file by file in name order, with `--frames none` one CSV row per file;
 * an empty folder exits 2 naming it, before anything is scored or written to --out.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { AUDIO_EXTENSIONS } from '../../src/audio/folder.ts';
import { folderMessages } from '../../src/messages/index.ts';
import { writeNoiseWav, writeTinyModel } from '../recordings/tinyModel.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'npasd-detect-dirs-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

function npasd(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: root, env: { ...process.env, CI: '1' }, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

const model = join(tmp, 'M');
const rec = join(tmp, 'rec');
mkdirSync(join(rec, 'day2'), { recursive: true });
writeNoiseWav(join(rec, 'b.wav'), 2);
writeNoiseWav(join(rec, 'a.wav'), 3);
writeNoiseWav(join(rec, 'day2', 'c.wav'), 4);
const one = join(tmp, 'one.wav');
writeNoiseWav(one, 5);
const empty = join(tmp, 'empty');
mkdirSync(empty);
await writeTinyModel(model);

test('detect FILE DIR --frames none: one clip row per file, the folder in name order', async () => {
  const r = await npasd(['detect', model, one, rec, '--frames', 'none']);
  assert.equal(r.code, 0, r.stderr);
  const rows = parse(r.stdout, { columns: true }) as Record<string, string>[];
  assert.deepEqual(
    rows.map((x) => [x.file, x.kind, x.decision]),
    [one, join(rec, 'a.wav'), join(rec, 'b.wav'), join(rec, 'day2', 'c.wav')].map((f) => [
      f,
      'clip',
      'normal',
    ]),
  );
});

test('detect with an empty folder: exit 2 naming it, --out not written', async () => {
  const out = join(tmp, 'scores.csv');
  const r = await npasd(['detect', model, one, empty, '--out', out]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), folderMessages.empty(empty, AUDIO_EXTENSIONS));
  assert.equal(existsSync(out), false);
});
