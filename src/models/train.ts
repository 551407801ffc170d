/**
 * What AE, VAE and PROP share around their training steps: options, per-epoch log records, the
 * non-finite-loss guard, and the common ending (METHOD.md section 4: GMM on F(D) over all of D,
 * phi_rho, a Detector).
 */
import type { Standardizer } from '../features/standardize.ts';
import type { Gmm } from './gmm/model.ts';
import { modelMessages } from '../messages/index.ts';
import { makeRng, type Rng } from '../util/rng.ts';
import type { TrainData } from './data.ts';
import { Detector, type FrameDetector, type ModelName } from './detector.ts';
import type { Encoder } from './network.ts';
import { extractFeatures, fitNormalModel } from './normal.ts';
import type { ModelSettings } from './settings.ts';
import type { FrontEndOptions } from '../features/frontEnd.ts';

export interface TrainOptions {
  /** Seed of every random stream of the run (init, batches, dropout, noise, sampler, EM). */
  seed: number | string;
  /** Called after each epoch with its record (e.g. to log or to check memory). */
  onEpoch?: (log: EpochLog) => void;
  /** Standardisation statistics the data was built with; stored in the detector. */
  standardizer?: Standardizer;
  /** Front-end settings the data was built with; stored in the detector (for scoreSignal). */
  frontend?: FrontEndOptions;
}

/** One epoch's record. Means are over the epoch's steps; PROP-only fields absent otherwise. */
export interface EpochLog {
  model: ModelName;
  /** 1-based. */
  epoch: number;
  steps: number;
  /** Wall-clock seconds of the epoch (refits included). */
  seconds: number;
  /** Objective of the reconstruction step (recon + KL for VAE/PROP, + L2), per vector. */
  loss: number;
  /** Squared reconstruction error per vector (sum over Q dims). */
  recon: number;
  /** KL divergence of eq. 20 per vector (VAE, PROP). */
  kl?: number;
  /** J of eq. 12 before each NP step (PROP). */
  j?: number;
  /** Fraction of simulated anomalies x_a with L(F(x_a)) > phi_rho in the NP step (PROP). */
  batchTpr?: number;
  /** Fraction of normal x_d with L(F(x_d)) > phi_rho in the NP step (PROP). */
  batchFpr?: number;
  /** Sampler acceptance rate over the epoch, accepted / drawn (PROP). */
  acceptance?: number;
  /** phi_rho after the epoch's last refit (PROP), nats. */
  phi?: number;
  /** GMM refits during the epoch (PROP). */
  refits?: number;
  /** Mean squared error per dimension on the held-out validation split (dcase-ae). */
  valLoss?: number;
}

/**
 * One line of train-log.jsonl: the epoch's record without its wall-clock `seconds`, so the same
 * spec, seed and backend give the same bytes (times go to the progress lines and log.txt).
 */
export function epochLogLine(log: EpochLog): string {
  const { seconds, ...rest } = log;
  void seconds;
  return JSON.stringify(rest);
}

export interface TrainResult {
  detector: Detector;
  log: EpochLog[];
}

/** What any registered model's training gives (dcase-ae's detector is not a GMM detector). */
export interface AnyTrainResult {
  detector: FrameDetector;
  log: EpochLog[];
}

/** The random stream of one purpose of a training run. */
export function runRng(options: TrainOptions, model: ModelName, purpose: string): Rng {
  return makeRng(options.seed, `models/${model}/${purpose}`);
}

/** Throws the training-stopped error unless every value is finite. */
export function checkFinite(
  model: ModelName,
  epoch: number,
  step: number,
  values: Record<string, number>,
): void {
  for (const [what, v] of Object.entries(values)) {
    if (!Number.isFinite(v))
      throw new RangeError(modelMessages.nonFiniteLoss(model, epoch, step, what, v));
  }
}

/** Running sums of an epoch's step values. */
export class EpochMeans {
  private readonly sums = new Map<string, number>();
  private n = 0;
  add(values: Record<string, number>): void {
    for (const [k, v] of Object.entries(values)) this.sums.set(k, (this.sums.get(k) ?? 0) + v);
    this.n++;
  }
  mean(key: string): number {
    return (this.sums.get(key) ?? NaN) / this.n;
  }
}

/**
 * Section 4 "after training": features of all of D, GMM (warm start from `init` if given, else
 * k-means++), phi_rho, and the detector that owns `encoder`.
 */
export function finishDetector(
  model: ModelName,
  s: ModelSettings,
  data: TrainData,
  encoder: Encoder,
  options: TrainOptions,
  init?: Gmm,
): Detector {
  const f = extractFeatures(encoder, s, data.normal);
  const nm = fitNormalModel(f, s, runRng(options, model, 'final-gmm'), init);
  const nMels = data.normal.dim / data.normal.options.width;
  return new Detector({
    kind: model,
    settings: s,
    context: data.normal.options,
    nMels,
    encoder,
    gmm: nm.gmm,
    phi: nm.phi,
    ...(options.standardizer ? { standardizer: options.standardizer } : {}),
    ...(options.frontend ? { frontend: options.frontend } : {}),
  });
}
