/**
 * The feature-extractor models by name (METHOD.md section 4). Every model shares one small
 * interface: `train` (data + settings -> a Detector with its normal model and phi_rho, plus the
 * per-epoch log), then on the Detector `features` and `scoreFrames`, and `saveDetector` /
 * `loadDetector` (io.ts) for any of them. An unknown name is an error listing the known ones.
 */
import { modelMessages } from '../messages/index.ts';
import { trainAutoencoder } from './autoencoder.ts';
import type { TrainData } from './data.ts';
import type { ModelName } from './detector.ts';
import { trainProp } from './prop.ts';
import { resolveSettings, type ModelSettings } from './settings.ts';
import type { TrainOptions, TrainResult } from './train.ts';

export interface FeatureModel {
  readonly name: ModelName;
  /** One line for reports. */
  readonly description: string;
  /** Trains on D and O with the defaults overridden by `settings`. */
  train(data: TrainData, settings: Partial<ModelSettings>, options: TrainOptions): TrainResult;
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
