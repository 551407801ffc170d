/**
 * The run-time estimate's constants, measured on this machine, and the counts every unit's
 * estimate shares (vectors of a stretch of audio, EM time, the test set's audio). Pure.
 */
import type { ModelName } from '../models/detector.ts';
import type { ModelSettings } from '../models/settings.ts';
import type { ExperimentSpec } from './schema.ts';

/**
 * The cost model's constants, measured on this machine (2 cores, wasm backend, one thread per
 * process) with `npm run bench` unless marked "assumed".
 */
export const COST = {
  /** The bench's network (METHOD.md section 3): Q = 64 x 21, F 3 x 512 -> D 32, batch K 100. */
  reference: { q: 1344, hidden: [512, 512, 512], featureDim: 32, batchSize: 100 },
  /** AE/VAE training, vectors/s: train_vae 1,204-1,289, train_ae 1,171-1,312. */
  aeVaeVectorsPerSec: 1250,
  /**
   * PROP training without refits, vectors/s: train_prop_samples_per_s_no_refit 550-609. With the
   * bench's refit (every 10 steps over 2,000 D vectors) this model gives ~530 (bench: 523-559).
   */
  propVectorsPerSec: 580,
  /** Per-step overhead, s: the smoke network (Q-32-4) measured 8.8-9.1 ms/step (AE/VAE), 14.6 (PROP). */
  aeVaeStepOverheadSec: 0.006,
  propStepOverheadSec: 0.012,
  /** F alone (inference, batches of 2,048) on the reference network: measured 11,700-12,200/s. */
  forwardVectorsPerSec: 12000,
  /** Per inference batch, s (assumed): keeps tiny networks from costing nothing. */
  forwardBatchOverheadSec: 0.002,
  /** EM, s per iteration per (vector x D x C): gmm_em_s_per_iter 0.062-0.074 s at 200,000 x 32 x 16. */
  emSecPerIterUnit: 0.068 / (200_000 * 32 * 16),
  /** EM iterations of a warm-started refit (tests: converges within 3). */
  refitEmIterations: 3,
  /** Data stage, s per hour of audio: the paper corpus (21.3 h) took 57.6 s. */
  dataSecPerAudioHour: 3,
  /** Data and features stages, s per data key: a cold smoke run (2 min of audio) took ~2.5 s. */
  dataFixedSec: 2,
  /** Front end, s per hour of audio: 3600 / frontend_rtf (~5,000) = 0.72 s, plus cache writes. */
  featuresSecPerAudioHour: 1,
  /**
   * Score stage besides F: reading the clips' sources, mixing and the front end, s per hour of
   * test audio, plus a fixed part per unit. Fitted to table1 quick (1 h of clips, 218k vectors:
   * 20-24 s, F ~18 s of it) and smoke (0.2 h, tiny F: 1.4 s).
   */
  testSecPerAudioHour: 3,
  scoreFixedSec: 0.5,
  /** Process start (tsx, TensorFlow.js import, backend init): ~2.8 s before a smoke run's first line. */
  startupSec: 3,
  /**
   * Per unit: loading D and O from the cache, saving the detector. A smoke run (3 units of ~0.2 s
   * training and ~0.6 s scoring) took 2.5 s in all (.tmp run logs), so ~0.5 s is left per unit.
   */
  unitOverheadSec: 0.5,
  /**
   * With --jobs > 1 each unit runs in a fresh worker process (Node, tsx, TensorFlow.js, backend):
   * in a smoke run's log.txt a unit's first epoch came 3.1 s after the unit before it finished.
   */
  workerStartSec: 3,
  /**
   * Evaluate and report stages (tables, CSVs, charts rendered to SVG and PNG, report.html): a
   * smoke run's log.txt shows 6.9 s from the last unit to the report; a quick run's is similar.
   */
  reportSec: 6,
  /** Each of 2 VAE runs in 2 processes ran at 1/1.07 of one alone (aggregate x1.75-1.98). */
  parallelSlowdown: 1.07,
  /** Anomalies per SNR in the test set (the catalogue's 45). */
  anomalies: 45,
  /**
   * dcase-ae, s per training step of 512 vectors (640-128x4-8-128x4-640 with batch norm, Adam):
   * epochs of 150 steps took 13.5-44 s in a table1 quick run at load average 5-6 (the fastest
   * 13.5 s), 40-step epochs of a bench 3.7-4.6 s at load 3-5: about 0.09-0.1 s per step.
   */
  dcaseAeStepSec: 0.09,
  /** dcase-ae inference (frame errors), vectors/s: 9,375 vectors in 0.35 s at load 3-5. */
  dcaseAeForwardVectorsPerSec: 27000,
  /** dcase-ae's recipe: batch, epoch cap, validation share, front-end hop and context frames. */
  dcaseAe: { batchSize: 512, maxEpochs: 100, validationSplit: 0.1, hop: 512, context: 4 },
} as const;

export interface UnitEstimate {
  id: string;
  method: ModelName;
  /** Training steps in all. */
  steps: number;
  trainSec: number;
  refits: number;
  refitSec: number;
  finalFitSec: number;
  scoreSec: number;
  /** All of the above plus the per-unit overhead. */
  seconds: number;
}

/**
 * Context vectors of `sec` seconds of audio in `files` files (default: cut at fileSec), at the
 * spec's hop and context unless `frames` gives others (context = Pb + Pf frames lost per file).
 */
export function vectors(
  spec: ExperimentSpec,
  sec: number,
  files?: number,
  frames: { hop: number; context: number } = {
    hop: spec.frontend.hop,
    context: spec.frontend.pb + spec.frontend.pf,
  },
): number {
  const { sampleRate, fileSec } = spec.data;
  const n = files ?? Math.ceil(sec / fileSec);
  return Math.max(0, Math.floor((sec * sampleRate) / frames.hop) - frames.context * n);
}

/** EM (or, with 1 iteration, GMM scoring) of n vectors of `dim` (default D) dimensions. */
export const emSec = (
  n: number,
  s: ModelSettings,
  iterations: number,
  dim = s.featureDim,
): number => n * dim * s.components * iterations * COST.emSecPerIterUnit;

export const hoursOf = (sec: number): number => sec / 3600;

/** Test-set audio of a spec, seconds: per SNR, the anomalous clips and as many normal ones. */
export function testAudioSec(spec: ExperimentSpec): { sec: number; clips: number } {
  const { clipSec, snrsDb, normalClips } = spec.data.test;
  const clips = snrsDb.length * (COST.anomalies + (normalClips > 0 ? normalClips : COST.anomalies));
  return { sec: clips * clipSec, clips };
}

/** The test stage's cost besides the model: the clips' sources, mixing, front end; fixed part. */
export const testSec = (spec: ExperimentSpec): number =>
  hoursOf(testAudioSec(spec).sec) * COST.testSecPerAudioHour + COST.scoreFixedSec;
