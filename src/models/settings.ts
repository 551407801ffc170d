/**
 * Network and training settings shared by AE, VAE and PROP (METHOD.md sections 3, 5, 6, 7).
 * Every value has the paper's setting as its default (or this project's reading where the paper
 * is silent, marked "reading"), and every value can be overridden. Unknown keys and values of
 * the wrong type or range are errors naming the key (nanoGPT style: no silent typos).
 */
import { modelMessages as M } from '../messages.ts';

export interface ModelSettings {
  /** Hidden widths of F, input side first; G mirrors them. Default [512, 512, 512] (sec. 3). */
  hidden: number[];
  /** Feature dimension D (F's output). Default 32 (sec. 3). */
  featureDim: number;
  /** Dropout rate on F's input, training only, in [0, 1). Default 0.2 (sec. 3). */
  inputDropout: number;
  /** Dropout rate after every hidden layer of F and G, training only, in [0, 1). Default 0.5. */
  hiddenDropout: number;
  /** L2 weight penalty lambda (times sum of squared weights, biases excluded). Default 1e-5. */
  l2: number;
  /** Adam learning rate (not stated in the paper: reading). Default 1e-3. */
  learningRate: number;
  /** Mini-batch size K. Default 100 (sec. 3). */
  batchSize: number;
  /** Epochs. Default 500 (sec. 3). */
  epochs: number;
  /**
   * Steps per epoch; 0 = the natural epoch (AE/VAE: one pass over D and O together; PROP: one
   * pass over D, sec. 7). Set it to give the three methods the same step budget. Default 0.
   */
  stepsPerEpoch: number;
  /** GMM components C (diagonal covariances). Default 16 (sec. 4). */
  components: number;
  /** EM iteration cap for every GMM fit. Default 100. */
  emMaxIter: number;
  /** EM tolerance on the mean log-likelihood per sample (nats). Default 1e-3. */
  emTol: number;
  /** FPR parameter rho of phi_rho, in (0, 1). Default 0.05 (sec. 5). */
  rho: number;
  /** PROP: slope s of the sigmoid in J = mean sig(s (L_a - phi)) - mean sig(s (L_d - phi)). Default 1. */
  sigmoidSlope: number;
  /** PROP: steps between refits of GMM and phi_rho (sec. 7 steps 3-5); 0 = once per epoch. */
  refitEvery: number;
  /** PROP: refit on a fixed seeded subset of this many D vectors; 0 = all of D. Default 0. */
  refitSubset: number;
  /** PROP: cap on N(0, I) draws of the rejection sampler per call (sec. 6). Default 100000. */
  samplerMaxDraws: number;
  /**
   * PROP: dropout in F during the NP step (reading). Default false: the GMM and phi_rho are fitted
   * to dropout-free features, so J is computed on the features they describe.
   */
  npDropout: boolean;
  /** Rows per forward pass when extracting features or scoring (bounds memory). Default 2048. */
  inferenceBatch: number;
}

export const DEFAULT_SETTINGS: Readonly<ModelSettings> = Object.freeze({
  hidden: [512, 512, 512],
  featureDim: 32,
  inputDropout: 0.2,
  hiddenDropout: 0.5,
  l2: 1e-5,
  learningRate: 1e-3,
  batchSize: 100,
  epochs: 500,
  stepsPerEpoch: 0,
  components: 16,
  emMaxIter: 100,
  emTol: 1e-3,
  rho: 0.05,
  sigmoidSlope: 1,
  refitEvery: 0,
  refitSubset: 0,
  samplerMaxDraws: 100000,
  npDropout: false,
  inferenceBatch: 2048,
});

type Check = (v: unknown) => boolean;
const int =
  (min: number): Check =>
  (v) =>
    typeof v === 'number' && Number.isInteger(v) && v >= min;
const num =
  (ok: (x: number) => boolean): Check =>
  (v) =>
    typeof v === 'number' && Number.isFinite(v) && ok(v);

/** Validity check and its description (used in error messages) for every key. */
const RULES: { [K in keyof ModelSettings]: [Check, string] } = {
  hidden: [
    (v) => Array.isArray(v) && v.length >= 1 && v.every(int(1)),
    'a non-empty array of integers >= 1',
  ],
  featureDim: [int(1), 'an integer >= 1'],
  inputDropout: [num((x) => x >= 0 && x < 1), 'a number in [0, 1)'],
  hiddenDropout: [num((x) => x >= 0 && x < 1), 'a number in [0, 1)'],
  l2: [num((x) => x >= 0), 'a number >= 0'],
  learningRate: [num((x) => x > 0), 'a number > 0'],
  batchSize: [int(1), 'an integer >= 1'],
  epochs: [int(1), 'an integer >= 1'],
  stepsPerEpoch: [int(0), 'an integer >= 0'],
  components: [int(1), 'an integer >= 1'],
  emMaxIter: [int(1), 'an integer >= 1'],
  emTol: [num((x) => x >= 0), 'a number >= 0'],
  rho: [num((x) => x > 0 && x < 1), 'a number in (0, 1)'],
  sigmoidSlope: [num((x) => x > 0), 'a number > 0'],
  refitEvery: [int(0), 'an integer >= 0'],
  refitSubset: [int(0), 'an integer >= 0'],
  samplerMaxDraws: [int(1), 'an integer >= 1'],
  npDropout: [(v) => typeof v === 'boolean', 'true or false'],
  inferenceBatch: [int(1), 'an integer >= 1'],
};

/** Names of all settings, in declaration order. */
export const SETTING_KEYS = Object.keys(RULES) as (keyof ModelSettings)[];

/**
 * Defaults overridden by `overrides`; throws a RangeError naming the first unknown key or
 * invalid value. The result is a fresh object (arrays copied) safe to record with a run.
 */
export function resolveSettings(overrides: Partial<ModelSettings> = {}): ModelSettings {
  for (const key of Object.keys(overrides)) {
    if (!(key in RULES)) throw new RangeError(M.unknownSetting(key, SETTING_KEYS));
  }
  const out = { ...DEFAULT_SETTINGS, hidden: [...DEFAULT_SETTINGS.hidden] } as ModelSettings;
  for (const key of SETTING_KEYS) {
    const v = (overrides as Record<string, unknown>)[key];
    if (v === undefined) continue;
    const [ok, expected] = RULES[key];
    if (!ok(v)) throw new RangeError(M.badSetting(key, expected, v));
    (out as unknown as Record<string, unknown>)[key] = Array.isArray(v) ? [...v] : v;
  }
  return out;
}
