/**
 * npasd as a library (`import { reproduce, train, detect, report, loadSpec } from 'npasd'`): the
 * same machinery as the command line, without printing. Paths are resolved from the current
 * directory; spec names are looked up in ./experiments, else in the package's own.
 *
 *   const run = await reproduce('table1', { scale: 'smoke' });       // run dir + Table I text
 *   const model = await train({ normal: 'rec/normal', out: 'models/pump' });
 *   const results = await detect('models/pump', ['rec/new.wav']);    // per file and per frame
 *   await report(run.runDir);                                        // charts + report.md/html
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { expandAudioPaths } from './audio/folder.ts';
import { initBackend } from './engine/backend.ts';
import { loadExperiment } from './experiment/load.ts';
import { reproduce as runExperiment, type ReproduceResult } from './experiment/runner.ts';
import { ownDataMessages } from './messages/index.ts';
import type { ModelName } from './models/detector.ts';
import type { RecordingResult } from './recordings/detect.ts';
import { detectFiles } from './recordings/detectFiles.ts';
import type { ModelFile } from './recordings/model.ts';
import { trainRecordings } from './recordings/train.ts';
import { writeFigures, type FiguresResult } from './report/stage.ts';

export type { FiguresResult, ModelFile, ModelName, RecordingResult, ReproduceResult };

/** The package's own experiment specs (table1, fig4, snr-sweep, ...). */
const PACKAGE_SPECS = join(import.meta.dirname, '..', 'experiments');
const specDir = (dir?: string): string =>
  dir ?? (existsSync('experiments') ? 'experiments' : PACKAGE_SPECS);

/** Where a spec comes from and what to change in it (as `npasd validate`/`reproduce` take). */
export interface SpecOptions {
  /** A scale the spec defines (smoke, quick, paper, ...); default the spec's own default. */
  scale?: string;
  /** Seeds per cell (>= 1); default the spec's `seeds`. */
  seeds?: number;
  /** Overrides `path=value`, as `--set` takes them (e.g. 'train.epochs=5'). */
  set?: string[];
  /** Where spec names are looked up; default ./experiments, else the package's own. */
  specDir?: string;
}

const overrides = (o: SpecOptions) => ({
  specDir: specDir(o.specDir),
  ...(o.scale !== undefined ? { scale: o.scale } : {}),
  ...(o.seeds !== undefined ? { seeds: o.seeds } : {}),
  sets: o.set ?? [],
});

/**
 * Loads and checks a spec (name or path to a .json file): its file, scale and one validated
 * spec per grid cell. Throws naming the file (or the override) and the field on bad input.
 */
export function loadSpec(spec: string, options: SpecOptions = {}) {
  return loadExperiment({ spec, ...overrides(options) });
}

export interface ReproduceOptions extends SpecOptions {
  /** Units run side by side in worker processes (>= 1); default the number of cores. */
  jobs?: number;
  /** Run directory; default results/<spec>/<scale>-<plan hash> (resumed when it exists). */
  out?: string;
  /** Shared corpus and feature cache; default results/.cache. */
  cache?: string;
  /** TensorFlow.js backend ('tensorflow', 'wasm', 'cpu'); default the best that loads. */
  backend?: string;
  /** Progress lines; default process.stderr. */
  progress?: NodeJS.WriteStream;
}

/** Runs (or resumes) an experiment: the run directory with its CSVs and the Table I text. */
export async function reproduce(
  spec: string,
  options: ReproduceOptions = {},
): Promise<ReproduceResult> {
  const o = overrides(options);
  return runExperiment({
    spec,
    specDir: o.specDir,
    sets: o.sets,
    ...(o.scale !== undefined ? { scale: o.scale } : {}),
    ...(o.seeds !== undefined ? { seeds: o.seeds } : {}),
    ...(options.jobs !== undefined ? { jobs: options.jobs } : {}),
    ...(options.out !== undefined ? { out: options.out } : {}),
    ...(options.cache !== undefined ? { cacheDir: options.cache } : {}),
    ...(options.backend !== undefined ? { backend: options.backend } : {}),
    ...(options.progress !== undefined ? { stream: options.progress } : {}),
  });
}

export interface TrainOptions extends SpecOptions {
  /** Folder of normal recordings of the machine (searched recursively). */
  normal: string;
  /** Folder of other machines' sounds (O, for PROP); default none. */
  other?: string;
  /** Model directory to write (complete or absent: written atomically). */
  out: string;
  /** Method: 'prop' (default), 'ae', 'vae', ... */
  method?: ModelName;
  /** The spec whose settings are used (default 'table1'); it must have a single cell. */
  spec?: string;
  /** Replace an existing model directory. */
  force?: boolean;
  backend?: string;
  /** Progress and notes; default process.stderr. */
  progress?: NodeJS.WriteStream;
}

/** Trains one detector on your recordings and saves it (what model.json records). */
export async function train(options: TrainOptions): Promise<ModelFile> {
  const exp = loadSpec(options.spec ?? 'table1', options);
  if (exp.cells.length !== 1) throw new Error(ownDataMessages.gridSpec(exp.file, exp.cells.length));
  await initBackend(options.backend);
  return trainRecordings({
    normalDir: options.normal,
    ...(options.other !== undefined ? { otherDir: options.other } : {}),
    method: options.method ?? 'prop',
    spec: exp.cells[0].spec,
    specInfo: { name: exp.name, file: exp.file, scale: exp.scale, sets: exp.sets },
    out: options.out,
    force: options.force ?? false,
    ...(options.progress !== undefined ? { stream: options.progress } : {}),
  });
}

/** One recording's result: scores per frame and per clip, or why it could not be scored. */
export type DetectResult = RecordingResult | { file: string; error: string };

export interface DetectOptions {
  backend?: string;
  /** Seconds of audio read at a time (default 10). */
  blockSec?: number;
  /** Per-file lines; default none (set process.stderr to see them). */
  progress?: NodeJS.WritableStream;
}

/**
 * Scores recordings with a trained model directory (`files`: audio files, or folders read
 * recursively in name order for their audio files; a folder without any throws): per file the clip score, the threshold and
 * the decision, and every frame's time and score. A file that cannot be scored gets `error`
 * and the others are still scored; a model that cannot be loaded throws.
 */
export async function detect(
  model: string,
  files: readonly string[],
  options: DetectOptions = {},
): Promise<DetectResult[]> {
  const paths = expandAudioPaths(files);
  await initBackend(options.backend);
  const quiet = { write: () => true } as unknown as NodeJS.WritableStream;
  const s = await detectFiles({
    modelDir: model,
    files: paths,
    format: 'json',
    write: () => undefined,
    stream: options.progress ?? quiet,
    ...(options.blockSec !== undefined ? { blockSec: options.blockSec } : {}),
  });
  return s.results;
}

/** Regenerates the charts and report.md/report.html of a finished run directory. */
export async function report(runDir: string): Promise<FiguresResult> {
  return writeFigures(runDir);
}
