/**
 * `detect` on paths that are not regular files: a FIFO (which would block a reader forever), a
 * character device (/dev/zero, endless zeros) and a directory each get a clear per-file error
 * saying what they are, and the files after them are still scored; a symbolic link to a regular
 * file is audio like the file.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ownDataMessages } from '../../src/messages/index.ts';
import { detectFiles } from '../../src/recordings/detectFiles.ts';
import { writeNoiseWav, writeTinyModel } from './tinyModel.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-special-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

test(
  'a FIFO, /dev/zero and a directory are per-file errors; the other files are scored',
  { timeout: 60_000 },
  async () => {
    const model = join(root, 'M');
    await writeTinyModel(model);
    const wav = join(root, 'a.wav');
    writeNoiseWav(wav);
    const link = join(root, 'link.wav');
    symlinkSync(wav, link);
    const fifo = join(root, 'pipe.wav');
    execFileSync('mkfifo', [fifo]);
    const dir = join(root, 'dir.wav');
    mkdirSync(dir);
    const lines: string[] = [];
    const stream = {
      write: (l: string) => lines.push(l.trim()),
    } as unknown as NodeJS.WritableStream;
    let out = '';
    const s = await detectFiles({
      modelDir: model,
      files: [fifo, '/dev/zero', dir, wav, link],
      format: 'csv',
      stream,
      write: (t) => (out += t),
    });
    const { anomalous, normal, failed, results } = s;
    assert.deepEqual({ anomalous, normal, failed }, { anomalous: 0, normal: 2, failed: 3 });
    assert.deepEqual(
      results.map((r) => ('error' in r ? 'error' : 'scored')),
      ['error', 'error', 'error', 'scored', 'scored'],
    );
    assert.equal(lines[0], ownDataMessages.notRegularFile(fifo, 'a FIFO (named pipe)'));
    assert.equal(lines[1], ownDataMessages.notRegularFile('/dev/zero', 'a character device'));
    assert.equal(lines[2], ownDataMessages.notRegularFile(dir, 'a directory'));
    assert.match(out, new RegExp(`^${wav.replace(/[.\\/]/g, '\\$&')},clip,`, 'm'));
    assert.match(out, new RegExp(`^${link.replace(/[.\\/]/g, '\\$&')},clip,`, 'm'));
  },
);
