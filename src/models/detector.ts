/**
 * A trained detector (METHOD.md section 1): feature extractor F, the normal model (diagonal
 * GMM fitted to F(D)), the deployable threshold phi_rho, and what is needed to apply them to new
 * sound: the context window and the standardisation statistics of the training frames.
 * Scores are L = -ln p(F(x) | normal) in nats, one per frame with full context.
 */
import { tf } from '../engine/backend.ts';
import { forEachContextBatch, type ResolvedContext } from '../features/context.ts';
import { createFrontEnd, type FrameExtractor, type FrontEndOptions } from '../features/frontEnd.ts';
import type { LogMel } from '../features/logmel.ts';
import { standardize, type Standardizer } from '../features/standardize.ts';
import type { Gmm } from './gmm/model.ts';
import { fastNegLogLikelihood, gmmTensors, type GmmTensors } from './gmm/score-tf.ts';
import { modelMessages } from '../messages/index.ts';
import { disposeLayers, encode, encoderLayers, type Encoder } from './network.ts';
import { featuresOf } from './normal.ts';
import type { ModelSettings } from './settings.ts';

/**
 * The model names of the registry: the paper's three (section 4) and two reference methods not in
 * the paper (docs/METHOD.md "Reference methods").
 */
export type ModelName = 'ae' | 'vae' | 'prop' | 'logmel-gmm' | 'dcase-ae';

/** What the score stage needs of any trained detector. */
export interface FrameDetector {
  readonly kind: ModelName;
  readonly settings: ModelSettings;
  /** phi_rho: the rho-quantile threshold on training frame scores. */
  readonly phi: number;
  readonly context: ResolvedContext;
  readonly nMels: number;
  /** Clip aggregation the method prescribes; undefined = the spec's (evaluation.aggregation). */
  readonly aggregation?: 'max' | 'mean';
  /** Frame scores of a standardised log-mel matrix, one per centre frame with full context. */
  scoreFrames(mel: LogMel): Float64Array;
  /** The recorded front end and standardisation statistics; throws if absent. */
  applied(): { frontend: FrontEndOptions; standardizer: Standardizer };
  dispose(): void;
}

export interface DetectorParts {
  kind: ModelName;
  settings: ModelSettings;
  /** Context window the vectors were built with. */
  context: ResolvedContext;
  /** Mel bands B (Q = B (Pb + Pf + 1)). */
  nMels: number;
  /** F; absent for logmel-gmm, whose features are the input vectors themselves. */
  encoder?: Encoder;
  gmm: Gmm;
  /** phi_rho (nats). */
  phi: number;
  /** Statistics to standardise raw log-mel before scoring (recorded; may be absent in tests). */
  standardizer?: Standardizer;
  /** Front-end settings the training log-mel was made with (needed by scoreSignal). */
  frontend?: FrontEndOptions;
}

export class Detector implements FrameDetector {
  readonly kind: ModelName;
  readonly settings: ModelSettings;
  readonly context: ResolvedContext;
  readonly nMels: number;
  readonly encoder?: Encoder;
  readonly gmm: Gmm;
  readonly phi: number;
  readonly standardizer?: Standardizer;
  readonly frontend?: FrontEndOptions;
  private readonly gmmT: GmmTensors;
  private extractor?: Promise<FrameExtractor>;

  /** Takes ownership of the encoder's variables (dispose() frees them). */
  constructor(p: DetectorParts) {
    this.kind = p.kind;
    this.settings = p.settings;
    this.context = p.context;
    this.nMels = p.nMels;
    if (p.encoder) this.encoder = p.encoder;
    this.gmm = p.gmm;
    this.phi = p.phi;
    if (p.standardizer) this.standardizer = p.standardizer;
    if (p.frontend) this.frontend = p.frontend;
    this.gmmT = gmmTensors(p.gmm);
  }

  /** Input dimension Q. */
  get q(): number {
    return this.nMels * this.context.width;
  }

  /** Feature dimension D (Q when there is no F). */
  get featureDim(): number {
    return this.encoder ? this.settings.featureDim : this.q;
  }

  /** Features f = F(x) (n x D) of standardised context vectors x (row-major n x Q). */
  features(x: Float32Array): Float32Array {
    if (x.length % this.q !== 0)
      throw new RangeError(modelMessages.dimMismatch('features', x.length, this.q));
    return this.encoder ? featuresOf(this.encoder, this.settings, x) : x.slice();
  }

  /**
   * Frame scores L (nats) of a standardised log-mel matrix: one per centre frame with full
   * context (nFrames - Pb - Pf values, frame Pb first). Memory is bounded by `inferenceBatch`
   * rows of Q floats whatever the length of the signal.
   */
  scoreFrames(mel: LogMel): Float64Array {
    return this.scoreFramesAndFeatures(mel, false).scores;
  }

  /**
   * scoreFrames and, unless `withFeatures` is false, the features F(x) (row-major
   * scores.length x D) the scores were computed from, taken from the same encoder pass.
   */
  scoreFramesAndFeatures(mel: LogMel): { scores: Float64Array; features: Float32Array };
  scoreFramesAndFeatures(
    mel: LogMel,
    withFeatures: boolean,
  ): { scores: Float64Array; features?: Float32Array };
  scoreFramesAndFeatures(
    mel: LogMel,
    withFeatures = true,
  ): { scores: Float64Array; features?: Float32Array } {
    if (mel.nMels !== this.nMels) {
      throw new RangeError(
        modelMessages.dimMismatch('scoreFrames: mel bands', mel.nMels, this.nMels),
      );
    }
    const { pb, pf } = this.context;
    const n = Math.max(0, mel.nFrames - pb - pf);
    const out = new Float64Array(n);
    const d = this.featureDim;
    const features = withFeatures ? new Float32Array(n * d) : undefined;
    const q = this.q;
    forEachContextBatch(mel, this.context, this.settings.inferenceBatch, (v, m, r0) => {
      const [l, f] = tf.tidy(() => {
        const x = tf.tensor2d(v, [m, q]);
        const mean = this.encoder ? encode(this.encoder, x, this.settings).mean : x;
        return [fastNegLogLikelihood(mean, this.gmmT), mean];
      });
      out.set(l.dataSync(), r0);
      features?.set(f.dataSync() as Float32Array, r0 * d);
      l.dispose();
      f.dispose();
    });
    return { scores: out, ...(features ? { features } : {}) };
  }

  /**
   * The front end and standardisation statistics that apply the detector to sound (recorded by
   * every trainer given a front end); throws naming what is missing.
   */
  applied(): { frontend: FrontEndOptions; standardizer: Standardizer } {
    const { frontend, standardizer } = this;
    if (!frontend) throw new Error(modelMessages.cannotScoreSignal('front-end settings'));
    if (!standardizer)
      throw new Error(modelMessages.cannotScoreSignal('standardisation statistics'));
    return { frontend, standardizer };
  }

  /**
   * Frame scores L (nats) of a raw mono signal at the detector's sample rate: log-mel with the
   * recorded front-end settings, standardised with the training statistics, then scoreFrames.
   */
  async scoreSignal(samples: Float32Array, sampleRate: number): Promise<Float64Array> {
    const { frontend, standardizer } = this.applied();
    if (sampleRate !== frontend.sampleRate) {
      throw new RangeError(modelMessages.signalRate(sampleRate, frontend.sampleRate));
    }
    this.extractor ??= createFrontEnd(frontend);
    const mel = (await this.extractor).extract(samples);
    return this.scoreFrames(standardize(mel, standardizer, mel.data));
  }

  /** Frees the tensors (encoder variables and the mixture's constants) and the front end. */
  dispose(): void {
    if (this.encoder) disposeLayers(encoderLayers(this.encoder));
    this.gmmT.dispose();
    void this.extractor?.then((e) => e.dispose());
    this.extractor = undefined;
  }
}
