/**
 * What the two one-pass Adam optimizers share (fusedAdam.ts: the update with folded bias
 * corrections and L2; tfjsAdam.ts: tf.train.adam's exact operations): the settings, the moments
 * m and v per variable, and the loop that runs a pass per (variable, gradient). The moments live
 * on the wasm heap (one block per variable, m then v) where the optimizer has a SIMD pass for
 * it, else in JavaScript arrays; zero at a variable's first step. The new weights always go into
 * a fresh tensor, never in place: the stock wasm matmul (XNNPACK) caches packed weights per
 * tensor, so a tensor's values must never change under it.
 */
import * as tf from '@tensorflow/tfjs';
import { engineMessages } from '../messages/index.ts';
import { readValues, tensorFromFill, wasmHeap, type WasmHeap } from './heap.ts';

export interface AdamConfig {
  learningRate: number;
  /** Default 0.9 (tf.train.adam's). */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default: the backend's epsilon (1e-7 for float32), as tf.train.adam. */
  epsilon?: number;
}

/** A variable's gradient, as tf.Optimizer.minimize passes them. */
export type NamedGrad = { name: string; tensor: tf.Tensor };

/** The gradients of applyGradients() as a list. */
export const gradList = (grads: tf.NamedTensorMap | NamedGrad[]): NamedGrad[] =>
  Array.isArray(grads) ? grads : Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));

/** A variable's pass on the wasm heap: byte offsets of w, g, m, v and out, n elements. */
export type HeapPass = (
  name: string,
  w: number,
  g: number,
  m: number,
  v: number,
  out: number,
  n: number,
) => number;
/** The same pass on arrays (m, v updated in place, the new weights into out). */
export type ArrayPass = (
  name: string,
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  out: Float32Array,
) => number;

/** A variable's moments: byte offsets on the wasm heap, or JavaScript arrays. */
type Moments = { n: number } & (
  { heap: WasmHeap; m: number; v: number } | { heap?: undefined; m: Float32Array; v: Float32Array }
);

export abstract class HeapAdam extends tf.Optimizer {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  private readonly moments = new Map<string, Moments>();

  constructor(config: AdamConfig) {
    super();
    this.learningRate = config.learningRate;
    this.beta1 = config.beta1 ?? 0.9;
    this.beta2 = config.beta2 ?? 0.999;
    this.epsilon = config.epsilon ?? tf.backend().epsilon();
  }

  /**
   * Runs a pass per (variable, gradient): `onHeap(heap)`'s when it gives one on the wasm
   * backend, else `inArrays`; each variable then holds a fresh tensor. Returns the sum of what
   * the passes return, in the order of `grads`.
   */
  protected updateEach(
    grads: NamedGrad[],
    onHeap: (heap: WasmHeap) => HeapPass | undefined,
    inArrays: ArrayPass,
  ): number {
    const vars = tf.engine().registeredVariables;
    const heap = wasmHeap();
    const heapPass = heap && onHeap(heap);
    let total = 0;
    for (const { name, tensor: grad } of grads) {
      if (!grad) continue;
      const variable = vars[name];
      const mom = this.momentsOf(name, variable.size, heapPass ? heap : undefined);
      let next: tf.Tensor;
      if (mom.heap && heapPass) {
        const out = mom.heap.makeOutput(variable.shape);
        const at = (t: tf.TensorInfo) => mom.heap.offsetOf(t);
        total += heapPass(name, at(variable), at(grad), mom.m, mom.v, at(out), mom.n);
        next = tf.engine().makeTensorFromTensorInfo(out);
      } else if (!mom.heap) {
        const { m, v } = mom;
        next = tensorFromFill(variable.shape, (out) => {
          // Views after the allocation (a growing wasm heap detaches older ones).
          total += inArrays(name, readValues(variable), readValues(grad), m, v, out);
        });
      } else {
        throw new Error(engineMessages.adamBackendChanged(name));
      }
      variable.assign(next);
      next.dispose();
    }
    return total;
  }

  /** The moments of `name` (zero at the first step), on `heap` if given. */
  private momentsOf(name: string, n: number, heap: WasmHeap | undefined): Moments {
    let mom = this.moments.get(name);
    if (!mom) {
      if (heap) {
        const m = heap.malloc(8 * n);
        new Float32Array(heap.memory.buffer, m, 2 * n).fill(0);
        mom = { n, heap, m, v: m + 4 * n };
      } else {
        mom = { n, m: new Float32Array(n), v: new Float32Array(n) };
      }
      this.moments.set(name, mom);
    } else if (mom.n !== n) {
      throw new Error(engineMessages.variableResized(name, mom.n, n));
    }
    return mom;
  }

  /** m and v of a variable (copies), for tests. */
  momentsFor(name: string): { m: Float32Array; v: Float32Array } | undefined {
    const mom = this.moments.get(name);
    if (!mom) return undefined;
    if (!mom.heap) return { m: mom.m.slice(), v: mom.v.slice() };
    const buf = mom.heap.memory.buffer;
    return {
      m: new Float32Array(buf, mom.m, mom.n).slice(),
      v: new Float32Array(buf, mom.v, mom.n).slice(),
    };
  }

  override dispose(): void {
    for (const mom of this.moments.values()) if (mom.heap) mom.heap.free(mom.m);
    this.moments.clear();
    super.dispose();
  }

  override getConfig(): tf.serialization.ConfigDict {
    const { learningRate, beta1, beta2, epsilon } = this;
    return { learningRate, beta1, beta2, epsilon };
  }
}
