// FusedAdam (src/engine/fusedAdam.ts) against tf.train.adam: same trajectory over several steps
// on the active backend and on cpu, the L2 penalty folded into the pass equal to the penalty
// in the graph, no leaked tensors.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { initBackend, tf } from '../../src/engine/backend.ts';
import { FusedAdam } from '../../src/engine/fusedAdam.ts';
import { fillGaussian, makeRng } from '../../src/util/rng.ts';

await initBackend();
const active = tf.getBackend(); // 'wasm' also under 'wasm+dnnl' (the kernels differ, not the backend)

function values(n: number, purpose: string): Float32Array {
  const v = new Float32Array(n);
  fillGaussian(makeRng(3, purpose), v);
  return v;
}

/** A tiny regression problem: loss = mean((x W + b - y)^2) (+ lambda ||W||^2 in the graph). */
function problem() {
  const x = tf.tensor2d(values(40 * 6, 'x'), [40, 6]);
  const y = tf.tensor2d(values(40 * 3, 'y'), [40, 3]);
  const w = tf.tidy(() => tf.variable(tf.tensor2d(values(18, 'w'), [6, 3])));
  const b = tf.tidy(() => tf.variable(tf.zeros([3])));
  const data = () => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(x, w), b), y))) as tf.Scalar;
  return { x, y, w, b, data, dispose: () => tf.dispose([x, y, w, b]) };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

for (const backend of [...new Set([active, 'cpu'])]) {
  test(`FusedAdam follows tf.train.adam step for step (${backend})`, async () => {
    assert.ok(await tf.setBackend(backend));
    try {
      const before = tf.memory().numTensors;
      const lambda = 0.05;
      const ref = problem();
      const fast = problem();
      const refOpt = tf.train.adam(0.01);
      const fastOpt = new FusedAdam({ learningRate: 0.01 });
      for (let step = 0; step < 25; step++) {
        const penalty = tf.tidy(() => tf.mul(tf.sum(tf.square(ref.w)), lambda).dataSync()[0]);
        const refLoss = refOpt.minimize(
          () => tf.add(ref.data(), tf.mul(tf.sum(tf.square(ref.w)), lambda)) as tf.Scalar,
          true,
          [ref.w, ref.b],
        ) as tf.Scalar;
        const r = fastOpt.minimizeL2(fast.data, [fast.w, fast.b], [fast.w], lambda);
        assert.ok(Math.abs(r.penalty - penalty) < 1e-5 * penalty, `penalty at step ${step}`);
        const total = r.value.dataSync()[0] + r.penalty;
        assert.ok(Math.abs(total - refLoss.dataSync()[0]) < 1e-4, `loss at step ${step}`);
        tf.dispose([refLoss, r.value]);
      }
      assert.ok(maxAbsDiff(fast.w.dataSync(), ref.w.dataSync()) < 1e-5);
      assert.ok(maxAbsDiff(fast.b.dataSync(), ref.b.dataSync()) < 1e-5);
      // Without the penalty, through the tf.Optimizer interface.
      for (let step = 0; step < 5; step++) {
        refOpt.minimize(ref.data, false, [ref.w, ref.b]);
        fastOpt.minimize(fast.data, false, [fast.w, fast.b]);
      }
      assert.ok(maxAbsDiff(fast.w.dataSync(), ref.w.dataSync()) < 1e-5);
      assert.equal(fastOpt.iterations, 30);
      refOpt.dispose();
      fastOpt.dispose();
      ref.dispose();
      fast.dispose();
      assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
    } finally {
      await tf.setBackend(active);
    }
  });
}

test('a variable whose values another tensor shares: the other tensor keeps its values', () => {
  const before = tf.memory().numTensors;
  const w = tf.tidy(() => tf.variable(tf.tensor1d([1, 2, 3, 4, 5])));
  const snapshot = tf.clone(w); // shares w's values until w is assigned
  const opt = new FusedAdam({ learningRate: 0.1 });
  opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar, false, [w]);
  assert.deepEqual(
    Array.from(snapshot.dataSync()),
    [1, 2, 3, 4, 5],
    'the snapshot keeps its values',
  );
  // The first Adam step moves every weight by lr against the gradient's sign (m/sqrt(v) = 1).
  const moved = Array.from(w.dataSync()).map((x, i) => i + 1 - x);
  assert.ok(
    moved.every((d) => Math.abs(d - 0.1) < 1e-5),
    `steps ${moved.join(', ')}`,
  );
  opt.minimize(() => tf.sum(tf.square(w)) as tf.Scalar, false, [w]);
  assert.deepEqual(Array.from(snapshot.dataSync()), [1, 2, 3, 4, 5]);
  assert.ok(opt.momentsFor(w.name), 'moments kept per variable');
  opt.dispose();
  tf.dispose([w, snapshot]);
  assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
});
