/**
 * Context vectors (METHOD.md section 2): x_t = [X_{t-Pb}, ..., X_t, ..., X_{t+Pf}], the
 * concatenation of Pb + Pf + 1 log-mel frames (B = 64, Pb = Pf = 10: Q = 1344 dims).
 *
 * Context vectors are never materialised for a whole set (20 h of audio would take 24 GB): a
 * mini-batch is assembled on demand into a caller-owned, reused buffer. Because log-mel
 * matrices are frame-major, x_t is the contiguous slice data[(t - Pb) B .. (t + Pf + 1) B), so
 * assembling a vector is one memory copy.
 *
 * Frames are addressed by their centre frame t. Only centres with full context are valid:
 * Pb <= t < nFrames - Pf (edge frames are dropped, no padding), so a clip of n frames yields
 * max(0, n - Pb - Pf) vectors.
 */
import { featureMessages, outputTooSmall } from '../messages/index.ts';
import type { LogMel } from './logmel.ts';

export interface ContextOptions {
  /** Past frames Pb, >= 0. Default 10. */
  pb?: number;
  /** Future frames Pf, >= 0. Default 10. */
  pf?: number;
}

export interface ResolvedContext {
  readonly pb: number;
  readonly pf: number;
  /** Frames per vector, Pb + Pf + 1. */
  readonly width: number;
}

/** Fills the defaults (Pb = Pf = 10); throws unless Pb and Pf are integers >= 0. */
export function resolveContext(options: ContextOptions = {}): ResolvedContext {
  const pb = options.pb ?? 10;
  const pf = options.pf ?? 10;
  if (!(Number.isInteger(pb) && pb >= 0 && Number.isInteger(pf) && pf >= 0)) {
    throw new RangeError(featureMessages.contextPbPf(pb, pf));
  }
  return { pb, pf, width: pb + pf + 1 };
}

/** Number of context vectors of a clip of nFrames frames. */
export function contextCount(nFrames: number, options: ContextOptions = {}): number {
  const { pb, pf } = resolveContext(options);
  return Math.max(0, nFrames - pb - pf);
}

/**
 * Seconds of audio the shortest signal with `n` context vectors needs: n + Pb + Pf STFT frames,
 * ((n + Pb + Pf - 1) hop + nFft) / sampleRate.
 */
export function contextSeconds(
  n: number,
  frontend: { sampleRate: number; hop: number; nFft: number },
  context: { pb: number; pf: number },
): number {
  return ((n + context.pb + context.pf - 1) * frontend.hop + frontend.nFft) / frontend.sampleRate;
}

/** Dimension Q of a context vector: nMels (Pb + Pf + 1). */
export function contextDim(nMels: number, options: ContextOptions = {}): number {
  return nMels * resolveContext(options).width;
}

/**
 * Copies the context vectors centred on frames `centers[0 .. count)` of one clip into `out`
 * (row-major count x Q, Q = nMels (Pb + Pf + 1)), from row `outRow` on. Throws on a centre
 * without full context. Allocates nothing.
 */
export function assembleContext(
  mel: LogMel,
  centers: ArrayLike<number>,
  out: Float32Array,
  options: ContextOptions = {},
  outRow = 0,
  count = centers.length,
): void {
  const { pb, pf, width } = resolveContext(options);
  const q = mel.nMels * width;
  if ((outRow + count) * q > out.length) {
    throw new RangeError(outputTooSmall('context', out.length, (outRow + count) * q));
  }
  const { data, nFrames, nMels } = mel;
  for (let i = 0; i < count; i++) {
    const t = centers[i];
    if (!(Number.isInteger(t) && t >= pb && t < nFrames - pf)) {
      throw new RangeError(featureMessages.contextNoFullContext(t, nFrames, pb, pf));
    }
    const from = (t - pb) * nMels;
    out.set(data.subarray(from, from + q), (outRow + i) * q);
  }
}

/**
 * A flat index over all context vectors of a set of clips: vector g (0 <= g < count) is clip
 * clipOf(g), centre frame centerOf(g). Lets training shuffle and batch a whole set by integer
 * index without materialising anything.
 */
export class ContextIndex {
  readonly count: number;
  readonly options: ResolvedContext;
  private readonly mels: readonly LogMel[];
  /** cumulative[c] = number of vectors in clips 0 .. c-1 (length clips + 1). */
  private readonly cumulative: Float64Array;

  constructor(mels: readonly LogMel[], options: ContextOptions = {}) {
    this.options = resolveContext(options);
    this.mels = mels;
    this.cumulative = new Float64Array(mels.length + 1);
    for (let c = 0; c < mels.length; c++) {
      if (c > 0 && mels[c].nMels !== mels[0].nMels) {
        throw new RangeError(featureMessages.contextBands(c, mels[c].nMels, mels[0].nMels));
      }
      this.cumulative[c + 1] =
        this.cumulative[c] + Math.max(0, mels[c].nFrames - this.options.pb - this.options.pf);
    }
    this.count = this.cumulative[mels.length];
  }

  /** Dimension Q of the vectors. */
  get dim(): number {
    return this.mels.length === 0 ? 0 : this.mels[0].nMels * this.options.width;
  }

  /** Clip of vector g (binary search over the cumulative counts). */
  clipOf(g: number): number {
    if (!(Number.isInteger(g) && g >= 0 && g < this.count)) {
      throw new RangeError(featureMessages.contextIndex(g, this.count));
    }
    let lo = 0;
    let hi = this.mels.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.cumulative[mid] <= g) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Centre frame of vector g within its clip. */
  centerOf(g: number): number {
    return g - this.cumulative[this.clipOf(g)] + this.options.pb;
  }

  /**
   * Copies vectors `indices[0 .. count)` into `out` (row-major count x Q) from row `outRow`.
   * `out` is caller-owned and reused across batches (e.g. B = 100 rows). Allocates nothing.
   */
  assemble(
    indices: ArrayLike<number>,
    out: Float32Array,
    outRow = 0,
    count = indices.length,
  ): void {
    const q = this.dim;
    if ((outRow + count) * q > out.length) {
      throw new RangeError(outputTooSmall('context', out.length, (outRow + count) * q));
    }
    for (let i = 0; i < count; i++) {
      const g = indices[i];
      const c = this.clipOf(g);
      const mel = this.mels[c];
      const from = (g - this.cumulative[c]) * mel.nMels;
      out.set(mel.data.subarray(from, from + q), (outRow + i) * q);
    }
  }
}

/**
 * Every frame of `mel` with full context (Pb .. n - Pf - 1), in batches of at most `batch`
 * vectors: `f(x, m, r0)` gets the m x Q context vectors (row-major, a view into one reused
 * buffer) of frames r0 .. r0 + m - 1 counted from the first full-context frame. Returns how many
 * frames there are.
 */
export function forEachContextBatch(
  mel: LogMel,
  context: ResolvedContext,
  batch: number,
  f: (x: Float32Array, m: number, r0: number) => void,
): number {
  const { pb, pf } = context;
  const n = Math.max(0, mel.nFrames - pb - pf);
  const rows = Math.min(batch, Math.max(n, 1));
  const q = mel.nMels * context.width;
  const buf = new Float32Array(rows * q);
  const centers = new Int32Array(rows);
  for (let r0 = 0; r0 < n; r0 += rows) {
    const m = Math.min(rows, n - r0);
    for (let i = 0; i < m; i++) centers[i] = pb + r0 + i;
    assembleContext(mel, centers, buf, context, 0, m);
    f(buf.subarray(0, m * q), m, r0);
  }
  return n;
}
