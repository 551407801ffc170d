/**
 * `npasd train` then `npasd detect`, end to end as processes on a tiny generated set (tone +
 * seeded noise; the `smoke` scale's tiny network): a loud impact makes detect exit 1 and a
 * clean clip exits 0; CSV and JSON outputs parse and hold the frame scores; --plot writes a valid
 * PNG; the same inputs give the same model bytes; errors exit 2 with the message naming the
 * path and write nothing. A FLAC (made with sox) is trained on and detected when sox is
 * installed. In-process, detectFiles leaves no tensors behind.
 */
import assert from 'node:assert/strict';
import { execFile, spawnSync } from 'node:child_process';
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
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { AUDIO_EXTENSIONS } from '../../src/audio/folder.ts';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { pngSize } from '../../src/report/render.ts';
import {
  audioMessages,
  fileMessages,
  folderMessages,
  ownDataMessages,
  specInSet,
} from '../../src/messages/index.ts';
import { detectFiles } from '../../src/recordings/detectFiles.ts';
import type { ModelFile } from '../../src/recordings/model.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const HAVE_SOX = spawnSync('sox', ['--version']).status === 0;
const NO_SOX = 'sox is not installed (apt-get install sox libsox-fmt-all)';
const tmp = mkdtempSync(join(tmpdir(), 'npasd-own-'));
test.after(() => rmSync(tmp, { recursive: true, force: true }));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function npasd(args: string[]): Promise<Result> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { cwd: root, env: { ...process.env, CI: '1' }, encoding: 'utf8', maxBuffer: 1 << 26 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        done({ code, stdout, stderr });
      },
    );
  });
}

// The machine: a hum at 120 Hz with harmonics and a little noise, the same in every recording.
const RATE = 16000;
function machine(seed: string, seconds: number): Float32Array {
  const x = new Float32Array(Math.round(seconds * RATE));
  fillGaussian(makeRng(7, seed), x);
  for (let i = 0; i < x.length; i++) {
    const t = i / RATE;
    x[i] =
      0.02 * x[i] +
      0.1 * Math.sin(2 * Math.PI * 120 * t) +
      0.05 * Math.sin(2 * Math.PI * 240 * t + 0.3) +
      0.03 * Math.sin(2 * Math.PI * 1000 * t);
  }
  return x;
}

const normal = join(tmp, 'normal');
const other = join(tmp, 'other');
mkdirSync(join(normal, 'day2'), { recursive: true });
mkdirSync(other);
for (let i = 0; i < 4; i++) writeWav(join(normal, `n${i}.wav`), machine(`n${i}`, 5), RATE);
for (let i = 0; i < 2; i++) {
  const x = new Float32Array(5 * RATE);
  fillGaussian(makeRng(7, `o${i}`), x);
  for (let j = 0; j < x.length; j++) {
    x[j] = 0.05 * x[j] + 0.1 * Math.sin((2 * Math.PI * (300 + 200 * i) * j) / RATE);
  }
  writeWav(join(other, `o${i}.wav`), x, RATE);
}
const clean = join(tmp, 'clean.wav');
writeWav(clean, machine('clean', 2), RATE);
const impact = join(tmp, 'impact.wav');
const hit = machine('impact', 2);
const noise = makeRng(7, 'hit');
for (let i = 0; i < 800; i++) hit[RATE + i] += 0.8 * Math.exp(-i / 200) * (2 * noise() - 1);
writeWav(impact, hit, RATE);
const cleanFlac = join(tmp, 'clean.flac');
if (HAVE_SOX) {
  const wav = join(tmp, 'n4.wav');
  writeWav(wav, machine('n4', 5), RATE);
  for (const [src, dst] of [
    [wav, join(normal, 'day2', 'n4.flac')],
    [clean, cleanFlac],
  ]) {
    assert.equal(spawnSync('sox', [src, dst]).status, 0);
  }
  rmSync(wav);
}

const TRAIN = ['--other', other, '--scale', 'smoke', '--set', 'prop.rho=0.01'];
const modelA = join(tmp, 'model-a');
const modelB = join(tmp, 'model-b');
const readModel = (dir: string): ModelFile =>
  JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8')) as ModelFile;
const leftovers = (): string[] => readdirSync(tmp).filter((f) => f.startsWith('.'));
/** stderr without the banner tfjs prints on its cpu backend (NPASD_TF_BACKEND=cpu). */
const lines = (stderr: string): string[] =>
  stderr
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('=====') && !l.startsWith('Hi, looks like'));

test('train: a PROP model directory with thresholds, provenance and the training files', async () => {
  const t0 = performance.now();
  const r = await npasd(['train', '--normal', normal, ...TRAIN, '--out', modelA]);
  console.log(`# train (process): ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  assert.equal(r.code, 0, r.stderr);
  const info = readModel(modelA);
  assert.equal(
    r.stdout,
    `${ownDataMessages.trained(modelA, 'prop', info.phiClip, info.clipSec, info.phiRho)}\n`,
  );
  assert.ok(r.stderr.includes(`training prop: done, 2 epoch(s) in`), r.stderr);
  assert.deepEqual(readdirSync(modelA).sort(), [
    'detector.json',
    'model.json',
    'train-log.jsonl',
    'weights.bin',
  ]);
  assert.deepEqual(leftovers(), []);
  assert.equal(readFileSync(join(modelA, 'train-log.jsonl'), 'utf8').trim().split('\n').length, 2);
  assert.equal(info.format, 'npasd-model');
  assert.equal(info.method, 'prop');
  assert.equal(info.otherSource, 'other');
  assert.equal(info.seed, 1);
  assert.equal(info.rho, 0.01);
  assert.equal(info.clipSec, 2);
  assert.equal(info.clipFrames, 1 + Math.floor((2 * RATE - 512) / 256) - 20);
  assert.ok(info.phiClip > info.phiRho, `${info.phiClip} > ${info.phiRho}`);
  assert.deepEqual(info.spec.sets, ['prop.rho=0.01']);
  assert.equal(info.spec.scale, 'smoke');
  const names = info.data.normal.files.map((f) => f.path);
  assert.deepEqual(names, [
    ...(HAVE_SOX ? ['day2/n4.flac'] : []),
    'n0.wav',
    'n1.wav',
    'n2.wav',
    'n3.wav',
  ]);
  const n0 = info.data.normal.files.find((f) => f.path === 'n0.wav');
  const bytes = readFileSync(join(normal, 'n0.wav'));
  assert.deepEqual(n0, {
    path: 'n0.wav',
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    seconds: 5,
  });
  assert.equal(info.data.other?.files.length, 2);
});

test('train: the same inputs and seed give the same model bytes', async () => {
  const r = await npasd(['train', '--normal', normal, ...TRAIN, '--out', modelB]);
  assert.equal(r.code, 0, r.stderr);
  for (const f of ['detector.json', 'weights.bin', 'model.json', 'train-log.jsonl']) {
    assert.ok(readFileSync(join(modelA, f)).equals(readFileSync(join(modelB, f))), f);
  }
});

test('train: an existing --out is refused without --force; --force replaces it (VAE, no O)', async () => {
  const before = readFileSync(join(modelB, 'model.json'));
  const r = await npasd(['train', '--normal', normal, '--scale', 'smoke', '--out', modelB]);
  assert.equal(r.code, 2);
  assert.deepEqual(lines(r.stderr), [ownDataMessages.outExists(modelB)]);
  assert.ok(readFileSync(join(modelB, 'model.json')).equals(before));
  const f = await npasd([
    'train',
    '--normal',
    normal,
    '--method',
    'vae',
    '--scale',
    'smoke',
    '--out',
    modelB,
    '--force',
  ]);
  assert.equal(f.code, 0, f.stderr);
  assert.ok(f.stderr.includes(`${ownDataMessages.noOther('vae')}\n`), f.stderr);
  const info = readModel(modelB);
  assert.equal(info.method, 'vae');
  assert.equal(info.otherSource, 'none');
  assert.equal(info.data.other, null);
  assert.deepEqual(leftovers(), []);
});

test('train errors: exit 2, one line naming the path, nothing written', async () => {
  const empty = join(tmp, 'empty');
  mkdirSync(empty);
  const broken = join(tmp, 'broken');
  mkdirSync(broken);
  writeWav(join(broken, 'a.wav'), machine('a', 1), RATE);
  writeFileSync(join(broken, 'b.wav'), 'not a wav file at all');
  const grid = join(tmp, 'grid.json');
  const table1 = join(root, 'experiments', 'table1.json');
  writeFileSync(grid, JSON.stringify({ extends: table1, train: { epochs: { grid: [1, 2] } } }));
  const out = join(tmp, 'never');
  const cases: [string[], string][] = [
    [['--normal', empty], folderMessages.empty(empty, AUDIO_EXTENSIONS)],
    [['--normal', join(tmp, 'nope')], folderMessages.missing(join(tmp, 'nope'))],
    [['--normal', normal, '--other', empty], folderMessages.empty(empty, AUDIO_EXTENSIONS)],
    [
      ['--normal', broken],
      folderMessages.badFile(
        broken,
        audioMessages.notRiffWave(join(broken, 'b.wav'), 'not a wav fi'),
      ),
    ],
    [['--normal', normal, '--spec', grid], ownDataMessages.gridSpec(grid, 2)],
  ];
  // An --out that cannot be created (under a regular file): refused before any audio is read.
  const plain = join(tmp, 'plain-file');
  writeFileSync(plain, 'x');
  const under = join(plain, 'model');
  const notDir = await npasd(['train', '--normal', normal, '--scale', 'smoke', '--out', under]);
  assert.equal(notDir.code, 2);
  assert.deepEqual(lines(notDir.stderr), [
    fileMessages.notWritable(under, 'a part of the path is not a directory (ENOTDIR)'),
  ]);
  rmSync(plain);
  const results = await Promise.all(
    cases.map(([args]) => npasd(['train', ...args, '--scale', 'smoke', '--out', out])),
  );
  results.forEach((r, i) => {
    assert.equal(r.code, 2, r.stderr);
    assert.deepEqual(
      lines(r.stderr).filter((l) => !l.startsWith('reading')),
      [cases[i][1]],
    );
  });
  const bad = await npasd(['train', '--normal', normal, '--set', 'train.epochs=0', '--out', out]);
  assert.equal(bad.code, 2);
  assert.ok(bad.stderr.startsWith(specInSet('train.epochs=0', '')), bad.stderr);
  assert.ok(!existsSync(out));
  assert.deepEqual(leftovers(), []);
});

const csvOf = (text: string) => parse(text, { columns: true }) as Record<string, string>[];

test('detect: a clean clip is normal (exit 0), a loud impact is anomalous (exit 1)', async () => {
  const [c, a] = await Promise.all([
    npasd(['detect', modelA, clean]),
    npasd(['detect', modelA, impact]),
  ]);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(a.code, 1, a.stderr);
  const info = readModel(modelA);
  for (const [r, decision] of [
    [c, 'normal'],
    [a, 'anomalous'],
  ] as const) {
    const rows = csvOf(r.stdout);
    const clip = rows[0];
    assert.equal(clip.kind, 'clip');
    assert.equal(clip.decision, decision);
    assert.equal(Number(clip.threshold_nats), info.phiClip);
    const frames = rows.slice(1);
    assert.equal(frames.length, info.clipFrames, 'a 2 s clip: one window of clipFrames frames');
    assert.ok(frames.every((f) => f.kind === 'frame' && Number.isFinite(Number(f.score_nats))));
    assert.equal(Number(clip.score_nats), Math.max(...frames.map((f) => Number(f.score_nats))));
    assert.equal(Number(frames[0].time_s), (10 * 256 + 256) / RATE);
    const line = lines(r.stderr)[0];
    assert.ok(line.startsWith(`${r === c ? clean : impact}: ${decision} (score`), line);
  }
  const score = (r: Result) => Number(csvOf(r.stdout)[0].score_nats).toFixed(2);
  console.log(`# clip scores: clean ${score(c)}, impact ${score(a)}, phiClip ${info.phiClip}`);
  const hitAt = Number(csvOf(a.stdout)[0].time_s);
  assert.ok(hitAt > 0.9 && hitAt < 1.3, `the impact at 1 s, found at ${hitAt} s`);
});

test('detect --format json --out --plot: several files, frame scores, PNG per file', async (t) => {
  const out = join(tmp, 'out.json');
  const plots = join(tmp, 'plots');
  const files = [clean, impact, ...(HAVE_SOX ? [cleanFlac] : [])];
  const t0 = performance.now();
  const r = await npasd([
    'detect',
    modelA,
    ...files,
    '--format',
    'json',
    '--out',
    out,
    '--plot',
    plots,
  ]);
  console.log(
    `# detect ${files.length} files with plots (process): ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(lines(r.stderr).at(-1), ownDataMessages.detectSummary(1, files.length - 1, 0));
  const j = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(j.format, 'npasd-detect');
  assert.equal(j.model.threshold, readModel(modelA).phiClip);
  assert.deepEqual(
    j.files.map((f: { file: string; decision: string }) => [f.file, f.decision]),
    files.map((f) => [f, f === impact ? 'anomalous' : 'normal']),
  );
  for (const f of j.files) {
    assert.equal(f.frameScores.score.length, f.frameScores.timeSec.length);
    assert.equal(f.clipScore, Math.max(...f.frameScores.score));
  }
  assert.deepEqual(j.errors, []);
  for (const name of ['clean', 'impact', ...(HAVE_SOX ? ['clean-2'] : [])]) {
    const png = pngSize(readFileSync(join(plots, `${name}.png`)));
    assert.ok(png.width > 1000 && png.height > 1000, `${name}: ${png.width} x ${png.height}`);
    assert.ok(readFileSync(join(plots, `${name}.svg`), 'utf8').startsWith('<svg'));
  }
  if (HAVE_SOX) {
    // The FLAC is the same audio as clean.wav (16-bit both ways): the same scores.
    assert.deepEqual(j.files[2].frameScores, j.files[0].frameScores);
  } else {
    t.diagnostic(`FLAC input not tested: ${NO_SOX}`);
  }
});

test('detect errors: exit 2 naming the file; the other files are still scored', async () => {
  const bad = join(tmp, 'bad.wav');
  writeFileSync(bad, 'RIFF');
  const short = join(tmp, 'short.wav');
  writeWav(short, machine('s', 0.2), RATE);
  const r = await npasd(['detect', modelA, bad, clean, short]);
  assert.equal(r.code, 2);
  const rows = csvOf(r.stdout);
  assert.deepEqual([...new Set(rows.map((x) => x.file))], [clean]);
  const err = lines(r.stderr);
  assert.equal(err[0], audioMessages.truncatedHeader(bad, 12, 4));
  assert.equal(err[2], ownDataMessages.fileTooShort(short, 0.2, (20 * 256 + 512) / RATE));
  assert.equal(err[3], ownDataMessages.detectSummary(0, 1, 2));
  const m = await npasd(['detect', join(tmp, 'nope'), clean]);
  assert.equal(m.code, 2);
  assert.deepEqual(lines(m.stderr), [ownDataMessages.noModel(join(tmp, 'nope'))]);
  assert.equal(m.stdout, '');
});

test('in process: detectFiles frees what it allocates', async () => {
  await initBackend();
  const run = async () => {
    let text = '';
    const s = await detectFiles({
      modelDir: modelA,
      files: [clean, impact],
      format: 'csv',
      write: (x) => (text += x),
      blockSec: 0.3,
      stream: { write: () => true } as unknown as NodeJS.WritableStream,
    });
    return { s, text };
  };
  const first = await run();
  const before = tf.memory().numTensors;
  const second = await run();
  assert.equal(tf.memory().numTensors, before);
  const { results, ...counts } = second.s;
  assert.deepEqual(counts, { anomalous: 1, normal: 1, failed: 0 });
  // Per file, in order: the clip decision and every frame's score.
  assert.deepEqual(
    results.map((r) => ('error' in r ? r.error : [r.file, r.anomalous, r.scores.length > 0])),
    [
      [clean, false, true],
      [impact, true, true],
    ],
  );
  assert.equal(second.text, first.text);
  // Streamed in 0.3 s blocks, the same scores as the CLI's 10 s blocks (up to rounding).
  const cli = csvOf((await npasd(['detect', modelA, clean, impact])).stdout);
  const here = csvOf(first.text);
  assert.equal(here.length, cli.length);
  here.forEach((row, i) => {
    assert.equal(row.time_s, cli[i].time_s);
    const d = Math.abs(Number(row.score_nats) - Number(cli[i].score_nats));
    assert.ok(d <= 1e-5 * Math.max(1, Math.abs(Number(cli[i].score_nats))), `row ${i}`);
  });
});
