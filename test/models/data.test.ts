import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ContextIndex } from '../../src/features/context.ts';
import type { LogMel } from '../../src/features/logmel.ts';
import { methodStepsPerEpoch, otherOrNormal, stepsPerEpoch } from '../../src/models/data.ts';

const mel = (frames: number): LogMel =>
  ({ nFrames: frames, nMels: 2, data: new Float32Array(frames * 2) }) as unknown as LogMel;
const ctx = { pb: 1, pf: 1 };

test('otherOrNormal: without O, PROP learns from D in its place; AE and VAE train on D alone', () => {
  const normal = new ContextIndex([mel(10)], ctx);
  const empty = { normal, other: new ContextIndex([], ctx) };
  assert.equal(otherOrNormal(empty, 'prop').other, normal);
  assert.equal(otherOrNormal(empty, 'ae'), empty);
  assert.equal(otherOrNormal(empty, 'vae'), empty);
  const withO = { normal, other: new ContextIndex([mel(5)], ctx) };
  assert.equal(otherOrNormal(withO, 'prop'), withO);
});

test('steps per epoch: natural (AE/VAE over D and O, PROP over D), normal (D for all), override', () => {
  const counts = { normal: 1050, other: 20_000 };
  const at = (epochBasis: 'natural' | 'normal', stepsPerEpoch = 0) => ({
    batchSize: 100,
    stepsPerEpoch,
    epochBasis,
  });
  // natural: floor(21,050 / 100) = 210 for AE and VAE, floor(1,050 / 100) = 10 for PROP.
  assert.equal(methodStepsPerEpoch('ae', counts, at('natural')), 210);
  assert.equal(methodStepsPerEpoch('vae', counts, at('natural')), 210);
  assert.equal(methodStepsPerEpoch('prop', counts, at('natural')), 10);
  // normal: every method one pass over D.
  for (const m of ['ae', 'vae', 'prop'] as const)
    assert.equal(methodStepsPerEpoch(m, counts, at('normal')), 10, m);
  // stepsPerEpoch > 0 overrides either basis.
  for (const m of ['ae', 'vae', 'prop'] as const)
    for (const b of ['natural', 'normal'] as const)
      assert.equal(methodStepsPerEpoch(m, counts, at(b, 7)), 7, `${m} ${b}`);
  // Without O (own recordings) the bases agree; fewer vectors than K still make one step.
  assert.equal(methodStepsPerEpoch('ae', { normal: 1050, other: 0 }, at('natural')), 10);
  assert.equal(methodStepsPerEpoch('vae', { normal: 30, other: 0 }, at('normal')), 1);
  assert.equal(stepsPerEpoch(30, 100, 0), 1);
});
