import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { tprAtFpr } from '../../src/evaluate/metrics/roc.ts';
import { trainAutoencoder } from '../../src/models/autoencoder.ts';
import { trainProp } from '../../src/models/prop.ts';
import { smallSettings } from '../models/helpers.ts';
import { SIGNATURE_Q, signatureToy } from '../models/signature-toy.ts';

await initBackend();

// On a toy whose anomalies are known, PROP's TPR at FPR = rho beats the VAE's
// on every seed. Both get the same network, settings and 400 training steps (PROP's steps each add
// an NP step, as Algorithm 1 does). learningRate 3e-3 instead of 1e-3 so 400 steps train these
// small nets (at 1e-3 the margin holds too but needs 1200 steps, about 10 s per seed). Measured
// (docs/findings/prop-toy.md): PROP - VAE = 0.56 .. 0.92 over seeds 1-16, VAE 0.04 .. 0.26.
const SEEDS = [1, 2, 3, 4, 5];
const MARGIN = 0.3;

test('signature toy: PROP beats the VAE in TPR at FPR = rho on every seed', () => {
  const s = smallSettings({ stepsPerEpoch: 20, epochs: 20, learningRate: 3e-3 });
  const before = tf.memory().numTensors;
  const rows: string[] = [];
  const diffs: number[] = [];
  for (const seed of SEEDS) {
    const toy = signatureToy(seed);
    const mel = { data: toy.test, nFrames: toy.labels.length, nMels: SIGNATURE_Q };
    const tpr = (train: () => ReturnType<typeof trainProp>) => {
      const { detector } = train();
      const t = tprAtFpr(detector.scoreFrames(mel), toy.labels, s.rho);
      detector.dispose();
      return t;
    };
    const vae = tpr(() => trainAutoencoder(true, toy.train, s, { seed }));
    const prop = tpr(() => trainProp(toy.train, s, { seed }));
    diffs.push(prop - vae);
    rows.push(`seed ${seed}: VAE ${vae.toFixed(3)}, PROP ${prop.toFixed(3)}`);
  }
  assert.ok(Math.min(...diffs) > MARGIN, rows.join('; '));
  assert.equal(tf.memory().numTensors, before);
});
