/**
 * Adam (Kingma and Ba) with the whole per-variable update in one pass over the values, instead
 * of tf.train.adam's ~12 element-wise kernels per variable (each a full pass over the weights:
 * ~25 ms of a ~110 ms step of the paper's VAE on wasm). Same update as tf.train.adam 4.22:
 *   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,
 *   w <- w - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps),  eps = the backend's epsilon.
 * Moments are float32 arrays (not tensors); arithmetic is float64, stored float32. The pass runs
 * as a WebAssembly SIMD function (adamKernel.ts: ~2.5x faster than the JavaScript loop, same
 * results bit for bit), or as the JavaScript loop below where WebAssembly SIMD is unavailable.
 *
 * minimizeL2() also folds an L2 penalty lambda sum ||w||^2 into the same pass: its gradient
 * 2 lambda w is added to g there (what autodiff of the penalty would give, without its forward
 * and backward kernels), and the penalty's value before the step is returned.
 */
import * as tf from '@tensorflow/tfjs';
import { AdamKernel, type PassConstants } from './adamKernel.ts';
import { readValues, tensorFromFill } from './heap.ts';

/**
 * out = w after one Adam step with gradient g + c w; updates m and v in place; returns sum w^2.
 * A plain top-level loop (one sqrt and one division per element) so V8 optimises it once.
 */
export function adamPass(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  out: Float32Array,
  c: number,
  k: PassConstants,
): number {
  const { b1, b2, stepScale, rootScale, eps } = k;
  const c1 = 1 - b1;
  const c2 = 1 - b2;
  let ss = 0;
  for (let i = 0; i < w.length; i++) {
    const wi = w[i];
    const gi = g[i] + c * wi;
    ss += wi * wi;
    const mi = b1 * m[i] + c1 * gi;
    const vi = b2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    out[i] = wi - (stepScale * mi) / (Math.sqrt(vi) * rootScale + eps);
  }
  return ss;
}

/** A variable's gradient, as tf.Optimizer.minimize passes them. */
type NamedGrad = { name: string; tensor: tf.Tensor };

export interface FusedAdamConfig {
  learningRate: number;
  /** Default 0.9 (tf.train.adam's). */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default: the backend's epsilon (1e-7 for float32), as tf.train.adam. */
  epsilon?: number;
}

/**
 * True for a FusedAdam. (`instanceof FusedAdam` is true for every tfjs optimizer: tf.Optimizer
 * defines Symbol.hasInstance by duck typing, and subclasses inherit it.)
 */
export function isFusedAdam(opt: tf.Optimizer): opt is FusedAdam {
  return typeof (opt as Partial<FusedAdam>).minimizeL2 === 'function';
}

export class FusedAdam extends tf.Optimizer {
  static get className(): string {
    return 'FusedAdam';
  }
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  /** The SIMD pass and its moments; else `moments` and the JavaScript loop. */
  private kernel = AdamKernel.create();
  private readonly moments = new Map<string, { m: Float32Array; v: Float32Array }>();
  private t = 0;

  constructor(config: FusedAdamConfig) {
    super();
    this.learningRate = config.learningRate;
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.epsilon = config.epsilon ?? tf.backend().epsilon();
  }

  override applyGradients(grads: tf.NamedTensorMap | NamedGrad[]): void {
    const list = Array.isArray(grads)
      ? grads
      : Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));
    this.update(list, new Set(), 0);
  }

  /**
   * One step lowering f() + lambda * sum over `weights` of ||w||^2 over `vars` (weights must be
   * among vars). f's value is returned (caller disposes) with the penalty before the step.
   */
  minimizeL2(
    f: () => tf.Scalar,
    vars: tf.Variable[],
    weights: readonly tf.Variable[],
    lambda: number,
  ): { value: tf.Scalar; penalty: number } {
    const { value, grads } = tf.variableGrads(f, vars);
    try {
      const list = vars.map((v) => ({ name: v.name, tensor: grads[v.name] }));
      const penalty = this.update(list, new Set(weights.map((w) => w.name)), lambda);
      return { value, penalty };
    } finally {
      tf.dispose(grads);
    }
  }

  /** The Adam pass over every (variable, gradient); returns lambda * sum ||w||^2 of `penalised`. */
  private update(grads: NamedGrad[], penalised: Set<string>, lambda: number): number {
    this.t++;
    this.incrementIterations();
    const { beta1, beta2, epsilon } = this;
    // lr (m / bc1) / (sqrt(v / bc2) + eps) = (lr / bc1) m / (sqrt(v) / sqrt(bc2) + eps).
    const k: PassConstants = {
      b1: beta1,
      b2: beta2,
      stepScale: this.learningRate / (1 - beta1 ** this.t),
      rootScale: 1 / Math.sqrt(1 - beta2 ** this.t),
      eps: epsilon,
    };
    const vars = tf.engine().registeredVariables;
    let sumSq = 0;
    for (const { name, tensor: grad } of grads) {
      if (!grad) continue;
      const variable = vars[name];
      const c = penalised.has(name) ? 2 * lambda : 0;
      const kernel = this.kernel;
      let pass: (w: Float32Array, g: Float32Array, out: Float32Array) => number;
      if (kernel) {
        pass = (w, g, out) => kernel.step(name, w, g, out, c, k);
      } else {
        const n = variable.size;
        let mom = this.moments.get(name);
        if (!mom)
          this.moments.set(name, (mom = { m: new Float32Array(n), v: new Float32Array(n) }));
        const { m, v } = mom;
        pass = (w, g, out) => adamPass(w, g, m, v, out, c, k);
      }
      const next = tensorFromFill(variable.shape, (out) => {
        // Views after the allocation (a growing wasm heap detaches older ones).
        const ss = pass(readValues(variable), readValues(grad), out);
        if (c !== 0) sumSq += ss;
      });
      variable.assign(next);
      next.dispose();
    }
    return lambda * sumSq;
  }

  override dispose(): void {
    this.moments.clear();
    this.kernel = undefined;
    super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { learningRate, beta1, beta2, epsilon } = this;
    return { learningRate, beta1, beta2, epsilon };
  }
}
