/**
 * `npasd detect --out`, in-process: an output that is an input (by path, symlink or hard link)
 * or lies in the model directory is refused before any scoring; the output is written through a
 * temporary sibling renamed at the end; a failing output write (disk full) stops detection
 * naming the OUTPUT, not the recording being scored, and leaves neither the output nor a
 * temporary file; temporary files of dead processes are removed by the next run.
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  linkSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileMessages, fsReason, ownDataMessages } from '../../src/messages/index.ts';
import { detectFiles } from '../../src/recordings/detectFiles.ts';
import {
  checkDetectOut,
  DetectOutput,
  OutputError,
  removeStaleTemps,
} from '../../src/recordings/detectOutput.ts';
import { writeNoiseWav, writeTinyModel } from './tinyModel.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-detout-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const model = join(root, 'M');
await writeTinyModel(model);
const wav = join(root, 'x.wav');
writeNoiseWav(wav);
const quiet = { write: () => true } as unknown as NodeJS.WritableStream;

test('checkDetectOut: an input or a model file is refused, also through symlinks and hard links', () => {
  const modelJson = join(model, 'model.json');
  assert.throws(() => checkDetectOut(wav, model, [wav]), {
    message: ownDataMessages.outIsInput(wav, wav),
  });
  assert.throws(() => checkDetectOut(modelJson, model, [wav]), {
    message: ownDataMessages.outInModel(modelJson, model),
  });
  assert.throws(() => checkDetectOut(join(model, 'new.csv'), model, [wav]), {
    message: ownDataMessages.outInModel(join(model, 'new.csv'), model),
  });
  const linkToWav = join(root, 'link.csv');
  symlinkSync(wav, linkToWav);
  assert.throws(() => checkDetectOut(linkToWav, model, [wav]), {
    message: ownDataMessages.outIsInput(linkToWav, wav),
  });
  const linkToModel = join(root, 'Mlink');
  symlinkSync(model, linkToModel);
  const viaLink = join(linkToModel, 'weights.bin');
  assert.throws(() => checkDetectOut(viaLink, model, [wav]), {
    message: ownDataMessages.outInModel(viaLink, model),
  });
  const hard = join(root, 'hard.wav');
  linkSync(wav, hard);
  assert.throws(() => checkDetectOut(hard, model, [wav]), {
    message: ownDataMessages.outIsInput(hard, wav),
  });
  const dir = join(root, 'a-dir');
  mkdirSync(dir);
  assert.throws(() => checkDetectOut(dir, model, [wav]), {
    message: ownDataMessages.outNotFile(dir),
  });
  checkDetectOut(join(root, 'new', 'out.csv'), model, [wav]); // a new file elsewhere is fine
});

test('a disk-full output write stops detect naming the output; no output, no temp file left', async () => {
  const outDir = join(root, 'full');
  const out = join(outDir, 'out.csv');
  writeFileSync(join(root, 'y.wav'), readFileSync(wav));
  const output = new DetectOutput(out);
  assert.ok(existsSync(outDir), 'the temporary file is created when the output is opened');
  let scored = 0;
  const enospc = Object.assign(new Error('ENOSPC: no space left on device, write'), {
    code: 'ENOSPC',
  });
  const err = await detectFiles({
    modelDir: model,
    files: [wav, join(root, 'y.wav')],
    format: 'csv',
    stream: quiet,
    write: (text) => {
      // The header goes through; the first file's rows hit a full disk.
      if (text.includes('clip')) {
        scored++;
        output.abort();
        throw new OutputError(fileMessages.writeFailed(out, fsReason(enospc)));
      }
      output.write(text);
    },
  }).then(
    () => null,
    (e: Error) => e,
  );
  assert.ok(err instanceof OutputError, 'rejected with the output error');
  assert.equal(err.message, fileMessages.writeFailed(out, 'the disk is full (ENOSPC)'));
  assert.ok(!err.message.includes('x.wav'), 'the recording is not blamed');
  assert.equal(scored, 1, 'detection stopped at the failing write');
  assert.deepEqual(readdirSync(outDir), [], 'neither the output nor a temporary file');
});

test('DetectOutput: whole file on commit, nothing on abort; stale temps of dead pids removed', () => {
  const out = join(root, 'o', 'out.json');
  const a = new DetectOutput(out);
  a.write('{"a":');
  assert.ok(!existsSync(out), 'not visible before commit');
  a.write('1}\n');
  a.commit();
  assert.equal(readFileSync(out, 'utf8'), '{"a":1}\n');
  const b = new DetectOutput(out);
  b.write('partial');
  b.abort();
  assert.equal(readFileSync(out, 'utf8'), '{"a":1}\n', 'an aborted write leaves the old file');
  assert.deepEqual(readdirSync(join(root, 'o')), ['out.json']);
  // A temp of a process killed with SIGKILL (pid 2^22 + 1 is above Linux's pid_max default).
  const stale = join(root, 'o', `.out.json.${2 ** 22 + 1}.tmp`);
  writeFileSync(stale, 'half');
  const live = join(root, 'o', `.out.json.${process.ppid}.tmp`);
  writeFileSync(live, 'another live process');
  assert.deepEqual(removeStaleTemps(out), [`.out.json.${2 ** 22 + 1}.tmp`]);
  assert.ok(!existsSync(stale) && existsSync(live));
  rmSync(live);
});

test('an --out that cannot be created fails when opened (before scoring), saying why', () => {
  const file = join(root, 'plain');
  writeFileSync(file, 'x');
  const out = join(file, 'out.csv');
  assert.throws(
    () => new DetectOutput(out),
    (e: Error) => {
      assert.ok(e instanceof OutputError);
      assert.equal(
        e.message,
        fileMessages.notWritable(out, 'a part of the path is not a directory (ENOTDIR)'),
      );
      return true;
    },
  );
});

test('fsReason: codes in words', () => {
  const e = (code: string) => Object.assign(new Error(code), { code });
  assert.equal(fsReason(e('ENOSPC')), 'the disk is full (ENOSPC)');
  assert.equal(fsReason(e('EROFS')), 'the file system is read-only (EROFS)');
  assert.equal(fsReason(e('EIO')), 'an input/output error of the device (EIO)');
  assert.equal(fsReason(new Error('other')), 'other');
});
