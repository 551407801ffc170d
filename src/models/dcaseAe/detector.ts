/**
 * The trained DCASE 2020 Task 2 baseline (a reference method, not in the paper): its front end
 * (dcaseFrontend.ts, no standardisation: identity statistics), the 5-frame input vectors, the
 * auto-encoder, and frame score = mean squared reconstruction error over the Q = 640 dims. The
 * clip score is the mean of the frame scores (the baseline's), so `aggregation` is 'mean'.
 */
import { tf } from '../../engine/backend.ts';
import { forEachContextBatch, type ResolvedContext } from '../../features/context.ts';
import type { FrontEndOptions } from '../../features/frontEnd.ts';
import type { LogMel } from '../../features/logmel.ts';
import type { Standardizer } from '../../features/standardize.ts';
import { modelMessages } from '../../messages/index.ts';
import type { FrameDetector } from '../detector.ts';
import type { ModelSettings } from '../settings.ts';
import { disposeDcaseAe, frameErrors, type DcaseAe } from './network.ts';

export interface ReconstructionParts {
  settings: ModelSettings;
  context: ResolvedContext;
  nMels: number;
  ae: DcaseAe;
  /** rho-quantile of the training frame errors. */
  phi: number;
  standardizer: Standardizer;
  frontend: FrontEndOptions;
}

export class ReconstructionDetector implements FrameDetector {
  readonly kind = 'dcase-ae' as const;
  readonly aggregation = 'mean' as const;
  readonly settings: ModelSettings;
  readonly context: ResolvedContext;
  readonly nMels: number;
  readonly ae: DcaseAe;
  readonly phi: number;
  readonly standardizer: Standardizer;
  readonly frontend: FrontEndOptions;

  /** Takes ownership of the network's variables. */
  constructor(p: ReconstructionParts) {
    this.settings = p.settings;
    this.context = p.context;
    this.nMels = p.nMels;
    this.ae = p.ae;
    this.phi = p.phi;
    this.standardizer = p.standardizer;
    this.frontend = p.frontend;
  }

  get q(): number {
    return this.nMels * this.context.width;
  }

  scoreFrames(mel: LogMel): Float64Array {
    if (mel.nMels !== this.nMels)
      throw new RangeError(
        modelMessages.dimMismatch('scoreFrames: mel bands', mel.nMels, this.nMels),
      );
    const { pb, pf } = this.context;
    const out = new Float64Array(Math.max(0, mel.nFrames - pb - pf));
    const q = this.q;
    forEachContextBatch(mel, this.context, this.settings.inferenceBatch, (v, m, r0) => {
      const e = tf.tidy(() => frameErrors(this.ae, tf.tensor2d(v, [m, q])));
      out.set(e.dataSync(), r0);
      e.dispose();
    });
    return out;
  }

  applied(): { frontend: FrontEndOptions; standardizer: Standardizer } {
    return { frontend: this.frontend, standardizer: this.standardizer };
  }

  dispose(): void {
    disposeDcaseAe(this.ae);
  }
}
