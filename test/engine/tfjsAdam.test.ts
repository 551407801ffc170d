// TfjsAdam (src/engine/tfjsAdam.ts) against tf.train.adam: the same weights bit for bit after
// many steps, on the active backend (the SIMD pass on the wasm heap) and on cpu (JavaScript),
// with sizes that leave a tail after the four-lane part; no leaked tensors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { TfjsAdam } from '../../src/engine/tfjsAdam.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';

await initBackend();
const active = tf.getBackend();

function values(n: number, purpose: string): Float32Array {
  const v = new Float32Array(n);
  fillGaussian(makeRng(5, purpose), v);
  return v;
}

/** Weights [37, 13] (481: a tail of 1), bias [13], head [13, 8]; loss over 20 rows. */
function problem() {
  const x = tf.tensor2d(values(20 * 37, 'x'), [20, 37]);
  const shapes = [[37, 13], [13], [13, 8]];
  const vars = shapes.map((s, i) =>
    tf.tidy(() =>
      tf.variable(
        tf.tensor(
          values(
            s.reduce((p, d) => p * d, 1),
            `w${i}`,
          ),
          s,
        ),
      ),
    ),
  );
  const loss = () =>
    tf.tidy(() => {
      const h = tf.relu(tf.add(tf.matMul(x, vars[0]), vars[1]));
      return tf.sum(tf.square(tf.sub(tf.matMul(h, vars[2]), 0.3))) as tf.Scalar;
    });
  return { vars, loss, dispose: () => tf.dispose([x, ...vars]) };
}

const bits = (t: tf.Tensor) => Array.from(new Uint32Array(Float32Array.from(t.dataSync()).buffer));

for (const backend of [...new Set([active, 'cpu'])]) {
  test(`TfjsAdam gives tf.train.adam's weights bit for bit (${backend})`, async () => {
    assert.ok(await tf.setBackend(backend));
    try {
      const before = tf.memory().numTensors;
      const runs = [tf.train.adam(1e-2), new TfjsAdam({ learningRate: 1e-2 })].map((opt) => {
        const p = problem();
        for (let s = 0; s < 40; s++) opt.minimize(p.loss, false, p.vars);
        const out = p.vars.map(bits);
        const moved = p.vars[0].dataSync()[0] !== values(481, 'w0')[0];
        p.dispose();
        opt.dispose();
        return { out, moved };
      });
      assert.ok(runs[0].moved, 'the weights moved');
      runs[0].out.forEach((w, i) => assert.deepEqual(runs[1].out[i], w, `variable ${i}`));
      assert.equal(tf.memory().numTensors, before, 'no tensors left');
    } finally {
      await tf.setBackend(active);
    }
  });
}
