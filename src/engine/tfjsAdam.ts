/**
 * tf.train.adam (TensorFlow.js 4.22) with its results bit for bit, in one pass per variable
 * instead of its ~12 element-wise kernels (each a full pass over the weights, ~19 ms of a ~65 ms
 * PROP step on the NP step's 1.2 M weights). Where FusedAdam (./fusedAdam.ts) folds the bias
 * corrections into two constants (the same update up to rounding), this pass repeats
 * tf.train.adam's float32 operations in its order, so a model trained with it follows exactly
 * the trajectory it follows with tf.train.adam (test/engine/tfjsAdam.test.ts):
 *   m <- m b1 + g (1 - b1),  v <- v b2 + g^2 (1 - b2),
 *   w <- ((m / (1 - a1)) / (sqrt(v / (1 - a2)) + eps)) (-lr) + w,
 * every operation rounded to float32, the constants rounded to float32 first, and a1, a2 the
 * float32 running products of b1 and b2 (starting at b1, b2; updated after the step).
 * Two implementations with the same bits: tfjsAdamPass() in JavaScript (Math.fround after every
 * operation gives float32 arithmetic exactly, also for sqrt and division: float64 carries more
 * than twice float32's precision; ~17 ns per element), and on the wasm backend a WebAssembly
 * SIMD function on the heap (four lanes of the same IEEE float32 operations; moments on the
 * heap). The new weights go into a fresh tensor (never in place, see fusedAdam.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { perHeap } from './heap.ts';
import { gradList, HeapAdam, type AdamConfig, type NamedGrad } from './heapAdam.ts';
import {
  addr,
  compile,
  F32,
  f32x4,
  get,
  I32,
  instantiate,
  kernelModule,
  load,
  loop,
  set,
  store,
  tee,
  V128,
} from './wasmAsm.ts';

const fr = Math.fround;

/** Float32 constants of one step. */
interface StepConstants {
  b1: number;
  c1: number;
  b2: number;
  c2: number;
  /** 1 - a1 and 1 - a2. */
  om1: number;
  om2: number;
  eps: number;
  negLr: number;
}

/** One variable's pass: m, v updated in place, the new weights into out. */
export function tfjsAdamPass(
  w: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  out: Float32Array,
  k: StepConstants,
): void {
  const { b1, c1, b2, c2, om1, om2, eps, negLr } = k;
  for (let i = 0; i < w.length; i++) {
    const gi = g[i];
    const mi = fr(fr(m[i] * b1) + fr(gi * c1));
    const vi = fr(fr(v[i] * b2) + fr(fr(gi * gi) * c2));
    m[i] = mi;
    v[i] = vi;
    const den = fr(fr(Math.sqrt(fr(vi / om2))) + eps);
    out[i] = fr(fr(fr(fr(mi / om1) / den) * negLr) + w[i]);
  }
}

// tadam(w, g, m, v, out, end, b1, c1, b2, c2, om1, om2, eps, negLr): byte offsets, `end` the
// bytes of the 4-lane part. Locals: i; the constants' splats; gi, mi, vi.
const [W, G, M, V, OUT, END] = [0, 1, 2, 3, 4, 5];
const CONSTS = [6, 7, 8, 9, 10, 11, 12, 13];
const I = 14;
const [B1, C1, B2, C2, OM1, OM2, EPS, NEG_LR] = CONSTS.map((p) => p + 9); // their splats
const [GI, MI, VI] = [23, 24, 25];
const at = (base: number) => addr(base, I);

const compiled = compile(
  kernelModule(
    'tadam',
    [I32, I32, I32, I32, I32, I32, ...Array<number>(8).fill(F32)],
    [],
    [I32, ...Array<number>(11).fill(V128)],
    [
      ...CONSTS.flatMap((p) => [...get(p), ...f32x4.splat, ...set(p + 9)]),
      ...loop(I, END, 16, [
        ...at(G),
        ...load,
        ...set(GI),
        // m = m b1 + g c1
        ...at(M),
        ...at(M),
        ...load,
        ...get(B1),
        ...f32x4.mul,
        ...get(GI),
        ...get(C1),
        ...f32x4.mul,
        ...f32x4.add,
        ...tee(MI),
        ...store,
        // v = v b2 + (g g) c2
        ...at(V),
        ...at(V),
        ...load,
        ...get(B2),
        ...f32x4.mul,
        ...get(GI),
        ...get(GI),
        ...f32x4.mul,
        ...get(C2),
        ...f32x4.mul,
        ...f32x4.add,
        ...tee(VI),
        ...store,
        // out = ((m / om1) / (sqrt(v / om2) + eps)) negLr + w
        ...at(OUT),
        ...get(MI),
        ...get(OM1),
        ...f32x4.div,
        ...get(VI),
        ...get(OM2),
        ...f32x4.div,
        ...f32x4.sqrt,
        ...get(EPS),
        ...f32x4.add,
        ...f32x4.div,
        ...get(NEG_LR),
        ...f32x4.mul,
        ...at(W),
        ...load,
        ...f32x4.add,
        ...store,
      ]),
    ],
  ),
);

type PassFn = (
  w: number,
  g: number,
  m: number,
  v: number,
  out: number,
  end: number,
  ...k: number[]
) => void;
/** The SIMD pass bound to each wasm memory (undefined without WebAssembly SIMD). */
const tadamOn = perHeap((heap) =>
  compiled ? instantiate<PassFn>(compiled, heap.memory, 'tadam') : undefined,
);

export class TfjsAdam extends HeapAdam {
  static get className(): string {
    return 'TfjsAdam';
  }
  /** tf.train.adam's accBeta1, accBeta2 (float32). */
  private acc1: number;
  private acc2: number;

  constructor(config: AdamConfig) {
    super(config);
    this.acc1 = fr(this.beta1);
    this.acc2 = fr(this.beta2);
  }

  override applyGradients(grads: tf.NamedTensorMap | NamedGrad[]): void {
    const [b1, b2] = [fr(this.beta1), fr(this.beta2)];
    const k: StepConstants = {
      b1,
      c1: fr(1 - this.beta1),
      b2,
      c2: fr(1 - this.beta2),
      om1: fr(1 - this.acc1),
      om2: fr(1 - this.acc2),
      eps: fr(this.epsilon),
      negLr: fr(-this.learningRate),
    };
    const consts = [k.b1, k.c1, k.b2, k.c2, k.om1, k.om2, k.eps, k.negLr];
    this.updateEach(
      gradList(grads),
      (heap) => {
        const pass = tadamOn(heap);
        return (
          pass &&
          ((_, w, g, m, v, out, n) => {
            const main = n - (n % 4);
            pass(w, g, m, v, out, 4 * main, ...consts);
            if (main < n) {
              // The last n mod 4 elements in JavaScript (views made now: the heap may have grown).
              const buf = heap.memory.buffer;
              const view = (o: number) => new Float32Array(buf, o + 4 * main, n - main);
              tfjsAdamPass(view(w), view(g), view(m), view(v), view(out), k);
            }
            return 0;
          })
        );
      },
      (_, w, g, m, v, out) => {
        tfjsAdamPass(w, g, m, v, out, k);
        return 0;
      },
    );
    this.acc1 = fr(this.acc1 * b1);
    this.acc2 = fr(this.acc2 * b2);
    this.incrementIterations();
  }
}
