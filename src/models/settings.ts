/**
 * Network and training settings shared by AE, VAE and PROP (METHOD.md sections 3, 5, 6, 7).
 * Every value has the paper's setting as its default (or this project's reading where the paper
 * is silent, marked "reading"), and every value can be overridden. Unknown keys and values of
 * the wrong type or range are errors naming the key (nanoGPT style: no silent typos).
 */
import { modelMessages } from '../messages/index.ts';
import { defaults, describe, s, validate, type Infer } from '../spec/schema.ts';

/**
 * What an epoch of AE, VAE and PROP passes over when stepsPerEpoch is 0 (METHOD.md section 7):
 * "natural" (each method's own training data) or "normal" (D, the normal training data, for all).
 */
export const EPOCH_BASES = ['natural', 'normal'] as const;
export type EpochBasis = (typeof EPOCH_BASES)[number];

/** Every number has a min and a max (see the ranges note in src/experiment/schema.ts). */
const int = (doc: string, dflt: number, min: number, max: number) =>
  s.number({ doc, default: dflt, integer: true, min, max });

/** Network and training fields shared by AE, VAE and PROP (sections 3, 4). */
export const networkFields = {
  hidden: s.array({
    doc: 'hidden widths of F, input side first; G mirrors them (sec. 3: 3 x 512)',
    default: [512, 512, 512],
    item: int('units', 512, 1, 16384),
    minLength: 1,
    maxLength: 32,
  }),
  featureDim: int("feature dimension D, F's output (sec. 3: 32)", 32, 1, 1024),
  inputDropout: s.number({
    doc: "dropout rate on F's input, training only (sec. 3: 0.2)",
    default: 0.2,
    min: 0,
    max: 1,
    exclusiveMax: true,
  }),
  hiddenDropout: s.number({
    doc: 'dropout rate after every hidden layer of F and G, training only (sec. 3: 0.5)',
    default: 0.5,
    min: 0,
    max: 1,
    exclusiveMax: true,
  }),
  l2: s.number({
    doc: 'L2 weight penalty lambda, times the sum of squared weights (sec. 3: 1e-5)',
    default: 1e-5,
    min: 0,
    max: 1,
  }),
  learningRate: s.number({
    doc: 'Adam learning rate (not stated in the paper; reading: 1e-3)',
    default: 1e-3,
    min: 0,
    max: 1,
    exclusiveMin: true,
  }),
  batchSize: int('mini-batch size K (sec. 3: 100)', 100, 1, 65536),
  epochs: int('epochs (sec. 3: 500)', 500, 1, 1_000_000),
  stepsPerEpoch: int(
    'steps per epoch; 0 = one pass as epochBasis says; > 0 overrides epochBasis',
    0,
    0,
    100_000_000,
  ),
  epochBasis: s.enum({
    doc:
      'what one epoch passes over when stepsPerEpoch is 0 (sec. 7; the paper does not say): ' +
      '"natural" = the data each method trains on (AE/VAE: D and O together, PROP: D); ' +
      '"normal" = the normal training data D for every method, floor(|D| / K) steps, so AE, ' +
      'VAE and PROP get equal step budgets (AE/VAE still draw their mini-batches from D and ' +
      'O). dcase-ae keeps its published recipe either way (one pass over 90% of D, K = 512)',
    default: 'natural',
    values: EPOCH_BASES,
  }),
  components: int(
    'GMM components C, diagonal covariances (sec. 4: 16); at most the training vectors of D',
    16,
    1,
    1024,
  ),
  emMaxIter: int('EM iteration cap of every GMM fit', 100, 1, 100_000),
  emTol: s.number({
    doc: 'EM tolerance on the mean log-likelihood per sample, nats',
    default: 1e-3,
    min: 0,
    max: 1,
  }),
  inferenceBatch: int('rows per forward pass when extracting features or scoring', 2048, 1, 65536),
};

/** The Neyman-Pearson fields (sections 5-7); rho also sets phi_rho of AE and VAE. */
export const npFields = {
  rho: s.number({
    doc:
      'FPR parameter rho of phi_rho (sec. 5: 0.05); rho x (training vectors of D) must be >= 1, ' +
      'so that phi_rho is one of their scores',
    default: 0.05,
    min: 0,
    max: 1,
    exclusive: true,
  }),
  sigmoidSlope: s.number({
    doc: 'PROP: slope s of the sigmoid in J (sec. 5: 1)',
    default: 1,
    min: 0,
    max: 1000,
    exclusiveMin: true,
  }),
  refitEvery: int(
    'PROP: steps between refits of GMM and phi_rho; 0 = once per epoch',
    0,
    0,
    100_000_000,
  ),
  refitSubset: int(
    'PROP: refit on a fixed seeded subset of this many D vectors; 0 = all (at least components)',
    0,
    0,
    100_000_000,
  ),
  samplerMaxDraws: int(
    'PROP: cap on N(0, I) draws of the rejection sampler per call',
    100000,
    1,
    100_000_000,
  ),
  npDropout: s.boolean({
    doc:
      'PROP: dropout in F during the NP step (reading: false, so J is computed on the ' +
      'dropout-free features the GMM and phi_rho describe)',
    default: false,
  }),
  vaeOnNormal: s.boolean({
    doc:
      'PROP: the VAE step (sec. 7, step 2) learns from mini-batches of D and O together ' +
      "instead of O alone (reading: false, the paper's x_o). A probe against the collapse " +
      'of F(D) in the NP step: reconstructing D keeps its features informative, and the ' +
      'decoder that makes the simulated anomalies then knows D too',
    default: false,
  }),
};

/** Settings of the reference methods (not in the paper; docs/METHOD.md "Reference methods"). */
export const referenceFields = {
  logmelContext: s.boolean({
    doc:
      'logmel-gmm: fit the GMM to context vectors (Pb + Pf + 1 stacked frames) instead of ' +
      'single standardised log-mel frames (default false: a diagonal GMM treats stacked ' +
      'frames as independent dimensions, so context mostly repeats each frame)',
    default: false,
  }),
};

/** Every setting: one definition for the type, the defaults and the checks. */
const settingsSchema = s.object('model settings (METHOD.md sections 3-7)', {
  ...networkFields,
  ...npFields,
  ...referenceFields,
});

/** Settings of AE, VAE and PROP; see each field's `doc` in settingsSchema. */
export type ModelSettings = Infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Readonly<ModelSettings> = Object.freeze(defaults(settingsSchema));

/** Names of all settings, in declaration order. */
export const SETTING_KEYS = Object.keys(settingsSchema.fields) as (keyof ModelSettings)[];

/**
 * Defaults overridden by `overrides`; throws a RangeError naming the first unknown key or
 * invalid value. The result is a fresh object (arrays copied) safe to record with a run.
 */
export function resolveSettings(overrides: Partial<ModelSettings> = {}): ModelSettings {
  for (const key of Object.keys(overrides)) {
    if (!Object.hasOwn(settingsSchema.fields, key))
      throw new RangeError(modelMessages.unknownSetting(key, SETTING_KEYS));
  }
  const out = { ...DEFAULT_SETTINGS, hidden: [...DEFAULT_SETTINGS.hidden] } as ModelSettings;
  for (const key of SETTING_KEYS) {
    const v = (overrides as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const field = settingsSchema.fields[key];
    try {
      validate(field, v, key);
    } catch {
      throw new RangeError(modelMessages.badSetting(key, describe(field), v));
    }
    (out as unknown as Record<string, unknown>)[key] = Array.isArray(v) ? [...v] : v;
  }
  return out;
}
