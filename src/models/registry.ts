/**
 * The models by name: the paper's three feature extractors (METHOD.md section 4) and two
 * reference methods not in the paper (logmel-gmm, dcase-ae; METHOD.md "Reference methods").
 * Every model shares one small interface: `train` (data + settings -> a detector with phi_rho,
 * plus the per-epoch log), then `scoreFrames` on the detector, and `saveDetector` /
 * `loadFrameDetector` (io.ts) for any of them. A model whose input is not the run's (its own
 * front end, context or no standardisation, D only) says so in `input`. An unknown name is an
 * error listing the known ones.
 */
import { modelMessages } from '../messages/index.ts';
import { trainAutoencoder } from './autoencoder.ts';
import type { TrainData } from './data.ts';
import type { ModelName } from './detector.ts';
import { trainProp } from './prop.ts';
import { resolveSettings, type ModelSettings } from './settings.ts';
import type { AnyTrainResult, TrainOptions } from './train.ts';
import { trainDcaseAe } from './dcaseAe/train.ts';
import { DCASE_AE_RECIPE } from './dcaseAe/network.ts';
import { logmelGmmContext, trainLogmelGmm } from './logmelGmm.ts';
import { resolveDcaseFrontend } from '../features/dcaseFrontend.ts';
import type { FrontEndOptions } from '../features/frontEnd.ts';

/** A model's own training input, where it differs from the run's log-mel of D and O. */
export interface ModelInput {
  /** Its front end; undefined = the run's. */
  frontend?: FrontEndOptions;
  /** Its context window. */
  context: { pb: number; pf: number };
  /** Standardise with the run's statistics (else identity statistics are recorded). */
  standardise: boolean;
}

export interface FeatureModel {
  readonly name: ModelName;
  /** One line for reports. */
  readonly description: string;
  /** Trains on D and O with the defaults overridden by `settings`. */
  train(data: TrainData, settings: Partial<ModelSettings>, options: TrainOptions): AnyTrainResult;
  /** Its own input (trained on D only); absent = the run's D and O. */
  input?(s: ModelSettings, run: { sampleRate: number; pb: number; pf: number }): ModelInput;
}

const MODELS: { [K in ModelName]?: FeatureModel } = {
  ae: {
    name: 'ae',
    description: 'auto-encoder trained on D and O (reconstruction error)',
    train: (data, s, o) => trainAutoencoder(false, data, resolveSettings(s), o),
  },
  vae: {
    name: 'vae',
    description: 'variational auto-encoder trained on D and O (eq. 19 + 20)',
    train: (data, s, o) => trainAutoencoder(true, data, resolveSettings(s), o),
  },
  prop: {
    name: 'prop',
    description: 'VAE on O alternated with the Neyman-Pearson step on D and simulated anomalies',
    train: (data, s, o) => trainProp(data, resolveSettings(s), o),
  },
  'logmel-gmm': {
    name: 'logmel-gmm',
    description: 'reference, not in the paper: the GMM on standardised log-mel frames of D',
    train: (data, s, o) => trainLogmelGmm(data, resolveSettings(s), o),
    input: (s, run) => ({ context: logmelGmmContext(s, run), standardise: true }),
  },
  'dcase-ae': {
    name: 'dcase-ae',
    description: 'reference, not in the paper: the DCASE 2020 Task 2 baseline auto-encoder on D',
    train: (data, s, o) => trainDcaseAe(data, resolveSettings(s), o),
    input: (_s, run) => ({
      frontend: resolveDcaseFrontend({ sampleRate: run.sampleRate }),
      context: { pb: DCASE_AE_RECIPE.pb, pf: DCASE_AE_RECIPE.pf },
      standardise: false,
    }),
  },
};

/** Registered names, in registry order. */
export function modelNames(): ModelName[] {
  return Object.keys(MODELS) as ModelName[];
}

/** The model called `name`; throws listing the known names otherwise. */
export function getModel(name: string): FeatureModel {
  const m = (MODELS as Record<string, FeatureModel | undefined>)[name];
  if (!m || !Object.hasOwn(MODELS, name))
    throw new RangeError(modelMessages.unknownModel(name, modelNames()));
  return m;
}
