/**
 * The contract every synthetic sound generator follows.
 *
 * A generator is a factory: (parameters, seeded rng, sample rate) -> SignalSource. The source is
 * stateful and streams: each fill() call writes the next out.length samples, so a 20-hour signal
 * is produced in bounded memory by calling fill() with a reused buffer. The output is a pure
 * function of (parameters, seed, sample rate, total samples drawn): the chunk sizes used to draw
 * them must not change the samples (tests check this).
 *
 * Amplitude convention: generators return signals at a comparable loudness (continuous ones are
 * calibrated to RMS 0.1, i.e. -20 dBFS, see block.ts) with peaks within [-1, 1]; the corpus
 * writer applies the file's level (gain) and the WAV writer clips.
 */
import type { Rng } from '../util/rng.ts';

export interface SignalSource {
  /** Write the next out.length samples (linear amplitude) into out. */
  fill(out: Float32Array): void;
}

/** Builds a source from its parameters. `P` is a plain JSON-serialisable object (recorded in the manifest). */
type GeneratorFactory<P> = (params: P, rng: Rng, sampleRate: number) => SignalSource;

/**
 * A named generator: `draw` picks randomised parameters for one file (so two files of the same
 * type differ), `create` renders them. Parameters must be JSON (they go in manifest.json).
 */
export interface Generator<P extends object = Record<string, unknown>> {
  /** Stable id, e.g. "engine", "fan", "bearing-whine". */
  readonly name: string;
  /** One sentence on what it models, for the data documentation. */
  readonly description: string;
  /**
   * Bumped when a change to the generator's code changes its samples; part of a corpus's plan
   * hash, so cached corpora made by the old code are not reused. Default 1.
   */
  readonly version?: number;
  /** Randomised parameters for one file. */
  draw(rng: Rng): P;
  create: GeneratorFactory<P>;
}

/**
 * A generator whose parameter type is not known statically, as the registry holds them. Method
 * syntax (bivariant parameters) lets any Generator<P> be stored as one; parameters are then
 * opaque JSON objects that must come from the same generator's draw() or a checked spec.
 */
export interface AnyGenerator {
  readonly name: string;
  readonly description: string;
  readonly version?: number;
  draw(rng: Rng): object;
  create(params: object, rng: Rng, sampleRate: number): SignalSource;
}

/** Render a whole (short) signal at once: convenience for tests and short anomaly clips. */
export function renderAll(source: SignalSource, samples: number): Float32Array {
  const out = new Float32Array(samples);
  source.fill(out);
  return out;
}
