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
import { engineMessages } from '../messages/index.ts';
import { AdamOnHeap, adamPass, type PassConstants } from './adamKernel.ts';
import { assignFresh, gradList, MomentStore, type NamedGrad } from './adamMoments.ts';
import { readValues, tensorFromFill, wasmHeap, type WasmHeap } from './heap.ts';
import type { WasmMemory } from './wasmAsm.ts';

/** One SIMD pass per wasm memory (a process has one TensorFlow.js heap per wasm backend). */
const onHeap = new WeakMap<WasmMemory, AdamOnHeap | null>();

function heapPass(heap: WasmHeap): AdamOnHeap | undefined {
  let p = onHeap.get(heap.memory);
  if (p === undefined) onHeap.set(heap.memory, (p = AdamOnHeap.create(heap.memory) ?? null));
  return p ?? undefined;
}

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
  private readonly moments = new MomentStore();
  private t = 0;

  constructor(config: FusedAdamConfig) {
    super();
    this.learningRate = config.learningRate;
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.epsilon = config.epsilon ?? tf.backend().epsilon();
  }

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
    const vars = tf.engine().registeredVariables;
    const heap = wasmHeap();
    const pass = heap && heapPass(heap);
    let sumSq = 0;
    for (const { name, tensor: grad } of grads) {
      if (!grad) continue;
      const variable = vars[name];
      const c = penalised.has(name) ? 2 * lambda : 0;
      const mom = this.moments.of(name, variable.size, pass ? heap : undefined);
      let ss: number;
      if (mom.heap && pass) {
        // Into a fresh tensor, not in place: the stock wasm matmul (XNNPACK) caches packed
        // weights per tensor, so a tensor's values must never change under it.
        const next = mom.heap.makeOutput(variable.shape);
        const w = mom.heap.offsetOf(variable);
        ss = pass.step(
          w,
          mom.heap.offsetOf(grad),
          mom.m,
          mom.v,
          mom.heap.offsetOf(next),
          mom.n,
          c,
          k,
        );
        assignFresh(variable, tf.engine().makeTensorFromTensorInfo(next));
      } else if (!mom.heap) {
        const { m, v } = mom;
        ss = 0;
        const next = tensorFromFill(variable.shape, (out) => {
          // Views after the allocation (a growing wasm heap detaches older ones).
          ss = adamPass(readValues(variable), readValues(grad), m, v, out, c, k);
        });
        assignFresh(variable, next);
      } else {
        throw new Error(engineMessages.adamBackendChanged(name));
      }
      if (c !== 0) sumSq += ss;
    }
    return lambda * sumSq;
  }

  /** m and v of a variable (copies), for tests. */
  momentsFor(name: string): { m: Float32Array; v: Float32Array } | undefined {
    return this.moments.copies(name);
  }

  override dispose(): void {
    this.moments.clear();
    super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { learningRate, beta1, beta2, epsilon } = this;
    return { learningRate, beta1, beta2, epsilon };
  }
}
