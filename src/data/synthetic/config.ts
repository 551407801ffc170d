/**
 * What a synthetic corpus is made of, and the named scales. The corpus is a pure function of
 * (CorpusConfig, seed): the same pair always yields the same files, byte for byte.
 */

/** Sizes and sources of one corpus. All durations in seconds of 16 kHz (by default) audio. */
export interface CorpusConfig {
  /** Sample rate of every file, Hz. Default 16000 (the paper's rate). */
  sampleRate: number;
  /** D: engine sound for training, seconds (paper: 3600). > 0. */
  normalTrainSec: number;
  /**
   * Held-out engine sound, seconds, from the same continuous engine stream right after the
   * training part; the normal test clips and the anomalies' backgrounds are cut from it, so test
   * audio never overlaps training audio. >= the test clip length.
   */
  normalTestSec: number;
  /** O: total seconds of "various sounds" (other machines; paper: 72000 = 20 h). >= 0. */
  otherSec: number;
  /** Longest D or O file, seconds; longer audio is cut into consecutive files. > 0. */
  fileSec: number;
  /** D's generator: 'engine' (the paper's Table I data) or 'printer' (Fig. 4's stand-in). */
  normal: NormalSource;
  /** Overrides of the engine generator's parameters (see src/synth/engine.ts for the defaults). */
  engine: Record<string, unknown>;
  /** Overrides of the printer generator's parameters (src/synth/printer.ts). */
  printer: Record<string, unknown>;
  /** Anomaly families to use instead of the 45-entry catalogue; empty = the catalogue. */
  anomalyFamilies: string[];
  /** With anomalyFamilies: anomalies per family (variants cycle through its 3 ranges), >= 1. */
  anomaliesPerFamily: number;
  /** Which O machine types to use, round-robin over files; empty = all registered types. */
  otherTypes: string[];
}

/** The generators that can produce D. */
export const NORMAL_SOURCES = ['engine', 'printer'] as const;
type NormalSource = (typeof NORMAL_SOURCES)[number];

/** The defaults of the source choices, shared by every scale. */
const sources: Pick<
  CorpusConfig,
  'normal' | 'engine' | 'printer' | 'anomalyFamilies' | 'anomaliesPerFamily'
> = { normal: 'engine', engine: {}, printer: {}, anomalyFamilies: [], anomaliesPerFamily: 15 };

/** Named corpus scales: `smoke` for CI (seconds), `quick` (the default), `paper` (21 h). */
export const corpusScales = {
  smoke: {
    sampleRate: 16000,
    normalTrainSec: 60,
    normalTestSec: 60,
    otherSec: 60,
    fileSec: 20,
    ...sources,
    otherTypes: [],
  },
  quick: {
    sampleRate: 16000,
    normalTrainSec: 300,
    normalTestSec: 120,
    otherSec: 1200,
    fileSec: 30,
    ...sources,
    otherTypes: [],
  },
  paper: {
    sampleRate: 16000,
    normalTrainSec: 3600,
    normalTestSec: 900,
    otherSec: 72000,
    fileSec: 60,
    ...sources,
    otherTypes: [],
  },
} as const satisfies Record<string, CorpusConfig>;

export type CorpusScaleName = keyof typeof corpusScales;
export const defaultCorpusScale: CorpusScaleName = 'quick';
