/**
 * Batch normalisation of h (N x C) for the DCASE baseline (Keras BatchNormalization, axis -1):
 * training mode y = gamma (h - mu) / sqrt(var + eps) + beta with the batch's mean mu and biased
 * variance var, and its gradient written out (Ioffe and Szegedy 2015, section 3):
 *   dbeta = sum_n dy,  dgamma = sum_n dy xhat,
 *   dh = (1 / sqrt(var + eps)) (dxhat - mean_n dxhat - xhat mean_n (dxhat xhat)),  dxhat = dy gamma.
 * Inference mode uses given (running) statistics.
 *
 * Every sum over the batch is a product with a row of ones and every broadcast of a row a
 * product with a column of ones, so all of it runs as matmuls and same-shape element-wise
 * kernels: the wasm backend's reductions over axis 0 and its broadcasting element-wise kernels
 * took 1-10 ms each at these shapes (512 x 128), and autodiff of tf.moments chained many of them
 * (~50 ms of a ~100 ms training step of the baseline before).
 */
import { tf } from '../../engine/backend.ts';

/** 1 x n and n x 1 ones (n floats each: cheap to make per call). */
const onesOf = (n: number) => ({
  row: tf.ones([1, n]) as tf.Tensor2D,
  col: tf.ones([n, 1]) as tf.Tensor2D,
});

/** Each row of x (N x C) replaced by `row` (1 x C or [C]): ones(N, 1) row. */
const broadcastRows = (row: tf.Tensor, n: number): tf.Tensor2D =>
  tf.matMul(onesOf(n).col, tf.reshape(row, [1, -1]));

/** Sum over the rows of x (N x C): 1 x C. */
const sumRows = (x: tf.Tensor2D): tf.Tensor2D => tf.matMul(onesOf(x.shape[0]).row, x);

/**
 * Training-mode batch norm of h with trainable gamma, beta ([C]); `onMoments` receives the
 * batch mean and biased variance ([C], kept: the caller disposes them).
 */
export function batchNormTrain(
  h: tf.Tensor2D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  eps: number,
  onMoments: (mean: tf.Tensor1D, variance: tf.Tensor1D) => void,
): tf.Tensor2D {
  const n = h.shape[0];
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, g, b, save] = args as [tf.Tensor2D, tf.Tensor1D, tf.Tensor1D, tf.GradSaveFunc];
    const mean = tf.div(sumRows(x), n);
    const xc = tf.sub(x, broadcastRows(mean, n));
    const variance = tf.div(sumRows(tf.square(xc) as tf.Tensor2D), n);
    const inv = tf.rsqrt(tf.add(variance, eps));
    const xhat = tf.mul(xc, broadcastRows(inv, n)) as tf.Tensor2D;
    onMoments(tf.keep(tf.reshape(mean, [-1])), tf.keep(tf.reshape(variance, [-1])));
    save([xhat, inv, g]);
    return {
      value: tf.add(tf.mul(xhat, broadcastRows(g, n)), broadcastRows(b, n)),
      gradFunc: (dy: tf.Tensor | tf.Tensor[], saved: tf.Tensor[]) => {
        const d = dy as tf.Tensor2D;
        const [xh, iv, gm] = saved as [tf.Tensor2D, tf.Tensor2D, tf.Tensor1D];
        const dxhat = tf.mul(d, broadcastRows(gm, n)) as tf.Tensor2D;
        const meanDxhat = tf.div(sumRows(dxhat), n);
        const meanDxhatXhat = tf.div(sumRows(tf.mul(dxhat, xh) as tf.Tensor2D), n);
        const dx = tf.mul(
          broadcastRows(iv, n),
          tf.sub(
            tf.sub(dxhat, broadcastRows(meanDxhat, n)),
            tf.mul(xh, broadcastRows(meanDxhatXhat, n)),
          ),
        );
        const dgamma = tf.reshape(sumRows(tf.mul(d, xh) as tf.Tensor2D), [-1]);
        const dbeta = tf.reshape(sumRows(d), [-1]);
        return [dx, dgamma, dbeta];
      },
    };
  });
  return op(h, gamma, beta) as tf.Tensor2D;
}

/** Inference-mode batch norm of h with the given statistics ([C] each). */
export function batchNormInfer(
  h: tf.Tensor2D,
  gamma: tf.Tensor1D,
  beta: tf.Tensor1D,
  mean: tf.Tensor1D,
  variance: tf.Tensor1D,
  eps: number,
): tf.Tensor2D {
  // y = h a + c with a = gamma / sqrt(var + eps), c = beta - mean a.
  const a = tf.mul(gamma, tf.rsqrt(tf.add(variance, eps)));
  const c = tf.sub(beta, tf.mul(mean, a));
  const n = h.shape[0];
  return tf.add(tf.mul(h, broadcastRows(a, n)), broadcastRows(c, n));
}
