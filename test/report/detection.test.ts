/**
 * Fig. 4: the detection view of one signal (shapes, frame times, scores equal to scoreSignal's,
 * no tensor leak), the drawing-only downsampling (hand cases), the clip choice, and the chart
 * (compiles and renders without warnings, four panels). The run-level Fig. 4 is checked on the
 * smoke run of figures.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { frameGroups, waveformColumns } from '../../src/report/detection.ts';
import { detectionView } from '../../src/score/detectionView.ts';
import { detectionChart, hzLabel, standardizeRows } from '../../src/report/detectionChart.ts';
import { melCentersHz } from '../../src/features/mel.ts';
import { pickClip } from '../../src/report/fig4.ts';
import { renderSvg } from '../../src/report/render.ts';
import { gaussian } from '../../src/util/rng.ts';
import { tinyDetector } from '../models/helpers.ts';
import { drawn } from './helpers.ts';

await initBackend();

test('waveformColumns keeps the exact min and max of every column (hand case)', () => {
  const x = Float32Array.from([0.1, -0.5, 0.3, 0.9, -0.2, 0, 0.4]);
  const f = Math.fround;
  assert.deepEqual(waveformColumns(x, 7, 3), [
    { t0: 0, t1: 2 / 7, min: f(-0.5), max: f(0.1) },
    { t0: 2 / 7, t1: 4 / 7, min: f(0.3), max: f(0.9) },
    { t0: 4 / 7, t1: 1, min: f(-0.2), max: f(0.4) },
  ]);
  // More columns than samples: one column per sample.
  assert.equal(waveformColumns(x, 7, 1000).length, 7);
});

test('frameGroups: means over groups of ceil(n / maxFrames) frames, edges half a hop out', () => {
  const data = Float32Array.from([1, 10, 2, 20, 3, 30, 4, 40, 5, 50]); // 5 frames x 2 rows
  const h = frameGroups(data, 5, 2, 2, (f) => f, 0.5);
  assert.deepEqual(h.t0, [-0.5, 2.5]);
  assert.deepEqual(h.t1, [2.5, 4.5]);
  assert.deepEqual([...h.values], [2, 20, 4.5, 45]);
});

test('pickClip: the first anomalous clip of the SNR closest to 0 dB', () => {
  const l = (label: number, snrDb: number) => ({ label, snrDb });
  assert.equal(pickClip([l(1, -10), l(0, 0), l(1, 5), l(1, -5), l(1, 5)]), 3);
  assert.equal(pickClip([l(1, -10), l(1, 0), l(1, 0)]), 1);
  assert.equal(pickClip([l(0, 0)]), -1);
  // Another target: -10 is closest to -8; a tie between -5 and -15 at -10 takes the lower.
  assert.equal(pickClip([l(1, 0), l(1, -5), l(1, -10)], -8), 2);
  assert.equal(pickClip([l(1, -5), l(1, -15)], -10), 1);
});

// A small trained detector: 16 bands, context Pb = Pf = 1 (Q = 48), D = 4, with its front end.
const { detector, rng } = tinyDetector({
  variational: false,
  context: 1,
  withOther: true,
  purpose: 'detection-view',
  seed: 3,
});
test.after(() => detector.dispose());
const signal = new Float32Array(8000); // 0.5 s at 16 kHz: 30 frames, 28 with full context
for (let i = 0; i < signal.length; i++) signal[i] = 0.1 * gaussian(rng) * (i > 4000 ? 3 : 1);

test('detectionView: panel shapes, frame times, the scores of scoreSignal; no tensor leak', async () => {
  await detectionView(detector, signal, 16000); // warm-up: the backend's first kernels
  const before = tf.memory().numTensors;
  const v = await detectionView(detector, signal, 16000, {
    anomaly: { start: 0.25, end: 0.4 },
    columns: 100,
    maxFrames: 10,
  });
  assert.equal(tf.memory().numTensors, before);
  assert.equal(v.durationSec, 0.5);
  assert.equal(v.waveform.length, 100);
  assert.equal(v.waveform[99].t1, 0.5);
  // (b) 30 frames in 10 groups of 3; frame t is centred at (t 256 + 256) / 16000 s.
  assert.equal(v.spectrogram.rows, 16);
  assert.equal(v.spectrogram.t0.length, 10);
  assert.equal(v.spectrogram.values.length, 160);
  assert.equal(v.melCentersHz?.length, 16);
  assert.ok(v.melCentersHz?.every((f, i, a) => i === 0 || f > a[i - 1]));
  assert.ok(Math.abs(v.spectrogram.t0[0] - (256 / 16000 - 128 / 16000)) < 1e-12);
  // (c) and (d): frames 1 .. 28, the first centred at 0.032 s.
  assert.equal(v.features.rows, 4);
  assert.equal(v.features.t0.length, 10);
  assert.equal(v.scores.value.length, 28);
  assert.ok(Math.abs(v.scores.time[0] - 0.032) < 1e-12);
  assert.ok(Math.abs(v.scores.time[27] - (28 * 256 + 256) / 16000) < 1e-12);
  assert.deepEqual(v.scores.value, [...(await detector.scoreSignal(signal, 16000))]);
  assert.equal(v.threshold, detector.phi);
  assert.equal(v.thresholdLabel, 'phi_rho');
  assert.deepEqual(v.anomaly, { start: 0.25, end: 0.4 });
  await assert.rejects(detectionView(detector, signal, 8000), RangeError);
});

test('detectionChart compiles and renders without warnings: four panels on one time axis', async () => {
  const v = await detectionView(detector, signal, 16000, {
    threshold: 12.5,
    thresholdLabel: 'phi_rho',
    anomaly: { start: 0.25, end: 0.4 },
  });
  const spec = detectionChart(v, { subtitle: 'a test signal' });
  assert.equal(
    JSON.stringify(detectionChart(v, { subtitle: 'a test signal' })),
    JSON.stringify(spec),
  );
  const r = await renderSvg(spec, 'fig4');
  assert.deepEqual(r.warnings, []);
  assert.ok(r.svg.startsWith('<svg'));
  // vega numbers the colour legends' gradients per process: renumbered, the bytes are the same.
  assert.equal((await renderSvg(spec, 'fig4')).svg, r.svg);
  assert.equal((await drawn(spec, 'area')).marks, 1, '(a) the waveform band');
  const rects = await drawn(spec, 'rect');
  assert.equal(rects.marks, 3, '(b), (c) heatmaps and the anomaly shading');
  assert.equal(rects.items, 30 * 16 + 28 * 4 + 1);
  assert.equal((await drawn(spec, 'line')).marks, 1, '(d) the scores');
  // (b)'s axis in Hz at band centres: the lowest band's centre, and a kHz label higher up.
  assert.ok(rects.texts.includes('(b) frequency (mel-spaced)'), rects.texts.join('|'));
  assert.ok(rects.texts.includes(hzLabel(v.melCentersHz?.[0] ?? NaN)));
  assert.ok(rects.texts.some((t) => / kHz$/.test(t)));
  const rule = await drawn(spec, 'rule');
  assert.equal(rule.marks, 1, '(d) the threshold');
  assert.ok(rule.texts.includes('phi_rho = 12.50 nats'));
});

test('melCentersHz by hand: below 1 kHz the Slaney scale is linear (200/3 Hz per mel)', () => {
  // 0 .. 1000 Hz is 0 .. 15 mel; two filters peak at 5 and 10 mel.
  const c = melCentersHz(2, 0, 1000);
  assert.ok(Math.abs(c[0] - 1000 / 3) < 1e-9 && Math.abs(c[1] - 2000 / 3) < 1e-9, String(c));
  // HTK: one filter peaks at the mel midpoint of 0 .. 8000 Hz.
  const mid = (2595 * Math.log10(1 + 8000 / 700)) / 2;
  assert.ok(Math.abs(melCentersHz(1, 0, 8000, 'htk')[0] - 700 * (10 ** (mid / 2595) - 1)) < 1e-9);
  assert.equal(hzLabel(440.4), '440 Hz');
  assert.equal(hzLabel(1234), '1.2 kHz');
});

test('standardizeRows: each feature dimension as z-scores over the columns; a constant one is 0', () => {
  // Column-major: column j holds rows 0 and 1. Row 0 = 1, 2, 3; row 1 = 5, 5, 5.
  const h = {
    t0: [0, 1, 2],
    t1: [1, 2, 3],
    rows: 2,
    values: Float32Array.from([1, 5, 2, 5, 3, 5]),
  };
  const z = standardizeRows(h);
  const s = Math.sqrt(2 / 3);
  const expected = [-1 / s, 0, 0, 0, 1 / s, 0];
  z.values.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) < 1e-6, `${i}: ${v}`));
  assert.deepEqual(z.t0, h.t0);
  assert.deepEqual(Array.from(h.values), [1, 5, 2, 5, 3, 5], 'input unchanged');
});
