/**
 * `npasd detect --out` as a process, on a tiny model (test/recordings/tinyModel.ts): an output
 * naming the model's files or an input is refused (exit 2) and the file is unchanged; an
 * existing directory is refused before anything is scored; a write that fails mid-way (a file
 * size limit, as a full disk) names the output, not the recordings, and leaves no output and no
 * temporary file; SIGTERM while scoring leaves no temporary file.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { ownDataMessages } from '../../src/messages/index.ts';
import { gaussian, makeRng } from '../../src/util/rng.ts';
import { writeNoiseWav, writeTinyModel } from '../recordings/tinyModel.ts';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'npasd-detout-e2e-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const model = join(root, 'M');
await writeTinyModel(model);
const wavs = [0, 1, 2].map((i) => join(root, `x${i}.wav`));
wavs.forEach((w, i) => writeNoiseWav(w, i + 1));

const CLI = [process.execPath, '--import', 'tsx', 'src/cli/main.ts'];
function run(args: string[], shell?: string) {
  const [cmd, ...rest] = shell ? ['bash', '-c', `${shell}; exec "$@"`, 'bash', ...CLI] : CLI;
  return new Promise<{ code: number; stderr: string }>((done) => {
    execFile(cmd, [...rest, ...args], { cwd: repo, encoding: 'utf8' }, (err, _out, stderr) =>
      done({ code: err ? Number(err.code) : 0, stderr }),
    );
  });
}

test('--out naming a model file or an input is refused; the file is unchanged', async () => {
  const modelJson = join(model, 'model.json');
  const before = readFileSync(modelJson);
  let r = await run(['detect', model, wavs[0], '--out', modelJson]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), ownDataMessages.outInModel(modelJson, model));
  assert.deepEqual(readFileSync(modelJson), before);
  const wav = readFileSync(wavs[0]);
  r = await run(['detect', model, wavs[0], '--out', wavs[0]]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), ownDataMessages.outIsInput(wavs[0], wavs[0]));
  assert.deepEqual(readFileSync(wavs[0]), wav);
});

test('--out an existing directory is refused before any file is scored', async () => {
  const dir = join(root, 'outdir');
  mkdirSync(dir);
  const r = await run(['detect', model, ...wavs, '--out', dir]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim(), ownDataMessages.outNotFile(dir), 'one line: nothing was scored');
});

test('a failing output write names the output, not the recordings; nothing is left', async () => {
  const dir = join(root, 'limited');
  mkdirSync(dir);
  const out = join(dir, 'out.csv');
  // A 1 KiB file-size limit: the first file's rows do not fit (as on a full disk).
  const r = await run(['detect', model, ...wavs, '--out', out], 'ulimit -f 2');
  assert.equal(r.code, 2);
  assert.match(r.stderr, new RegExp(`^${out}: cannot write the output: .*\\(EFBIG\\)`));
  for (const w of wavs) assert.ok(!r.stderr.includes(w), `${w} is not blamed`);
  assert.deepEqual(readdirSync(dir), [], 'no truncated output, no temporary file');
});

test('SIGTERM while scoring leaves no temporary file (and no output)', async () => {
  const dir = join(root, 'killed');
  mkdirSync(dir);
  const long = join(root, 'long.wav');
  const rng = makeRng(1, 'long');
  writeWav(
    long,
    Float32Array.from({ length: 16000 * 300 }, () => 0.1 * gaussian(rng)),
    16000,
  );
  const child = spawn(
    CLI[0],
    [...CLI.slice(1), 'detect', model, long, '--out', join(dir, 'o.csv')],
    {
      cwd: repo,
      stdio: 'ignore',
    },
  );
  // Listen before killing: on a quiet machine the child could otherwise be gone unobserved.
  const exited = new Promise((r) => child.on('exit', (_c, s) => r(s)));
  // Its temporary output appears once scoring has started: kill it then, mid-way.
  while (readdirSync(dir).length === 0 && child.exitCode === null) {
    await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGTERM');
  const signal = await exited;
  assert.equal(signal, 'SIGTERM', 'killed while scoring (not finished before the signal)');
  assert.deepEqual(readdirSync(dir), []);
  assert.ok(!existsSync(join(dir, 'o.csv')));
});
