/**
 * The DCASE 2020 Task 2 baseline auto-encoder (a reference method, not in the paper; its
 * keras_model.py): Dense 128 x 4 -> 8 -> 128 x 4 -> Q, every layer but the output followed by
 * BatchNormalization and ReLU, linear output. Keras defaults: glorot_uniform weights, zero biases;
 * batch norm with momentum 0.99 and epsilon 1e-3 (gamma 1, beta 0, moving mean 0, variance 1).
 * Training mode normalises with the batch's mean and (biased) variance and moves the running
 * statistics towards them (the variance with Keras's n / (n - 1) correction); inference uses the
 * running statistics.
 */
import { tf } from '../../engine/backend.ts';
import type { Rng } from '../../util/rng.ts';
import { batchNormInfer, batchNormTrain } from './batchNorm.ts';
import type { Dense } from '../network.ts';

/** The recipe (baseline.yaml and keras_model.py of the published baseline). */
export const DCASE_AE_RECIPE = {
  hidden: [128, 128, 128, 128],
  bottleneck: 8,
  batchSize: 512,
  learningRate: 1e-3,
  /** Keras 2.1's Adam epsilon (K.epsilon()). */
  adamEpsilon: 1e-7,
  epochs: 100,
  validationSplit: 0.1,
  bnMomentum: 0.99,
  bnEpsilon: 1e-3,
  /** Stacked frames: the context window t-2 .. t+2. */
  pb: 2,
  pf: 2,
} as const;

export interface BatchNorm {
  readonly gamma: tf.Variable<tf.Rank.R1>;
  readonly beta: tf.Variable<tf.Rank.R1>;
  readonly movingMean: tf.Variable<tf.Rank.R1>;
  readonly movingVar: tf.Variable<tf.Rank.R1>;
}

export interface DcaseAe {
  /** 10 dense layers, input side first. */
  readonly dense: Dense[];
  /** Batch norms after dense[0 .. 8]. */
  readonly bn: BatchNorm[];
}

/** Layer widths Q -> 128 x 4 -> 8 -> 128 x 4 -> Q. */
export const dcaseAeWidths = (q: number): number[] => {
  const { hidden, bottleneck } = DCASE_AE_RECIPE;
  return [q, ...hidden, bottleneck, ...hidden, q];
};

function glorotDense(rng: Rng, fanIn: number, fanOut: number): Dense {
  const limit = Math.sqrt(6 / (fanIn + fanOut));
  const w = new Float32Array(fanIn * fanOut);
  for (let i = 0; i < w.length; i++) w[i] = (2 * rng() - 1) * limit;
  return tf.tidy(() => ({
    w: tf.variable(tf.tensor2d(w, [fanIn, fanOut]), true),
    b: tf.variable(tf.zeros([fanOut]) as tf.Tensor1D, true),
  }));
}

const vector = (n: number, v: number, trainable: boolean): tf.Variable<tf.Rank.R1> =>
  tf.tidy(() => tf.variable(tf.fill([n], v) as tf.Tensor1D, trainable));

/** A fresh network for Q-dim inputs, weights drawn from `rng`. */
export function createDcaseAe(q: number, rng: Rng): DcaseAe {
  const widths = dcaseAeWidths(q);
  const dense: Dense[] = [];
  const bn: BatchNorm[] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    dense.push(glorotDense(rng, widths[i], widths[i + 1]));
    if (i + 2 < widths.length) {
      const n = widths[i + 1];
      bn.push({
        gamma: vector(n, 1, true),
        beta: vector(n, 0, true),
        movingMean: vector(n, 0, false),
        movingVar: vector(n, 1, false),
      });
    }
  }
  return { dense, bn };
}

/** Every variable in a fixed order (the weights file's): dense w, b...; bn gamma, beta, mean, var... */
export function dcaseAeVariables(ae: DcaseAe): tf.Variable[] {
  return [
    ...ae.dense.flatMap((d) => [d.w, d.b]),
    ...ae.bn.flatMap((b) => [b.gamma, b.beta, b.movingMean, b.movingVar]),
  ];
}

export interface BatchMoments {
  mean: tf.Tensor1D;
  variance: tf.Tensor1D;
}

/**
 * The reconstruction of x (N x Q). Training mode (`moments` given) normalises with batch
 * statistics and pushes each layer's moments to `moments`; inference uses the running ones.
 */
export function reconstruct(ae: DcaseAe, x: tf.Tensor2D, moments?: BatchMoments[]): tf.Tensor2D {
  const eps = DCASE_AE_RECIPE.bnEpsilon;
  let h = x;
  ae.dense.forEach((d, i) => {
    h = tf.fused.matMul({ a: h, b: d.w, bias: d.b }) as tf.Tensor2D;
    const b = ae.bn[i];
    if (!b) return;
    h = tf.relu(
      moments
        ? batchNormTrain(h, b.gamma, b.beta, eps, (mean, variance) =>
            moments.push({ mean, variance }),
          )
        : batchNormInfer(h, b.gamma, b.beta, b.movingMean, b.movingVar, eps),
    );
  });
  return h;
}

/** Moves the running statistics towards the batch moments (Keras's update, n = batch rows). */
export function updateRunning(ae: DcaseAe, moments: readonly BatchMoments[], n: number): void {
  const m = DCASE_AE_RECIPE.bnMomentum;
  const unbias = n > 1 ? n / (n - 1) : 1;
  tf.tidy(() => {
    moments.forEach((mo, i) => {
      const b = ae.bn[i];
      b.movingMean.assign(tf.add(tf.mul(b.movingMean, m), tf.mul(mo.mean, 1 - m)));
      b.movingVar.assign(
        tf.add(tf.mul(b.movingVar, m), tf.mul(mo.variance, (1 - m) * unbias)) as tf.Tensor1D,
      );
    });
  });
}

/** Per-row mean squared reconstruction error (the baseline's frame score), inference mode. */
export function frameErrors(ae: DcaseAe, x: tf.Tensor2D): tf.Tensor1D {
  return tf.tidy(() => tf.mean(tf.square(tf.sub(x, reconstruct(ae, x))), 1) as tf.Tensor1D);
}

export function disposeDcaseAe(ae: DcaseAe): void {
  for (const v of dcaseAeVariables(ae)) v.dispose();
}
