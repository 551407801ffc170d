/** User-facing messages of the feature-extractor models. */

// ---------------------------------------------------------------------------------------------
// Models (src/models/)
// ---------------------------------------------------------------------------------------------

/** Messages of the feature extractors AE, VAE, PROP: settings, training, sampler, save/load. */
export const modelMessages = {
  unknownSetting: (key: string, known: readonly string[]) =>
    `model settings: unknown key "${key}" (known: ${known.join(', ')})`,
  badSetting: (key: string, expected: string, got: unknown) =>
    `model settings: ${key} must be ${expected}, got ${JSON.stringify(got)}`,
  unknownModel: (name: string, known: readonly string[]) =>
    `unknown model "${name}" (known: ${known.join(', ')})`,
  noVectors: (what: string) => `${what}: the training set has no context vectors`,
  cannotScoreSignal: (missing: string) =>
    `scoreSignal: this detector has no ${missing} recorded (it was trained on prepared ` +
    `features); extract and standardise the log-mel yourself and call scoreFrames`,
  signalRate: (got: number, expected: number) =>
    `scoreSignal: signal at ${got} Hz, the detector was trained at ${expected} Hz ` +
    `(read it with readAudio(path, { sampleRate: ${expected} }))`,
  dimMismatch: (what: string, got: number, expected: number) =>
    `${what}: vectors have ${got} dims, expected ${expected}`,
  nonFiniteLoss: (model: string, epoch: number, step: number, what: string, value: number) =>
    `${model}: ${what} is ${value} at epoch ${epoch}, step ${step}; training stopped ` +
    `(lower learningRate or check the input for NaN/Inf)`,
  samplerExhausted: (accepted: number, needed: number, draws: number, phi: number) =>
    `anomaly sampler: only ${accepted} of ${needed} draws from N(0, I) had L(f) > phi_rho = ` +
    `${phi} within the cap of ${draws} draws; the normal model covers the prior ` +
    `(raise samplerMaxDraws or check the features)`,
  saveExists: (dir: string) => `${dir}: already holds a detector; choose an empty directory`,
  loadMissing: (file: string, reason: string) => `${file}: cannot read the detector: ${reason}`,
  badFormat: (file: string, format: unknown) =>
    `${file}: not a detector file (format ${JSON.stringify(format)}, expected "npasd-detector")`,
  badVersion: (file: string, version: unknown, supported: number) =>
    `${file}: detector format version ${JSON.stringify(version)} is not supported ` +
    `(this build reads version ${supported})`,
  badField: (file: string, field: string, expected: string) =>
    `${file}: ${field} must be ${expected}`,
  weightsSize: (file: string, bytes: number, expected: number) =>
    `${file}: holds ${bytes} bytes, the detector's layers need ${expected}`,
  weightsNotFinite: (file: string, index: number, value: number) =>
    `${file}: weight ${index} is ${value}; a detector's weights must be finite (the file is ` +
    'damaged, or training diverged): train the model again',
  bigEndian: () => 'detector files store little-endian float32; this machine is big-endian',
};

/** Messages of the normal model (src/models/gmm/): mixture checks, k-means++, EM, scoring, phi_rho. */
export const gmmMessages = {
  shape: (c: number, d: number) => `gmm: need integers C >= 1 and D >= 1, got C ${c}, D ${d}`,
  weightCount: (weights: number, c: number) => `gmm: ${weights} weights for ${c} components`,
  paramCount: (cd: number) => `gmm: means and variances must each hold C x D = ${cd} values`,
  negativeWeight: (c: number, w: number) => `gmm: weight ${c} is ${w}, expected >= 0`,
  weightSum: (sum: number) => `gmm: weights sum to ${sum}, not 1`,
  badVariance: (i: number, v: number) => `gmm: variance ${i} is ${v}, expected finite and > 0`,
  badMean: (i: number, m: number) => `gmm: mean ${i} is ${m}, expected finite`,
  components: (c: number) => `gmm: components must be an integer >= 1, got ${c}`,
  regCovar: (reg: number) => `gmm: regCovar must be > 0, got ${reg}`,
  maxIter: (maxIter: number) => `gmm: maxIter must be an integer >= 1, got ${maxIter}`,
  tol: (tol: number) => `gmm: tol must be >= 0, got ${tol}`,
  tooFewSamples: (n: number, c: number) => `gmm: ${n} samples cannot fit ${c} components`,
  warmStartDim: (initD: number, d: number) => `gmm: warm start has D = ${initD}, data has D = ${d}`,
  nonFiniteFeature: (i: number, v: number) => `gmm: feature ${i} has a non-finite value (${v})`,
  needRng: () => 'gmm: k-means++ initialisation needs an rng (options.rng)',
  llNotFinite: (ll: number, iteration: number) =>
    `gmm: log-likelihood became ${ll} at iteration ${iteration}`,
  scoreNotFinite: (i: number, v: number) =>
    `gmm: score of feature ${i} is ${v} (non-finite input?)`,
  kmeansCentres: (k: number, n: number) => `kmeans++: cannot choose ${k} centres from ${n} points`,
  rho: (rho: number) => `phi_rho: rho must be in (0, 1), got ${rho}`,
  rhoTooFewScores: (rho: number, kd: number) =>
    `phi_rho: floor(rho * Kd) = floor(${rho} * ${kd}) = 0; ` +
    `need at least ${Math.ceil(1 / rho)} normal scores`,
  rhoNaN: (i: number) => `phi_rho: normal score ${i} is NaN`,
};
