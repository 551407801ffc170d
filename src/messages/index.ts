/**
 * Every user-facing message in one place, so wording is consistent and tests assert it exactly.
 * Each area owns one section; messages are functions of the values they report.
 */

// ---------------------------------------------------------------------------------------------
// Audio I/O (src/audio/)
// ---------------------------------------------------------------------------------------------

const SOX_INSTALL = 'apt-get install sox libsox-fmt-all';

/** Messages of AudioError (src/audio/errors.ts). `f` is the file path (or a label for a buffer). */
export const audioMessages = {
  cannotRead: (f: string, reason: string) => `${f}: cannot read the file: ${reason}`,
  empty: (f: string) => `${f}: empty file (0 bytes), expected audio`,
  notRiffWave: (f: string, head: string) =>
    `${f}: not a RIFF/WAVE file (it starts with ${JSON.stringify(head)}, expected "RIFF....WAVE")`,
  truncatedHeader: (f: string, expected: number, present: number) =>
    `${f}: truncated: the WAV header needs at least ${expected} bytes but only ${present} are present`,
  truncatedChunk: (f: string, id: string, expected: number, present: number) =>
    `${f}: truncated: the "${id}" chunk declares ${expected} bytes but only ${present} are present`,
  missingChunk: (f: string, id: string) => `${f}: corrupt WAV: no "${id}" chunk`,
  fmtTooShort: (f: string, size: number) =>
    `${f}: corrupt WAV: the "fmt " chunk is ${size} bytes, expected at least 16`,
  unsupportedEncoding: (f: string, tag: number, name: string) =>
    `${f}: unsupported WAV encoding ${name} (format tag 0x${tag.toString(16).padStart(4, '0')}); ` +
    `convert it to PCM first, e.g. sox "${f}" -e signed-integer -b 16 out.wav`,
  unsupportedBits: (f: string, encoding: 'PCM integer' | 'IEEE float', bits: number) =>
    `${f}: unsupported WAV bit depth: ${encoding} with ${bits} bits per sample ` +
    `(supported: PCM integer 8/16/24/32, IEEE float 32/64); ` +
    `convert it first, e.g. sox "${f}" -e signed-integer -b 16 out.wav`,
  zeroChannels: (f: string) => `${f}: corrupt WAV: the header declares 0 channels`,
  zeroSampleRate: (f: string) => `${f}: corrupt WAV: the header declares a sample rate of 0 Hz`,
  badBlockAlign: (f: string, blockAlign: number, channels: number, bits: number) =>
    `${f}: corrupt WAV: block align ${blockAlign} bytes does not match ${channels} channel(s) of ${bits} bits`,
  partialFrame: (f: string, bytes: number, frameBytes: number) =>
    `${f}: corrupt WAV: the "data" chunk holds ${bytes} bytes, not a whole number of ${frameBytes}-byte frames`,
  noSamples: (f: string) => `${f}: no samples (the audio is empty)`,
  nonFinite: (f: string, index: number, channel: number | undefined, value: number) =>
    `${f}: sample ${index}${channel === undefined ? '' : ` of channel ${channel}`} is ${value}; ` +
    `audio samples must be finite`,
  channelOutOfRange: (f: string, channel: number, channels: number) =>
    `${f}: channel ${channel} requested but the file has ${channels} channel(s) ` +
    `(valid: 0 to ${channels - 1})`,
  soxMissing: (f: string, why: string, bin: string) =>
    `${f}: reading it needs SoX (${why}) but "${bin}" was not found; ` +
    `install it with: ${SOX_INSTALL} (or point NPASD_SOX at the sox binary)`,
  soxFailed: (f: string, exit: string, stderr: string) =>
    `${f}: sox failed (${exit}): ${stderr.trim() || '(no output on stderr)'}`,
  writeCountMismatch: (f: string, written: number, total: number) =>
    `${f}: ${written} samples written but totalSamples is ${total}; the file was not created`,
  writeNonFinite: (f: string, index: number, value: number) =>
    `${f}: cannot write sample ${index}: it is ${value}; audio samples must be finite`,
  writeTooLarge: (f: string, bytes: number) =>
    `${f}: ${bytes} bytes of audio exceed the 4 GiB limit of a WAV file; split it or use pcm16`,
  writeFailed: (f: string, reason: string) => `${f}: cannot write the file: ${reason}`,
  writerNotOpen: (f: string, state: string) => `${f}: the WAV writer is already ${state}`,
};

// ---------------------------------------------------------------------------------------------
// Synthetic corpus (src/synth/, data-scripts/)
// ---------------------------------------------------------------------------------------------

/** A generator name that is not registered (src/synth/registry.ts). */
export const unknownGenerator = (name: string, known: readonly string[]): string =>
  `unknown generator "${name}" (known: ${known.join(', ')})`;

/** A parameter override naming a field the generator does not have. */
export const unknownGeneratorParam = (
  generator: string,
  key: string,
  known: readonly string[],
): string => `${generator}: unknown parameter "${key}" (known: ${known.join(', ')})`;

/** A generator parameter outside its valid range or of the wrong type. */
export const badGeneratorParam = (generator: string, key: string, expected: string): string =>
  `${generator}: parameter "${key}" must be ${expected}`;

/** An anomaly id that is not in the catalogue. */
export const unknownAnomaly = (id: string): string =>
  `unknown anomaly "${id}" (see anomalyCatalogue() in src/synth/anomaly/catalogue.ts)`;

// ---------------------------------------------------------------------------------------------
// Corpus plan, writer and manifest (src/data/synthetic/, data-scripts/make-corpus.ts)
// ---------------------------------------------------------------------------------------------

/** A corpus config number outside its range. */
export const badCorpusConfig = (field: string, value: unknown, allowed: string): string =>
  `corpus config: ${field} is ${JSON.stringify(value)}, expected a number ${allowed}`;

/** --out points at a directory holding a different corpus (another config or seed). */
export const corpusDirHoldsOther = (dir: string): string =>
  `${dir} already holds a different corpus (another scale, config or seed); ` +
  `choose another --out directory or delete this one`;

/** --out names something that is not a directory. */
export const outNotDirectory = (path: string): string =>
  `${path}: exists and is not a directory; --out must name a directory (new or a corpus to resume)`;

/** manifest.json missing, unreadable or of another format. */
export const badManifest = (path: string, what: string): string =>
  `${path}: not a usable corpus manifest: ${what}`;

/** An unknown --scale. */
export const unknownScale = (name: string, known: readonly string[]): string =>
  `unknown scale "${name}" (known: ${known.join(', ')})`;

// ---------------------------------------------------------------------------------------------
// Mixing and test sets (src/audio/mix*.ts)
// ---------------------------------------------------------------------------------------------

/** No held-out normal file is long enough to cut a test clip from. */
export const testSetTooShort = (clipSec: number, longestSec: number): string =>
  `test clips of ${clipSec} s need held-out normal files at least that long, ` +
  `but the longest is ${longestSec} s (raise normalTestSec/fileSec or lower clipSec)`;

// ---------------------------------------------------------------------------------------------
// Experiment specs (src/spec/)
// ---------------------------------------------------------------------------------------------

/** A spec field that fails validation: `path` like "models[2].kind". */
export const specField = (path: string, detail: string): string => `${path}: ${detail}`;

/** A spec problem located in a file. */
export const specInFile = (file: string, message: string): string => `${file}: ${message}`;

/** A --set argument without "=". */
export const badOverride = (text: string): string =>
  `--set ${text}: expected path=value, e.g. --set train.rho=0.1`;

/** A grid node with no values. */
export const gridEmpty = (): string => 'grid has no values (expected { "grid": [v1, v2, ...] })';

/** A spec `extends` chain that comes back to itself. */
export const specExtendsCycle = (chain: readonly string[]): string =>
  `extends cycle: ${chain.join(' -> ')}`;

/** A spec name that is neither a file nor a spec under experiments/. */
export const specNotFound = (name: string, known: readonly string[]): string =>
  `no spec "${name}" (known: ${known.join(', ')}; or give a path to a .json file)`;

/** A scale name the spec does not define. */
export const specUnknownScale = (name: string, known: readonly string[]): string =>
  `unknown scale "${name}" (this spec has: ${known.join(', ')})`;

/** A spec file that is not valid JSON. */
export const specBadJson = (reason: string): string => `not valid JSON: ${reason}`;

// ---------------------------------------------------------------------------------------------
// Experiment runner (src/experiment/, src/cli/)
// ---------------------------------------------------------------------------------------------

/** Messages of `npasd reproduce / validate / list` and the run directory. */
export const runMessages = {
  /** A value that passed the schema but cannot work with the rest of the spec. */
  inconsistent: (path: string, detail: string) => specField(path, detail),
  clipTooLong: (clipSec: number, limitSec: number) =>
    `got ${clipSec}, expected at most ${limitSec} (a test clip is cut from one held-out file: ` +
    `min(data.fileSec, data.normalTestSec))`,
  notPowerOfTwo: (n: number) => `got ${n}, expected a power of two`,
  runDirHoldsOther: (dir: string) =>
    `${dir}: holds another run (its spec.resolved.json differs); choose another --out or remove it`,
  unitFailed: (unit: string, message: string) => `${unit}: ${message}`,
  unitLabels: (unit: string) =>
    `${unit}: its scores.json lists other test clips than the test-set plan; delete the unit directory to redo it`,
  runDone: (dir: string) => `results: ${dir}`,
  table1Title: (rule: string) =>
    rule === 'oracle'
      ? "Table I, at the threshold maximising the mean of P, R and F1 on the test labels (the paper's rule)"
      : 'Table I, at phi_rho (the deployable threshold, set from training data only)',
  badJobs: (jobs: unknown) => `--jobs: got ${JSON.stringify(jobs)}, expected an integer >= 1`,
  badSeeds: (seeds: unknown) => `--seeds: got ${JSON.stringify(seeds)}, expected an integer >= 1`,
  // The command line (src/cli/main.ts). `duration` is formatDuration's text (estimate.ts).
  needCommand: () => 'a command is needed: reproduce, validate, list, train or detect',
  /** A yargs usage error (unknown option, missing argument, ...) with where to look. */
  usage: (message: string, command: string | null) =>
    `${message} (see npasd ${command ? `${command} ` : ''}--help)`,
  epilog: () =>
    "Spec names are looked up in ./experiments (the package's own when there is none). " +
    "Exit code 2 on any error. Run times are estimates from this machine's bench figures " +
    '(src/experiment/estimate.ts).',
  startEstimate: (
    name: string,
    scale: string | null,
    units: number,
    duration: string,
    jobs: number,
  ) =>
    `${name}${scale ? ` (${scale})` : ''}: ${units} unit(s), estimated ~${duration} with --jobs ${jobs}`,
  startRecorded: (name: string, scale: string | null, units: number, jobs: number) =>
    `${name}${scale ? ` (${scale})` : ''}: ${units} unit(s) with --jobs ${jobs}; no time estimate ` +
    'for recorded data (its amount is known once the data stage has read it)',
  validRecorded: () =>
    'no run-time estimate: the estimate models synthetic data, not recordings (folders, dcase)',
  validOk: (file: string) => `${file}: valid`,
  validScale: (scale: string | null, scales: readonly string[]) =>
    `scale: ${scale ?? '(none)'}${scales.length > 0 ? ` (the spec has: ${scales.join(', ')})` : ''}`,
  validCounts: (cells: number, units: number) =>
    `cells: ${cells}, units: ${units} (cells x methods x seeds)`,
  validCell: (id: string, assignments: readonly string[], units: number) =>
    `  cell ${id}: ${assignments.length > 0 ? assignments.join(', ') : 'no grid'}; ${units} unit(s)`,
  validEstimate: (
    duration: string,
    jobs: number,
    parts: { data: string; units: string; longest: string },
  ) =>
    `estimated run time: ~${duration} with --jobs ${jobs} (data and features ~${parts.data}, ` +
    `units ~${parts.units} on one job, longest ${parts.longest}; an estimate for a cold cache)`,
  listHead: (dir: string, jobs: number) =>
    `specs in ${dir}, with estimated wall times for --jobs ${jobs} (estimates for a cold cache):`,
  listSpec: (name: string, title: string) => `${name}: ${title || '(no title)'}`,
  listScale: (
    scale: string | null,
    cells: number,
    units: number,
    duration: string,
    isDefault: boolean,
  ) =>
    `  ${(scale ?? '(no scales)').padEnd(8)} ${cells} cell(s), ${units} unit(s), ~${duration}` +
    (isDefault ? ' (default)' : ''),
  listBroken: (name: string, message: string) => `${name}: ${message}`,
  listDcase: (root: string) =>
    `  one cell per unit of the DCASE dataset at ${root} (validate it once it is there)`,
};

// ---------------------------------------------------------------------------------------------
// Engine (src/engine/)
// ---------------------------------------------------------------------------------------------

/**
 * Messages of the backend resolver (src/engine/backend.ts). `via` names where the choice came
 * from, as the user wrote it: `--backend` or `NPASD_TF_BACKEND=`.
 */
export const engineMessages = {
  unknownBackend: (via: string, name: string, known: readonly string[]) =>
    `${via}${name}: unknown backend (known: ${known.join(', ')})`,
  unavailableBackend: (via: string, name: string) =>
    `${via}${name}: backend could not be initialised` +
    (name === 'tensorflow' ? ' (it needs the optional package @tensorflow/tfjs-node)' : ''),
  noBackend: (tried: readonly string[]) =>
    `no TensorFlow.js backend could be initialised (tried ${tried.join(', ')})`,
  notInitialised: () => 'backendInfo(): call initBackend() first',
};

// ---------------------------------------------------------------------------------------------
// Front end, GMM, metrics (src/features/, src/models/gmm/, src/evaluate/metrics/)
// ---------------------------------------------------------------------------------------------

/** A caller-owned output buffer too small for the result. `what` names the function's area. */
export const outputTooSmall = (what: string, holds: number, need: number): string =>
  `${what}: output holds ${holds} values, need ${need}`;

/** Row-major data whose length is not a multiple of the row width D. */
export const notRowsOfD = (what: string, values: number, d: number): string =>
  `${what}: ${values} values is not a whole number of rows of D = ${d}`;

/** Messages of the front end (src/features/): STFT, mel bank, log-mel, context, standardisation. */
export const featureMessages = {
  stftNfft: (nFft: number) => `stft: nFft must be a power of two >= 8, got ${nFft}`,
  stftHop: (hop: number) => `stft: hop must be >= 1, got ${hop}`,
  pffftNfft: (nFft: number) => `pffft: nFft must be a multiple of 32, got ${nFft}`,
  pffftNoSetup: (nFft: number) => `pffft: no real transform of size ${nFft}`,
  pffftDisposed: () => 'pffft: plan used after dispose()',
  pffftPastEnd: (inOffset: number, nFft: number, length: number) =>
    `pffft: frame ${inOffset} .. ${inOffset + nFft} runs past the signal (${length} samples)`,
  melNfft: (nFft: number) => `mel: nFft must be even and >= 2, got ${nFft}`,
  melNmels: (nMels: number) => `mel: nMels must be an integer >= 1, got ${nMels}`,
  melRange: (fMin: number, fMax: number, sampleRate: number) =>
    `mel: need 0 <= fMin < fMax <= sampleRate/2 = ${sampleRate / 2} Hz, got fMin ${fMin}, fMax ${fMax}`,
  logmelHop: (hop: number) => `logmel: hop must be a positive integer, got ${hop}`,
  logmelFloor: (floor: number) => `logmel: floor must be > 0, got ${floor}`,
  contextPbPf: (pb: number, pf: number) =>
    `context: pb and pf must be integers >= 0, got ${pb}, ${pf}`,
  contextNoFullContext: (t: number, nFrames: number, pb: number, pf: number) =>
    `context: centre frame ${t} has no full context in ${nFrames} frames (pb ${pb}, pf ${pf})`,
  contextBands: (clip: number, nMels: number, nMels0: number) =>
    `context: clip ${clip} has ${nMels} mel bands, clip 0 has ${nMels0}`,
  contextIndex: (g: number, count: number) =>
    `context: vector index ${g} out of range [0, ${count})`,
  standardizeNoClips: () => 'standardize: no clips to compute statistics from',
  standardizeNoFrames: () => 'standardize: the clips have no frames',
  standardizeClipBands: (clip: number, nMels: number, nMels0: number) =>
    `standardize: clip ${clip} has ${nMels} mel bands, clip 0 has ${nMels0}`,
  standardizeBands: (stats: number, nMels: number) =>
    `standardize: statistics for ${stats} bands, matrix has ${nMels}`,
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

/** Messages of the metrics (src/evaluate/metrics/). `what` names the metric (e.g. "ROC"). */
export const metricMessages = {
  lengthMismatch: (what: string, scores: number, labels: number) =>
    `${what}: ${scores} scores but ${labels} labels`,
  noScores: (what: string) => `${what}: no scores`,
  scoreNaN: (what: string, i: number) => `${what}: score ${i} is NaN`,
  badLabel: (what: string, i: number, label: number) =>
    `${what}: label ${i} is ${label}, expected 0 or 1`,
  oneClass: (what: string, pos: number, neg: number) =>
    `${what}: needs both classes, got ${pos} anomalous and ${neg} normal`,
  noAnomalies: (what: string) => `${what}: recall needs at least one anomalous item, got none`,
  thresholdNaN: () => 'precision/recall: threshold is NaN',
  maxFpr: (p: number) => `partial AUC: maxFpr must be in (0, 1], got ${p}`,
  tprRho: (rho: number) => `TPR at FPR: rho must be in [0, 1], got ${rho}`,
  clipLength: (clip: number, n: number) =>
    `clip scores: clip ${clip} has ${n} frames (needs an integer >= 1)`,
  clipFrameNaN: (i: number, clip: number) => `clip scores: frame score ${i} (clip ${clip}) is NaN`,
  clipLengthsSum: (sum: number, frames: number) =>
    `clip scores: clip lengths add up to ${sum}, not ${frames}`,
  clipLengthsExceed: (frames: number) =>
    `clip scores: clip lengths add up to more than ${frames} frame scores`,
};

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
  bigEndian: () => 'detector files store little-endian float32; this machine is big-endian',
};

// ---------------------------------------------------------------------------------------------
// Experiment evaluation (src/evaluate/evaluate.ts, stats.ts)
// ---------------------------------------------------------------------------------------------

/**
 * Messages of the evaluate stage. `unit` is evalMessages.unit(cell, method, seed): the unit id,
 * which is also its directory under cells/ in the run directory.
 */
export const evalMessages = {
  unit: (cell: string, method: string, seed: number) => `${cell}/${method}/seed-${seed}`,
  noClips: (unit: string) => `${unit}: the test set has no clips`,
  noPhiClip: (unit: string) =>
    `${unit}: rule phi-clip needs the unit's clip-level threshold (phiClip)`,
  scoreCount: (unit: string, scores: number, clips: number) =>
    `${unit}: ${scores} scores for ${clips} test clips (expected one score per clip)`,
  scoreNaN: (unit: string, i: number, clipId: string) =>
    `${unit}: the score of clip ${i} (${clipId}) is NaN`,
  snrOneClass: (unit: string, snrDb: number, pos: number, neg: number) =>
    `${unit}: the ${snrDb} dB clips are ${pos} anomalous and ${neg} normal; ` +
    `every SNR needs both classes`,
  metricFailed: (unit: string, snrDb: number, message: string) =>
    `${unit}, ${snrDb} dB: ${message}`,
  duplicateRow: (unit: string, snrDb: number, rule: string) =>
    `${unit}: more than one metrics row at ${snrDb} dB for rule ${rule} (a unit given twice?)`,
  noValues: (what: string) => `${what}: no values`,
  notFinite: (what: string, i: number, value: number) =>
    `${what}: value ${i} is ${value}, expected a finite number`,
  probability: (p: number) => `Student's t quantile: p must be in (0, 1), got ${p}`,
  degreesOfFreedom: (df: number) =>
    `Student's t: degrees of freedom must be a finite number > 0, got ${df}`,
};

// ---------------------------------------------------------------------------------------------
// Figures and report (src/report/)
// ---------------------------------------------------------------------------------------------

/** Messages of `npm run figures` and writeFigures. `dir` and `file` are paths as given. */
export const figureMessages = {
  notADirectory: (dir: string) =>
    `${dir}: not a directory (expected the run directory of a finished npasd reproduce)`,
  missingFile: (dir: string, file: string) =>
    `${dir}: not a finished run: ${file} is missing (run npasd reproduce on it to the end first)`,
  badJson: (file: string, reason: string) => `${file}: not valid JSON: ${reason}`,
  badField: (file: string, field: string, expected: string) =>
    `${file}: ${field}: expected ${expected}`,
  badCsv: (file: string, reason: string) => `${file}: not a valid CSV file: ${reason}`,
  missingColumn: (file: string, column: string) => `${file}: no column "${column}"`,
  noRows: (file: string) => `${file}: no rows`,
  /** A warning of vega-lite or vega while compiling or rendering chart `chart`. */
  chartWarning: (chart: string, message: string) => `${chart}: ${message}`,
  needRunDir: () => 'a run directory is needed: npm run figures -- <run-dir>',
  usage: (message: string) => `${message} (see npm run figures -- --help)`,
  detectionRate: (got: number, want: number) =>
    `detection view: the signal is at ${got} Hz, the detector expects ${want} Hz`,
  wrote: (charts: number, dir: string, report: string) =>
    `wrote ${charts} chart(s) to ${dir} and the report ${report}`,
};

// ---------------------------------------------------------------------------------------------
// DCASE Task 2 datasets (src/data/dcase/)
// ---------------------------------------------------------------------------------------------

const DCASE_NAMES =
  '{normal,anomaly}_id_XX_NNNNNNNN.wav or id_XX_NNNNNNNN.wav (DCASE 2020), ' +
  'section_XX_{source,target}_{train,test}_{normal,anomaly}_NNNN[_<attributes>].wav or ' +
  'section_XX_NNNN.wav (DCASE 2022+)';
const DCASE_TREE = 'machine-type directories such as fan/ or ToyCar/, each with train/ and test/';

/** Messages of the DCASE layout, scanner, metrics and writers. Paths as given (root-joined). */
export const dcaseMessages = {
  rootRequired: () =>
    'data.dcase.root: a dataset directory is required when data.source is "dcase"',
  unknownMachines: (unknown: string[], known: string[]) =>
    `data.dcase.machines: ${unknown.map((m) => `"${m}"`).join(', ')} not in the dataset ` +
    `(machine types there: ${known.join(', ')})`,
  unlabelledUnit: (unit: string) =>
    `data.dcase.unit: ${unit} has test files without a normal/anomaly label (an evaluation set?); ` +
    'metrics need labelled test files (a development set)',
  evaluationTitle: (rule: string) =>
    `DCASE metrics per unit: AUC, pAUC (FPR <= 0.1, McClish) and F1 at ${rule}`,
  badName: (path: string) => `${path}: not a DCASE Task 2 file name (expected ${DCASE_NAMES})`,
  notInSplitDir: (path: string) =>
    `${path}: not in a <machine_type>/train/ or <machine_type>/test/ directory`,
  splitMismatch: (path: string, nameSplit: string, dirSplit: string) =>
    `${path}: the name says ${nameSplit} but the file is in ${dirSplit}/`,
  trainNotNormal: (path: string, label: string) =>
    `${path}: training files must be normal, this one is ${label === 'unknown' ? 'unlabelled' : label}`,
  mixedLayouts: (root: string, a: string, la: string, b: string, lb: string) =>
    `${root}: mixes DCASE layouts: ${a} is ${la}, ${b} is ${lb}`,
  notADirectory: (root: string) => `${root}: not a directory (expected a DCASE dataset root)`,
  emptyRoot: (root: string) => `${root}: empty directory (expected ${DCASE_TREE})`,
  noMachineDirs: (root: string) => `${root}: no machine-type directories (expected ${DCASE_TREE})`,
  rootIsMachineDir: (root: string) =>
    `${root}: holds train/ or test/ itself; pass its parent, the directory of the machine types`,
  noWavFiles: (dir: string) => `${dir}: no .wav files in train/ or test/`,
  noTrainNormals: (dir: string, unitId: string, tests: number) =>
    `${dir}: no training files of ${unitId} (it has ${tests} test file(s))`,
  noTestFiles: (dir: string, unitId: string, trains: number) =>
    `${dir}: no test files of ${unitId} (it has ${trains} training file(s))`,
  unknownUnit: (key: string, known: readonly string[]) =>
    `unknown DCASE unit "${key}" (known: ${known.join(', ')})`,
  unlabelled: (path: string) =>
    `${path}: the name carries no normal/anomaly label (an evaluation set?), so it cannot be scored`,
  domainsLength: (unit: string, domains: number, scores: number) =>
    `${unit}: ${domains} domains but ${scores} scores`,
  unitFailed: (unit: string, message: string) => `${unit}: ${message}`,
  noValues: (what: string) => `${what}: no values`,
  badMeanValue: (what: string, i: number, value: number) =>
    `${what}: value ${i} is ${value}, expected a finite number >= 0`,
  scoreNaN: (file: string) => `anomaly score of ${file} is NaN`,
  noUnits: () => 'result.csv: no units',
  thresholdNaN: () => 'decision results: threshold is NaN',
};

// ---------------------------------------------------------------------------------------------
// Dataset download (data-scripts/download.ts, src/data/download/)
// ---------------------------------------------------------------------------------------------

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/**
 * Messages of `npm run download`. `file` is an archive's name as in the catalogue
 * (data-scripts/datasets.json), `entry` an entry's path inside a zip archive as stored there.
 */
export const downloadMessages = {
  badCatalogue: (file: string, field: string, expected: string) =>
    `${file}: ${field}: expected ${expected}`,
  unknownDataset: (name: string, known: readonly string[]) =>
    `unknown dataset "${name}" (known: ${known.join(', ')})`,
  unknownMachine: (dataset: string, name: string, known: readonly string[]) =>
    `${dataset}: unknown machine type "${name}" (known: ${known.join(', ')})`,
  badState: (path: string, reason: string) => `${path}: not an npm run download record (${reason})`,
  outHoldsOther: (out: string, other: string, dataset: string) =>
    `${out} holds the ${other} download (download.json), not ${dataset}: choose another --out`,
  httpStatus: (file: string, url: string, status: number) =>
    `${file}: ${url} answered HTTP ${status}`,
  retrying: (file: string, reason: string, bytes: number, attempt: number, of: number) =>
    `${file}: ${reason}, ${bytes} bytes kept; resuming (attempt ${attempt} of ${of})`,
  status: (status: number) => `HTTP ${status}`,
  shortBody: (bytes: number, total: number) => `the body ended at ${bytes} of ${total} bytes`,
  longBody: (bytes: number, total: number) =>
    `the file grew to ${bytes} bytes, more than the ${total} announced`,
  idle: (sec: number) => `no data for ${sec} s`,
  rangeIgnored: (file: string, bytes: number) =>
    `${file}: the server ignored the range request; dropping the ${bytes} bytes kept and starting over`,
  otherRange: (asked: number, got: string) =>
    `asked for bytes from ${asked}, got Content-Range "${got}" (starting over)`,
  downloadFailed: (file: string, attempts: number, reason: string, part: string, bytes: number) =>
    `${file}: download failed after ${attempts} attempt(s): ${reason}. Run the same command ` +
    (bytes > 0 ? `again to resume from the ${bytes} bytes kept in ${part}` : 'again to retry'),
  checksumMismatch: (file: string, expected: string, actual: string, movedTo: string) =>
    `${file}: wrong checksum: expected md5 ${expected}, got ${actual}; nothing unpacked ` +
    `(the archive was moved to ${movedTo}; run again to download it afresh)`,
  badZip: (file: string, reason: string) => `${file}: not a readable zip archive: ${reason}`,
  unsafeEntry: (file: string, entry: string, reason: string) =>
    `${file}: refused: entry "${entry}" ${reason}; nothing unpacked`,
  absolutePath: () => 'is an absolute path',
  parentDir: () => 'goes up with ".." (it could land outside the target directory)',
  nulChar: () => 'has a NUL character in its name',
  symlink: () => 'is a symbolic link',
  duplicate: (target: string) => `lands on ${target} like an earlier entry`,
  noLayoutFiles: (file: string, machine: string, splits: readonly string[]) =>
    `${file}: no ${machine}/{${splits.join(',')}}/*.wav entries in the DCASE layout; nothing unpacked`,
  targetExists: (file: string, dir: string) =>
    `${file}: ${dir} already exists and was not unpacked from this archive by npm run download; ` +
    `remove it or choose another --out`,
  skipped: (file: string, count: number, examples: readonly string[]) =>
    `${file}: skipped ${count} entr${count === 1 ? 'y' : 'ies'} outside the DCASE layout ` +
    `(${examples.join(', ')}${count > examples.length ? ', ...' : ''})`,
  progress: (file: string, done: number, total: number | undefined, bytesPerSec: number) => {
    const size =
      total === undefined
        ? `${mib(done)} MiB`
        : `${mib(done)} / ${mib(total)} MiB (${((100 * done) / Math.max(total, 1)).toFixed(1)}%)`;
    const eta =
      total !== undefined && bytesPerSec > 0 && done < total
        ? `, ETA ${Math.ceil((total - done) / bytesPerSec)} s`
        : '';
    return `${file}: ${size}, ${mib(bytesPerSec)} MiB/s${eta}`;
  },
  downloaded: (file: string, bytes: number, sec: number) =>
    `${file}: downloaded ${mib(bytes)} MiB in ${sec.toFixed(1)} s, md5 verified`,
  verified: (file: string) => `${file}: already downloaded, md5 verified`,
  alreadyUnpacked: (file: string, dir: string) => `${file}: already unpacked in ${dir}`,
  unpacked: (file: string, files: number, dir: string) => `${file}: ${files} files in ${dir}`,
  done: (dataset: string, archives: number, out: string) =>
    `${dataset}: ${archives} archive(s) in place under ${out}`,
};

// ---------------------------------------------------------------------------------------------
// Your own recordings: folders, `npasd train`, `npasd detect` (src/audio/folder.ts,
// src/recordings/)
// ---------------------------------------------------------------------------------------------

/** Messages of folders of recordings (src/audio/folder.ts). Paths as given. */
export const folderMessages = {
  missing: (dir: string) => `${dir}: no such directory`,
  notADirectory: (dir: string) => `${dir}: not a directory (expected a folder of recordings)`,
  unreadable: (path: string, reason: string) => `${path}: cannot read it: ${reason}`,
  empty: (dir: string, extensions: readonly string[]) =>
    `${dir}: empty directory (expected audio files: ${extensions.join(' ')})`,
  noAudio: (dir: string, extensions: readonly string[], others: number, example: string | null) =>
    `${dir}: no audio files (looked for ${extensions.join(' ')} in it and its subdirectories; ` +
    `found ${others} other file(s)${example ? `, e.g. ${example}` : ''})`,
  /** A file of the folder that fails to decode; `message` is the AudioError's (it names the file). */
  badFile: (dir: string, message: string) => `${dir}: a recording cannot be read: ${message}`,
};

const nats = (x: number): string => `${x.toFixed(2)} nats`;

/** Messages of `npasd train` and `npasd detect` and their model directory (src/recordings/). */
export const ownDataMessages = {
  // Model directory (src/recordings/model.ts).
  noModel: (dir: string) =>
    `${dir}: not a model directory (no model.json; make one with npasd train)`,
  badModel: (file: string, reason: string) => `${file}: cannot read the model: ${reason}`,
  badModelField: (file: string, field: string, expected: string) =>
    `${file}: ${field} must be ${expected}`,
  modelMismatch: (dir: string) =>
    `${dir}: model.json and detector.json do not belong together (phi_rho differs, or the ` +
    'detector has no front-end settings); train the model again',
  // npasd train.
  outExists: (out: string) =>
    `${out}: already exists; choose another --out or add --force to replace the model there`,
  outNotModel: (out: string) =>
    `${out}: exists and is neither a model directory (no model.json) nor empty; ` +
    '--force replaces only a model directory',
  gridSpec: (file: string, cells: number) =>
    `${file}: the spec has ${cells} cells (a grid); npasd train needs one: ` +
    'fix every grid path with --set path=value',
  readingLabel: (dir: string) => `reading ${dir}`,
  readDone: (files: number, seconds: number) =>
    `${files} file(s), ${seconds < 120 ? `${seconds.toFixed(1)} s` : `${(seconds / 60).toFixed(1)} min`} of audio`,
  noOther: (method: string) =>
    method === 'prop'
      ? "no --other: PROP's VAE step learns from the --normal recordings in place of other " +
        "machines' sound (give --other for the paper's setting)"
      : `no --other: ${method.toUpperCase()} trains on the --normal recordings alone`,
  trainLabel: (method: string) => `training ${method}`,
  trainDone: (epochs: number, seconds: number) => `${epochs} epoch(s) in ${seconds.toFixed(1)} s`,
  epochDetail: (loss: number) => `loss ${loss.toPrecision(4)}`,
  epochDetailProp: (loss: number, j: number, tpr: number, fpr: number) =>
    `VAE loss ${loss.toPrecision(4)}, J ${j.toFixed(3)}, batch TPR ${tpr.toFixed(2)}, FPR ${fpr.toFixed(2)}`,
  tooShort: (dir: string, minSec: number) =>
    `${dir}: the recordings are too short: each needs at least ${minSec.toFixed(3)} s of audio ` +
    'for one context vector',
  clipTooShort: (clipSec: number, minSec: number) =>
    `data.test.clipSec: ${clipSec} s is shorter than one context vector (${minSec.toFixed(3)} s)`,
  clipCapped: (clipSec: number, usedSec: number) =>
    `note: every training piece is shorter than the ${clipSec} s clip length; ` +
    `phiClip is set on windows of ${usedSec.toFixed(2)} s`,
  tooFewWindows: (dir: string, windows: number, clipSec: number, rho: number) =>
    `${dir}: ${windows} window(s) of ${clipSec.toFixed(2)} s in the training recordings, too few ` +
    `for rho = ${rho} (it needs at least ${Math.ceil(1 / rho)}); add recordings or raise prop.rho`,
  trained: (out: string, method: string, phiClip: number, clipSec: number, phiRho: number) =>
    `model: ${out} (${method}; threshold phi-clip ${nats(phiClip)} for clips of ` +
    `${clipSec.toFixed(2)} s; per-frame phi_rho ${nats(phiRho)})`,
  // npasd detect.
  fileTooShort: (file: string, seconds: number, minSec: number) =>
    `${file}: ${seconds.toFixed(3)} s of audio is too short to score (at least ${minSec.toFixed(3)} s)`,
  scoreNaN: (file: string, frame: number) => `${file}: the score of frame ${frame} is NaN`,
  fileFailed: (file: string, message: string) => `${file}: ${message}`,
  fileLine: (r: {
    file: string;
    anomalous: boolean;
    clipScore: number;
    threshold: number;
    clipTimeSec: number;
  }) =>
    r.anomalous
      ? `${r.file}: anomalous (score ${nats(r.clipScore)} > threshold ${nats(r.threshold)}, ` +
        `at ${r.clipTimeSec.toFixed(2)} s)`
      : `${r.file}: normal (score ${nats(r.clipScore)} <= threshold ${nats(r.threshold)})`,
  detectSummary: (anomalous: number, normal: number, failed: number) =>
    `${anomalous + normal + failed} file(s): ${anomalous} anomalous, ${normal} normal` +
    (failed > 0 ? `, ${failed} failed` : ''),
  plotTitle: (method: string) => `npasd detect (${method.toUpperCase()})`,
  plotSubtitle: (file: string, anomalous: boolean, score: number, threshold: number) =>
    `${file}: ${anomalous ? 'anomalous' : 'normal'}, clip score ${nats(score)}, ` +
    `threshold phi-clip ${nats(threshold)}`,
  trainEpilog: () =>
    "Settings come from the spec (default: table1 at its default scale, quick: the paper's " +
    'network, 10 epochs of 150 steps) with --scale and --set as for reproduce; the seed is the ' +
    "spec's seed (--set seed=N). Without --other, AE and VAE train on the --normal recordings " +
    "alone and PROP's VAE step learns from them in place of O. Recordings are read recursively " +
    '(.wav natively; .flac, .mp3, .ogg, .aiff, ... and other sample rates through SoX) at the ' +
    "spec's sample rate and cut into pieces of at most data.fileSec seconds. The model directory " +
    'holds the detector, train-log.jsonl and model.json (thresholds, front end, training files ' +
    'with sha256, backend, seed). Exit code 2 on any error.',
  detectEpilog: () =>
    "A recording is anomalous when its clip score (max of its frame scores, or the spec's " +
    "aggregation, over each clip-length window) exceeds the model's clip threshold phi-clip. " +
    'Long recordings are streamed in 10 s blocks. Exit code 0 when every file is normal, 1 when ' +
    'any is anomalous, 2 on any error (the other files are still scored).',
};

// ---------------------------------------------------------------------------------------------
// The `folders` data source (src/data/folders.ts)
// ---------------------------------------------------------------------------------------------

export const folderSourceMessages = {
  required: (field: string) =>
    `data.folders.${field}: a directory is required when data.source is "folders"`,
  tooFewPieces: (n: number) =>
    `data.folders: holding out normal test audio needs at least 2 pieces of normal recordings, ` +
    `got ${n}; give more (or longer) recordings, a smaller data.fileSec, or data.folders.normalTest`,
  duplicateAnomaly: (dir: string, path: string) =>
    `${dir}: two anomalous clips map to the same name ${path} (same path but another extension?); rename one`,
  changed: (runDir: string) =>
    `${runDir}: the recordings changed since this run started (their content hash differs); ` +
    'start a new run (another --out) or restore the recordings',
};
