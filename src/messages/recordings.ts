/** User-facing messages of npasd train and npasd detect on own recordings. */

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
  notRegularFile: (file: string, kind: string) =>
    `${file}: is ${kind}, not a regular file; only files (or links to files) are read as audio`,
  // npasd detect --out (src/recordings/detectOutput.ts).
  outIsInput: (out: string, input: string) =>
    `--out ${out}: is the input ${input}; writing there would destroy it: choose another --out`,
  outInModel: (out: string, dir: string) =>
    `--out ${out}: lies in the model directory ${dir}; writing there would damage the model: ` +
    'choose another --out',
  outNotFile: (out: string) =>
    `--out ${out}: exists and is not a regular file (a directory, device or pipe); give a file ` +
    'path (or no --out for stdout)',
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
  constantAudio: (dir: string, spread: number) =>
    `${dir}: the normal recordings are silent or constant (their log-mel spectrum varies by at ` +
    `most ${Number(spread.toPrecision(2))} nats over every frame): a model of them would learn ` +
    'nothing to tell anomalies by; check that the folder holds the recordings of the machine',
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
    'A folder stands for its audio files (recursive, in name order). --frames none gives one ' +
    'row per file. Long recordings are streamed in 10 s blocks. Exit code 0 when every file is normal, 1 when ' +
    'any is anomalous, 2 on any error (the other files are still scored).',
};
