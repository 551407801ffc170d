/**
 * Adam (Kingma and Ba) with the whole per-variable update in one pass over the values, instead
 * of tf.train.adam's ~12 element-wise kernels per variable (each a full pass over the weights).
 * Same update as tf.train.adam 4.22, in float32 as its kernels:
 *   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,
 *   w <- w - lr (m / (1 - b1^t)) / (sqrt(v / (1 - b2^t)) + eps),  eps = the backend's epsilon.
 * On the wasm backend the pass is a WebAssembly SIMD function working on the tensors' memory
 * (adamKernel.ts): the moments live on the wasm heap, the weights and the gradient are read where
 * they are and the new weights written straight into a fresh tensor (never in place: the stock
 * wasm matmul caches packed weights per tensor). Elsewhere the same pass runs in JavaScript on
 * Float32Array moments.
 *
 * minimizeL2() also folds an L2 penalty lambda sum ||w||^2 into the same pass: its gradient
 * 2 lambda w is added to g there (what autodiff of the penalty would give, without its forward
 * and backward kernels), and the penalty's value before the step is returned.
 */
import * as tf from '@tensorflow/tfjs';
import { AdamOnHeap, adamPass, type PassConstants } from './adamKernel.ts';
import { perHeap } from './heap.ts';
import { gradList, HeapAdam, type NamedGrad } from './heapAdam.ts';

/** One SIMD pass per wasm memory. */
const heapPass = perHeap((heap) => AdamOnHeap.create(heap.memory));

/**
 * True for a FusedAdam. (`instanceof FusedAdam` is true for every tfjs optimizer: tf.Optimizer
 * defines Symbol.hasInstance by duck typing, and subclasses inherit it.)
 */
export function isFusedAdam(opt: tf.Optimizer): opt is FusedAdam {
  return typeof (opt as Partial<FusedAdam>).minimizeL2 === 'function';
}

export class FusedAdam extends HeapAdam {
  static get className(): string {
    return 'FusedAdam';
  }
  private t = 0;

  override applyGradients(grads: tf.NamedTensorMap | NamedGrad[]): void {
    this.update(gradList(grads), new Set(), 0);
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
    // c = 2 lambda for the penalised weights (their pass returns sum w^2), else 0.
    const cOf = (name: string) => (penalised.has(name) ? 2 * lambda : 0);
    const sumSq = this.updateEach(
      grads,
      (heap) => {
        const pass = heapPass(heap);
        return (
          pass &&
          ((name, w, g, m, v, out, n) => {
            const c = cOf(name);
            const ss = pass.step(w, g, m, v, out, n, c, k);
            return c !== 0 ? ss : 0;
          })
        );
      },
      (name, w, g, m, v, out) => {
        const c = cOf(name);
        const ss = adamPass(w, g, m, v, out, c, k);
        return c !== 0 ? ss : 0;
      },
    );
    return lambda * sumSq;
  }
}
