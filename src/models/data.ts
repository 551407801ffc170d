/**
 * Training data and mini-batches (METHOD.md sections 2, 4, 7). D (normal sound of the target
 * machine) and O (various other sounds) are ContextIndex objects over standardised log-mel
 * matrices; context vectors are assembled per mini-batch into one reused buffer, never
 * materialised for a whole set. All shuffling takes an injected seeded generator.
 */
import type { ContextIndex } from '../features/context.ts';
import { modelMessages } from '../messages/index.ts';
import type { Rng } from '../util/rng.ts';
import type { ModelSettings } from './settings.ts';

export interface TrainData {
  /** D: normal training sound (standardised log-mel, context vectors of Q dims). */
  readonly normal: ContextIndex;
  /** O: various sounds (same front end and standardisation as D); may be empty for AE, VAE. */
  readonly other: ContextIndex;
}

/**
 * Checks D is non-empty, O too unless `otherOptional` (AE and VAE can train on D alone), and
 * that both have the same Q; returns Q.
 */
export function checkData(data: TrainData, what: string, otherOptional = false): number {
  if (data.normal.count === 0) throw new RangeError(modelMessages.noVectors(`${what}: D`));
  if (data.other.count === 0) {
    if (otherOptional) return data.normal.dim;
    throw new RangeError(modelMessages.noVectors(`${what}: O`));
  }
  if (data.other.dim !== data.normal.dim) {
    throw new RangeError(modelMessages.dimMismatch(`${what}: O`, data.other.dim, data.normal.dim));
  }
  return data.normal.dim;
}

/** A uniform random permutation of 0 .. n-1 (Fisher-Yates). */
export function permutation(n: number, rng: Rng): Int32Array {
  const p = new Int32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * An endless stream of indices 0 .. n-1: passes through a random permutation and reshuffles
 * when it runs out, so every vector is seen once per pass.
 */
export class IndexStream {
  private perm: Int32Array;
  private pos = 0;
  constructor(
    readonly n: number,
    private readonly rng: Rng,
  ) {
    this.perm = permutation(n, rng);
  }

  /** Fills `out` with the next out.length indices. */
  take(out: Int32Array): Int32Array {
    for (let i = 0; i < out.length; i++) {
      if (this.pos === this.n) {
        this.perm = permutation(this.n, this.rng);
        this.pos = 0;
      }
      out[i] = this.perm[this.pos++];
    }
    return out;
  }
}

/**
 * D and O as one set (AE and VAE train on both together, section 4): index g < |D| is D's
 * vector g, otherwise O's vector g - |D|.
 */
export class UnionIndex {
  readonly count: number;
  readonly dim: number;
  private readonly one = new Int32Array(1);
  constructor(private readonly data: TrainData) {
    this.count = data.normal.count + data.other.count;
    this.dim = data.normal.dim;
  }

  /** Copies vectors `indices` into `out` (row-major, indices.length x Q). */
  assemble(indices: Int32Array, out: Float32Array): void {
    const nd = this.data.normal.count;
    for (let i = 0; i < indices.length; i++) {
      const g = indices[i];
      this.one[0] = g < nd ? g : g - nd;
      (g < nd ? this.data.normal : this.data.other).assemble(this.one, out, i);
    }
  }
}

/** Steps per epoch: `override` if > 0, else floor(n / K) (at least 1; a last partial batch is dropped). */
export function stepsPerEpoch(n: number, batch: number, override: number): number {
  return override > 0 ? override : Math.max(1, Math.floor(n / batch));
}

/**
 * Steps per epoch of AE, VAE or PROP (METHOD.md section 7), from the vector counts of D and O:
 * `stepsPerEpoch` if > 0; else floor(n / K) with n = |D| + |O| for AE/VAE and |D| for PROP
 * (epochBasis "natural"), or n = |D| for every method (epochBasis "normal": equal step budgets).
 * The training loops and the run-time estimate both count with this.
 */
export function methodStepsPerEpoch(
  method: 'ae' | 'vae' | 'prop',
  counts: { normal: number; other: number },
  s: Pick<ModelSettings, 'batchSize' | 'stepsPerEpoch' | 'epochBasis'>,
): number {
  const overD = method === 'prop' || s.epochBasis === 'normal';
  return stepsPerEpoch(
    overD ? counts.normal : counts.normal + counts.other,
    s.batchSize,
    s.stepsPerEpoch,
  );
}

/**
 * The training data a method gets when O may be empty (recordings without other machines): AE
 * and VAE train on D alone; PROP, whose VAE step (METHOD.md section 7, step 2) needs a second set,
 * learns it from D in place of O. Unchanged when O has vectors.
 */
export function otherOrNormal(data: TrainData, method: string): TrainData {
  if (data.other.count > 0 || method !== 'prop') return data;
  return { normal: data.normal, other: data.normal };
}
