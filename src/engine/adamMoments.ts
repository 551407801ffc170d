/**
 * Adam's per-variable moments m and v for the fused optimizers (fusedAdam.ts, tfjsAdam.ts): on
 * the wasm heap (byte offsets, m and v one block, so SIMD passes read them in place) or in
 * JavaScript arrays elsewhere; zero at a variable's first step.
 */
import type * as tf from '@tensorflow/tfjs';
import { engineMessages } from '../messages/index.ts';
import type { WasmHeap } from './heap.ts';

/** A variable's moments: byte offsets on the wasm heap, or JavaScript arrays. */
export type Moments = { n: number } & (
  { heap: WasmHeap; m: number; v: number } | { heap?: undefined; m: Float32Array; v: Float32Array }
);

/** A variable's gradient, as tf.Optimizer.minimize passes them. */
export type NamedGrad = { name: string; tensor: tf.Tensor };

/** The gradients of applyGradients() as a list. */
export const gradList = (grads: tf.NamedTensorMap | NamedGrad[]): NamedGrad[] =>
  Array.isArray(grads) ? grads : Object.entries(grads).map(([name, tensor]) => ({ name, tensor }));

/** Replaces a variable's value by `next` (a fresh tensor) and drops the caller's reference. */
export function assignFresh(variable: tf.Variable, next: tf.Tensor): void {
  variable.assign(next);
  next.dispose();
}

export class MomentStore {
  private readonly moments = new Map<string, Moments>();

  /** The moments of `name` (zero at the first step), on `heap` if given. */
  of(name: string, n: number, heap: WasmHeap | undefined): Moments {
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
  copies(name: string): { m: Float32Array; v: Float32Array } | undefined {
    const mom = this.moments.get(name);
    if (!mom) return undefined;
    if (!mom.heap) return { m: mom.m.slice(), v: mom.v.slice() };
    const buf = mom.heap.memory.buffer;
    return {
      m: new Float32Array(buf, mom.m, mom.n).slice(),
      v: new Float32Array(buf, mom.v, mom.n).slice(),
    };
  }

  /** Frees the heap blocks and forgets every variable. */
  clear(): void {
    for (const mom of this.moments.values()) if (mom.heap) mom.heap.free(mom.m);
    this.moments.clear();
  }
}
