import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  assembleContext,
  contextCount,
  contextDim,
  ContextIndex,
} from '../../src/features/context.ts';
import type { LogMel } from '../../src/features/logmel.ts';
import { featureMessages, outputTooSmall } from '../../src/messages/index.ts';

/** A log-mel matrix whose value encodes (clip, frame, band), so copies can be checked exactly. */
function coded(clip: number, nFrames: number, nMels = 64): LogMel {
  const data = new Float32Array(nFrames * nMels);
  for (let t = 0; t < nFrames; t++)
    for (let b = 0; b < nMels; b++) data[t * nMels + b] = clip * 1e5 + t * 100 + b;
  return { data, nFrames, nMels };
}

test('Q = 64 x 21 = 1344 and a clip of n frames yields n - 20 vectors', () => {
  assert.equal(contextDim(64), 1344);
  assert.equal(contextCount(100), 80);
  assert.equal(contextCount(20), 0);
  assert.equal(contextCount(5, { pb: 2, pf: 1 }), 2);
});

test('context vector at centre t is the concatenation of frames t-10 .. t+10', () => {
  const mel = coded(0, 40);
  const out = new Float32Array(3 * 1344);
  assembleContext(mel, [10, 25, 29], out);
  [10, 25, 29].forEach((t, row) => {
    for (let j = 0; j < 21; j++) {
      for (let b = 0; b < 64; b++)
        assert.equal(out[row * 1344 + j * 64 + b], (t - 10 + j) * 100 + b);
    }
  });
  assert.throws(
    () => assembleContext(mel, [9], out),
    new RangeError(featureMessages.contextNoFullContext(9, 40, 10, 10)),
  );
  assert.throws(
    () => assembleContext(mel, [30], out),
    new RangeError(featureMessages.contextNoFullContext(30, 40, 10, 10)),
  );
  assert.throws(
    () => assembleContext(mel, [10, 11, 12, 13], out),
    new RangeError(outputTooSmall('context', 3 * 1344, 4 * 1344)),
  );
});

test('ContextIndex enumerates every vector of a set once, in order, skipping short clips', () => {
  const mels = [coded(0, 25), coded(1, 15), coded(2, 21), coded(3, 30)];
  const index = new ContextIndex(mels);
  assert.equal(index.count, 5 + 0 + 1 + 10);
  assert.equal(index.dim, 1344);
  const seen: [number, number][] = [];
  for (let g = 0; g < index.count; g++) seen.push([index.clipOf(g), index.centerOf(g)]);
  assert.deepEqual(seen.slice(0, 6), [
    [0, 10],
    [0, 11],
    [0, 12],
    [0, 13],
    [0, 14],
    [2, 10],
  ]);
  assert.deepEqual(seen[6], [3, 10]);
  const out = new Float32Array(2 * 1344);
  index.assemble([15, 5], out);
  assert.equal(out[0], 3e5 + (19 - 10) * 100);
  assert.equal(out[1344 + 20 * 64 + 63], 2e5 + 20 * 100 + 63);
  assert.throws(() => index.clipOf(16), new RangeError(featureMessages.contextIndex(16, 16)));
});

test('a mini-batch buffer is reused without reallocation', () => {
  const index = new ContextIndex([coded(0, 200)]);
  const buf = new Float32Array(64 * 1344);
  const ids = new Int32Array(64);
  for (let start = 0; start < index.count; start += 64) {
    const n = Math.min(64, index.count - start);
    for (let i = 0; i < n; i++) ids[i] = start + i;
    index.assemble(ids, buf, 0, n);
    assert.equal(buf[(n - 1) * 1344], (start + n - 1) * 100);
  }
  assert.throws(
    () => index.assemble(ids, new Float32Array(10)),
    new RangeError(outputTooSmall('context', 10, 64 * 1344)),
  );
});

test('invalid context options and mismatched clips are errors', () => {
  assert.throws(
    () => contextCount(30, { pb: -1 }),
    new RangeError(featureMessages.contextPbPf(-1, 10)),
  );
  assert.throws(
    () => contextDim(64, { pf: 2.5 }),
    new RangeError(featureMessages.contextPbPf(10, 2.5)),
  );
  assert.throws(
    () => new ContextIndex([coded(0, 30), coded(1, 30, 32)]),
    new RangeError(featureMessages.contextBands(1, 32, 64)),
  );
  const empty = new ContextIndex([coded(0, 20)]);
  assert.equal(empty.count, 0, 'a clip of exactly Pb + Pf frames has no vector');
  assert.throws(() => empty.clipOf(0), new RangeError(featureMessages.contextIndex(0, 0)));
});
