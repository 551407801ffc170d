/**
 * What a corpus is a function of, per data source (the `config` of its manifest): a synthetic
 * corpus's config, a folder corpus's, or a DCASE unit's. The types live here, apart from the
 * builders (synthetic/, folders.ts, dcase/corpus.ts), so the manifest can name them all without
 * importing the builders that use it.
 */
import type { CorpusConfig } from './synthetic/config.ts';

/** The spec's `data.folders` section. Paths are relative to the working directory. */
export interface FoldersConfig {
  /** Normal recordings of the target machine (D). Required. */
  normal: string;
  /** Normal recordings for the test clips; '' = hold out testFraction of D's pieces. */
  normalTest: string;
  /** Fraction of D's pieces held out for the test clips when normalTest is '', in (0, 1). */
  testFraction: number;
  /** Other machines' sounds (O); '' = none. */
  other: string;
  /** Anomalous clips (A). Required. */
  anomalies: string;
}

/** What a folder corpus is a function of (its manifest's `config`). */
export interface FolderCorpusConfig {
  source: 'folders';
  sampleRate: number;
  /** Longest piece of D, O and the normal test audio, seconds. */
  fileSec: number;
  folders: FoldersConfig;
}

/** The spec's `data.dcase` section. */
export interface DcaseConfig {
  /** Dataset root (holding <machine_type>/{train,test}/), from the working directory. */
  root: string;
  /** Machine types to run; empty = all in the root. */
  machines: string[];
  /** The unit of this cell, `<machine_type>/<id_XX | section_XX>`; '' = one cell per unit. */
  unit: string;
  /** O: at most this many files of the other machine types (a seeded subset); 0 = all. */
  otherFiles: number;
}

/** What a DCASE corpus is a function of (its manifest's `config`). */
export interface DcaseCorpusConfig {
  source: 'dcase';
  sampleRate: number;
  dcase: DcaseConfig;
}

/** A corpus manifest's `config`. */
export type CorpusSourceConfig = CorpusConfig | FolderCorpusConfig | DcaseCorpusConfig;
