/**
 * Streaming detection pieces (src/recordings/): the block scorer gives scoreSignal's scores for
 * any block size (STFT and context carried over); the streamed view keeps exact extremes and
 * means in bounded columns; clip scores over windows (hand cases); the CSV and JSON writers
 * (parsed back); model.json errors name the file.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { LogMelExtractor } from '../../src/features/logmel.ts';
import { fileClipScore, type RecordingResult } from '../../src/recordings/detect.ts';
import { loadModel, MODEL_JSON, type LoadedModel } from '../../src/recordings/model.ts';
import {
  CSV_HEADER,
  DetectWriter,
  type DetectFormat,
  type DetectFrames,
} from '../../src/recordings/output.ts';
import { StreamScorer } from '../../src/recordings/scorer.ts';
import { StreamView } from '../../src/recordings/view.ts';
import { ownDataMessages } from '../../src/messages/index.ts';
import { gaussian } from '../../src/util/rng.ts';
import { tinyDetector } from '../models/helpers.ts';

await initBackend();

// A small detector: 16 bands, Pb = Pf = 2 (Q = 80), D = 4, with its front end.
const { detector, frontend, rng } = tinyDetector({
  variational: true,
  context: 2,
  withOther: false,
  purpose: 'recordings-detect',
  seed: 5,
  inferenceBatch: 64,
});
const extractor = await LogMelExtractor.create(frontend);
test.after(() => {
  detector.dispose();
  extractor.dispose();
});
const signal = new Float32Array(24000); // 1.5 s: 92 frames, 88 with full context
for (let i = 0; i < signal.length; i++) signal[i] = 0.1 * gaussian(rng) * (i > 12000 ? 3 : 1);

function streamScores(block: number, withFeatures = false) {
  const scorer = new StreamScorer(detector, extractor, withFeatures);
  const scores: number[] = [];
  const firsts: number[] = [];
  for (let at = 0; at < signal.length; at += block) {
    const b = scorer.push(signal.subarray(at, at + block));
    if (b.scores.length > 0) firsts.push(b.firstScored - scores.length);
    scores.push(...b.scores);
  }
  return { scores, firsts, frames: scorer.frameCount };
}

test('StreamScorer: the scores of scoreSignal for every block size; no tensor leak', async () => {
  const whole = [...(await detector.scoreSignal(signal, 16000))];
  assert.equal(whole.length, 88);
  streamScores(1000); // warm-up: the backend's first kernels
  const before = tf.memory().numTensors;
  for (const block of [1, 255, 256, 1000, 4096, 24000]) {
    const s = streamScores(block, block === 255);
    assert.equal(s.frames, 92, `block ${block}`);
    assert.ok(
      s.firsts.every((f) => f === 2),
      'each block continues at the next centre frame',
    );
    assert.equal(s.scores.length, 88);
    for (let i = 0; i < 88; i++) {
      // Equal on wasm and cpu; a native backend may round batches of other sizes differently.
      const tol = 1e-5 * Math.max(1, Math.abs(whole[i]));
      assert.ok(Math.abs(s.scores[i] - whole[i]) <= tol, `frame ${i}, block ${block}`);
    }
  }
  assert.equal(tf.memory().numTensors, before);
});

test('StreamView: exact extremes and means in at most the drawn columns', () => {
  const scorer = new StreamScorer(detector, extractor, true);
  const view = new StreamView(detector, { columns: 10, maxFrames: 8, maxScores: 20 });
  const scores: number[] = [];
  for (let at = 0; at < signal.length; at += 700) {
    const block = signal.subarray(at, at + 700);
    view.addSamples(block);
    const b = scorer.push(block);
    view.addBlock(b);
    scores.push(...b.scores);
  }
  const v = view.build(Float64Array.from(scores), 7, 'phi-clip');
  assert.equal(v.durationSec, 1.5);
  assert.ok(v.waveform.length <= 10 && v.waveform.length > 5, `${v.waveform.length} columns`);
  assert.equal(v.waveform[0].t0, 0);
  assert.equal(v.waveform.at(-1)?.t1, 1.5);
  for (let i = 1; i < v.waveform.length; i++) assert.equal(v.waveform[i].t0, v.waveform[i - 1].t1);
  assert.equal(Math.min(...v.waveform.map((c) => c.min)), Math.min(...signal));
  assert.equal(Math.max(...v.waveform.map((c) => c.max)), Math.max(...signal));
  // 92 frames in groups of 16 (doubled from 1 while over 8 groups): 6 groups, the last of 12.
  assert.equal(v.spectrogram.t0.length, 6);
  assert.equal(v.features.t0.length, 6);
  assert.equal(v.features.rows, 4);
  assert.ok(v.scores.value.length <= 20);
  assert.equal(Math.max(...v.scores.value), Math.max(...scores));
  assert.equal(v.threshold, 7);
  assert.equal(v.thresholdLabel, 'phi-clip');
});

test('fileClipScore: max of frames; mean over the best clip-length window (hand cases)', () => {
  const s = Float64Array.from([1, 5, 2, 2, 4, 4]);
  assert.deepEqual(fileClipScore(s, 3, 'max'), { score: 5, first: 1, span: 1, windows: 4 });
  assert.deepEqual(fileClipScore(s, 10, 'max'), { score: 5, first: 1, span: 1, windows: 1 });
  // Windows of 3: means 8/3, 3, 8/3, 10/3: the last.
  assert.deepEqual(fileClipScore(s, 3, 'mean'), { score: 10 / 3, first: 3, span: 3, windows: 4 });
  assert.deepEqual(fileClipScore(s, 6, 'mean'), { score: 3, first: 0, span: 6, windows: 1 });
  assert.deepEqual(fileClipScore(s, 9, 'mean'), { score: 3, first: 0, span: 6, windows: 1 });
});

const result = (file: string, anomalous: boolean): RecordingResult => ({
  file,
  durationSec: 1,
  times: Float64Array.from([0.176, 0.192]),
  scores: Float64Array.from([3.25, anomalous ? 40.5 : 4.5]),
  clipScore: anomalous ? 40.5 : 4.5,
  clipTimeSec: 0.192,
  windows: 1,
  threshold: 12,
  anomalous,
  framesAbove: anomalous ? 1 : 0,
});
const model = {
  dir: 'm',
  info: {
    method: 'prop',
    phiClip: 12,
    clipSec: 10,
    clipFrames: 600,
    aggregation: 'max',
    rho: 0.05,
    phiRho: 8,
  },
} as unknown as LoadedModel;

function written(
  format: DetectFormat,
  results: RecordingResult[],
  errors: string[],
  frames?: DetectFrames,
): string {
  let text = '';
  const w = new DetectWriter(format, (t) => (text += t), model, frames);
  for (const r of results) w.file(r);
  for (const e of errors) w.error(e, `${e}: broken`);
  w.end();
  return text;
}

test('CSV: a clip row then frame rows per file; names with commas are quoted', () => {
  const text = written('csv', [result('a,b.wav', true), result('c.wav', false)], ['x.wav']);
  assert.equal(text.split('\n')[0], CSV_HEADER);
  const rows = parse(text, { columns: true }) as Record<string, string>[];
  assert.deepEqual(rows[0], {
    file: 'a,b.wav',
    kind: 'clip',
    time_s: '0.192',
    score_nats: '40.5',
    threshold_nats: '12',
    decision: 'anomalous',
  });
  assert.deepEqual(
    rows.map((r) => [r.file, r.kind, r.score_nats, r.decision]),
    [
      ['a,b.wav', 'clip', '40.5', 'anomalous'],
      ['a,b.wav', 'frame', '3.25', ''],
      ['a,b.wav', 'frame', '40.5', ''],
      ['c.wav', 'clip', '4.5', 'normal'],
      ['c.wav', 'frame', '3.25', ''],
      ['c.wav', 'frame', '4.5', ''],
    ],
  );
});

test('JSON: model, files with frame scores, errors; valid with no files too', () => {
  const j = JSON.parse(written('json', [result('a.wav', true), result('b.wav', false)], ['x']));
  assert.equal(j.format, 'npasd-detect');
  assert.equal(j.version, 1);
  assert.deepEqual(j.model, {
    dir: 'm',
    method: 'prop',
    threshold: 12,
    thresholdRule: 'phi-clip',
    clipSec: 10,
    clipFrames: 600,
    aggregation: 'max',
    rho: 0.05,
    phiRho: 8,
  });
  assert.deepEqual(
    j.files.map((f: { file: string; decision: string }) => [f.file, f.decision]),
    [
      ['a.wav', 'anomalous'],
      ['b.wav', 'normal'],
    ],
  );
  assert.deepEqual(j.files[0].frameScores, { timeSec: [0.176, 0.192], score: [3.25, 40.5] });
  assert.deepEqual(j.errors, [{ file: 'x', message: 'x: broken' }]);
  assert.deepEqual(JSON.parse(written('json', [], [])).files, []);
  assert.deepEqual(JSON.parse(written('json', [], ['y'])).errors, [
    { file: 'y', message: 'y: broken' },
  ]);
});

test('--frames above and none: only the frames above the threshold, or clip rows only', () => {
  const files = [result('a.wav', true), result('c.wav', false)];
  const rowsOf = (frames: DetectFrames) =>
    (parse(written('csv', files, [], frames), { columns: true }) as Record<string, string>[]).map(
      (r) => [r.file, r.kind, r.score_nats],
    );
  assert.deepEqual(rowsOf('none'), [
    ['a.wav', 'clip', '40.5'],
    ['c.wav', 'clip', '4.5'],
  ]);
  assert.deepEqual(rowsOf('above'), [
    ['a.wav', 'clip', '40.5'],
    ['a.wav', 'frame', '40.5'],
    ['c.wav', 'clip', '4.5'],
  ]);
  assert.equal(rowsOf('all').length, 6);
  const json = (frames: DetectFrames) => JSON.parse(written('json', files, [], frames));
  assert.equal(json('all').frames, 'all');
  assert.equal(json('none').frames, 'none');
  assert.deepEqual(
    json('none').files.map((f: object) => 'frameScores' in f),
    [false, false],
  );
  assert.equal(json('none').files[0].clipScore, 40.5);
  const above = json('above').files;
  assert.deepEqual(above[0].frameScores, { timeSec: [0.192], score: [40.5] });
  assert.deepEqual(above[1].frameScores, { timeSec: [], score: [] });
});

test('loadModel: a missing or foreign model.json is named', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'npasd-model-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  await assert.rejects(loadModel(dir), { message: ownDataMessages.noModel(dir) });
  const file = join(dir, MODEL_JSON);
  writeFileSync(file, '{"format": "something-else"}');
  await assert.rejects(loadModel(dir), {
    message: ownDataMessages.badModelField(file, 'format', '"npasd-model"'),
  });
  writeFileSync(file, '{');
  await assert.rejects(loadModel(dir), (e: Error) => e.message.startsWith(`${file}: cannot read`));
});
