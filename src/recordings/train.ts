/**
 * `npasd train` as a function (I/O edge): one detector trained on folders of recordings, with
 * the settings of one spec cell, written to a model directory (src/recordings/model.ts).
 *   1. The output path and both folders are checked before any audio is read; every recording
 *      is decoded before training starts (src/audio/folder.ts), so a bad file stops the command
 *      early with its name.
 *   2. Recordings are read at the spec's sample rate, cut into pieces of at most data.fileSec
 *      seconds, and turned into log-mel; the standardisation statistics are fitted on every
 *      frame of D and O, as the runner's features stage does (src/features/stage.ts).
 *   3. The method trains with spec.seed (src/models/registry.ts). Without O: AE and VAE train on
 *      D alone; PROP's VAE step (METHOD.md section 7, step 2) learns from D in place of O.
 *   4. phi_rho comes with the detector; phiClip is set as the runner sets it
 *      (src/evaluate/metrics/clipThreshold.ts): every window of data.test.clipSec seconds (hop one
 *      frame) of D's training frame scores, aggregated like a clip, and the rho-quantile rule.
 *   5. Everything is written into a temporary sibling directory renamed to the output at the end,
 *      so the output is either absent or complete.
 */
import { existsSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { listAudioFiles, readAudioFolder } from '../audio/folder.ts';
import { backendInfo } from '../engine/backend.ts';
import { windowScores } from '../evaluate/metrics/clipThreshold.ts';
import { featureSets, standardizerJson } from '../features/stage.ts';
import { logMelSpread, MIN_LOG_MEL_SPREAD } from '../features/standardize.ts';
import { gitState } from '../experiment/provenance.ts';
import { frontendOf, settingsOf, type ExperimentSpec } from '../experiment/schema.ts';
import { ContextIndex, contextSeconds } from '../features/context.ts';
import { LogMelExtractor, type LogMel } from '../features/logmel.ts';
import { frameCount } from '../features/stft.ts';
import { thresholdAtRho } from '../models/gmm/threshold.ts';
import { otherOrNormal } from '../models/data.ts';
import type { ModelName } from '../models/detector.ts';
import { saveDetector } from '../models/io.ts';
import { getModel } from '../models/registry.ts';
import { resolveSettings } from '../models/settings.ts';
import { epochLogLine, type EpochLog } from '../models/train.ts';
import { fileMessages, fsReason, ownDataMessages } from '../messages/index.ts';
import { checkCreatable } from '../util/writable.ts';
import { tempSibling } from '../util/atomicWrite.ts';
import { progressLine } from '../util/progress.ts';
import {
  MODEL_FORMAT,
  MODEL_JSON,
  MODEL_VERSION,
  modelJsonText,
  TRAIN_LOG,
  type ModelFile,
  type TrainingFile,
} from './model.ts';

export interface TrainRecordingsOptions {
  normalDir: string;
  otherDir?: string;
  method: ModelName;
  /** The spec cell to take every setting from, and where it came from (recorded). */
  spec: ExperimentSpec;
  specInfo: { name: string; file: string; scale: string | null; sets: string[] };
  out: string;
  /** Replace an existing model directory at `out`. */
  force?: boolean;
  /** Progress and notes (default: stderr). */
  stream?: NodeJS.WriteStream;
}

/** Refuses an existing `out` unless `force` and it is a model directory or empty. */
function checkOut(out: string, force: boolean): boolean {
  if (!existsSync(out)) return false;
  if (!force) throw new Error(ownDataMessages.outExists(out));
  const isModelDir =
    statSync(out).isDirectory() &&
    (existsSync(join(out, MODEL_JSON)) || readdirSync(out).length === 0);
  if (!isModelDir) throw new Error(ownDataMessages.outNotModel(out));
  return true;
}

/** Log-mel of every piece of every recording of `dir`, and the files as recorded. */
async function readFolder(
  dir: string,
  extractor: LogMelExtractor,
  pieceSec: number,
  total: number,
  stream: NodeJS.WriteStream,
): Promise<{ mels: LogMel[]; files: TrainingFile[] }> {
  const progress = progressLine(ownDataMessages.readingLabel(dir), stream);
  const mels: LogMel[] = [];
  const files: TrainingFile[] = [];
  let seconds = 0;
  const sampleRate = extractor.options.sampleRate;
  for await (const { file, pieces } of readAudioFolder(dir, { sampleRate, pieceSec })) {
    for (const p of pieces) mels.push(extractor.extract(p.samples));
    files.push({
      path: file.relPath,
      bytes: file.bytes,
      sha256: file.sha256,
      seconds: file.seconds,
    });
    seconds += file.seconds;
    progress.update(files.length, total);
  }
  progress.finish(ownDataMessages.readDone(files.length, seconds));
  return { mels, files };
}

function epochDetail(log: EpochLog): string {
  return log.j === undefined
    ? ownDataMessages.epochDetail(log.loss)
    : ownDataMessages.epochDetailProp(log.loss, log.j, log.batchTpr ?? NaN, log.batchFpr ?? NaN);
}

/** Trains, sets the thresholds and writes the model directory; returns its model.json. */
export async function trainRecordings(o: TrainRecordingsOptions): Promise<ModelFile> {
  const stream = o.stream ?? process.stderr;
  const { spec, method } = o;
  const replace = checkOut(o.out, o.force ?? false);
  // Before any audio is read or any training: the model directory can be written there.
  try {
    checkCreatable(o.out);
  } catch (e) {
    throw new Error(fileMessages.notWritable(o.out, fsReason(e)), { cause: e });
  }
  // Both listings are checked before anything is read.
  const nNormal = listAudioFiles(o.normalDir).length;
  const nOther = o.otherDir === undefined ? 0 : listAudioFiles(o.otherDir).length;
  const settings = resolveSettings(settingsOf(spec, method));
  const { pb, pf } = spec.frontend;
  const context = { pb, pf };
  const frontend = frontendOf(spec);
  const pieceSec = spec.data.fileSec;

  const extractor = await LogMelExtractor.create(frontend);
  let normal: Awaited<ReturnType<typeof readFolder>>;
  let other: Awaited<ReturnType<typeof readFolder>> | null = null;
  try {
    normal = await readFolder(o.normalDir, extractor, pieceSec, nNormal, stream);
    if (o.otherDir !== undefined) {
      other = await readFolder(o.otherDir, extractor, pieceSec, nOther, stream);
    }
  } finally {
    extractor.dispose();
  }
  const minSeconds = contextSeconds(1, frontend, context);
  const vectors = (mels: LogMel[]): number => new ContextIndex(mels, context).count;
  if (vectors(normal.mels) === 0)
    throw new Error(ownDataMessages.tooShort(o.normalDir, minSeconds));
  if (other && vectors(other.mels) === 0) {
    throw new Error(ownDataMessages.tooShort(o.otherDir as string, minSeconds));
  }
  // Silence or a constant signal gives a model of nothing (and a threshold at one value).
  const spread = logMelSpread(normal.mels);
  if (spread < MIN_LOG_MEL_SPREAD) {
    throw new Error(ownDataMessages.constantAudio(o.normalDir, spread));
  }
  const sets = featureSets(normal.mels, other?.mels ?? [], context);
  const st = sets.standardizer;
  const otherSource = other ? 'other' : method === 'prop' ? 'normal' : 'none';
  if (!other) stream.write(`${ownDataMessages.noOther(method)}\n`);
  const data = otherOrNormal({ normal: sets.normal, other: sets.other }, method);

  const tmp = tempSibling(o.out, 'tmp');
  rmSync(tmp, { recursive: true, force: true });
  const progress = progressLine(ownDataMessages.trainLabel(method), stream);
  const t0 = performance.now();
  const logLines: string[] = [];
  const { detector } = getModel(method).train(data, settings, {
    seed: spec.seed,
    standardizer: st,
    frontend,
    onEpoch: (log) => {
      logLines.push(epochLogLine(log));
      progress.update(log.epoch, settings.epochs, epochDetail(log));
    },
  });
  progress.finish(ownDataMessages.trainDone(settings.epochs, (performance.now() - t0) / 1000));
  try {
    // phiClip on D's training frame scores (clipThreshold.ts; hop one frame, as the runner).
    const scores = normal.mels.map((m) => detector.scoreFrames(m));
    const { hop, nFft } = spec.frontend;
    const clipSamples = Math.round(spec.data.test.clipSec * spec.data.sampleRate);
    const wanted = frameCount(clipSamples, nFft, hop) - pb - pf;
    if (wanted < 1)
      throw new Error(ownDataMessages.clipTooShort(spec.data.test.clipSec, minSeconds));
    const longest = Math.max(...scores.map((s) => s.length));
    const clipFrames = Math.min(wanted, longest);
    const clipSec = contextSeconds(clipFrames, frontend, context);
    if (clipFrames < wanted)
      stream.write(`${ownDataMessages.clipCapped(spec.data.test.clipSec, clipSec)}\n`);
    const { aggregation } = spec.evaluation;
    // clipThreshold's rule, on window scores computed once.
    const windows = windowScores(scores, clipFrames, 1, aggregation);
    if (Math.floor(settings.rho * windows.length) < 1) {
      throw new Error(
        ownDataMessages.tooFewWindows(o.normalDir, windows.length, clipSec, settings.rho),
      );
    }
    const phiClip = thresholdAtRho(windows, settings.rho);
    const info: ModelFile = {
      format: MODEL_FORMAT,
      version: MODEL_VERSION,
      method,
      seed: spec.seed,
      settings,
      frontend,
      context,
      standardizer: standardizerJson(st),
      phiRho: detector.phi,
      rho: settings.rho,
      phiClip,
      clipSec,
      clipFrames,
      aggregation,
      pieceSec,
      otherSource,
      backend: await backendInfo(),
      git: gitState(),
      spec: { ...o.specInfo, resolved: spec },
      data: {
        normal: { dir: o.normalDir, files: normal.files },
        other: other ? { dir: o.otherDir as string, files: other.files } : null,
      },
    };
    try {
      await saveDetector(detector, tmp);
      await writeFile(join(tmp, TRAIN_LOG), logLines.map((line) => `${line}\n`).join(''));
      await writeFile(join(tmp, MODEL_JSON), modelJsonText(info));
      install(tmp, o.out, replace);
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
    return info;
  } finally {
    detector.dispose();
  }
}

/** Renames `tmp` to `out`; an existing `out` (replace) is moved aside first and removed after. */
function install(tmp: string, out: string, replace: boolean): void {
  if (!replace) {
    renameSync(tmp, out);
    return;
  }
  const old = tempSibling(out, 'old');
  renameSync(out, old);
  try {
    renameSync(tmp, out);
  } catch (e) {
    renameSync(old, out);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}
