/**
 * The experiment spec: one definition gives the TypeScript type (ExperimentSpec) and the runtime
 * validator (src/spec/schema.ts). Every field has a default; a spec file states only what it
 * changes. Defaults are the paper's settings where the paper gives them (METHOD.md), with the
 * data sizes of the `quick` corpus scale.
 */
import { resolveLogMelOptions, type LogMelOptions } from '../features/logmel.ts';
import {
  networkFields,
  npFields,
  referenceFields,
  type ModelSettings,
} from '../models/settings.ts';
import { defaultEngineParams } from '../synth/engine.ts';
import { defaultPrinterParams } from '../synth/printer.ts';
import { generatorNames, otherMachineNames } from '../synth/registry.ts';
import { NORMAL_SOURCES } from '../data/synthetic/config.ts';
import { s, type Infer, type NumberSchema } from '../spec/schema.ts';
import type { CorpusConfig } from '../data/synthetic/config.ts';
import type { DcaseCorpusConfig, FolderCorpusConfig } from '../data/sources.ts';
import { resolve } from 'node:path';
import type { TestSetConfig } from '../audio/mixTestSet.ts';
import type { ModelName } from '../models/detector.ts';
import type { ThresholdRule } from '../evaluate/rows.ts';

/*
 * Ranges: every number has a min and a max, wide enough for any experiment of the paper's kind
 * (its paper scale sits well inside) and narrow enough that nothing is allocated in proportion
 * to a mistyped value (1e12 seconds of audio) before the checks run. What a spec needs in memory
 * and time, within these ranges, is checked against the machine by src/experiment/limits.ts.
 */
const int = (doc: string, dflt: number, min: number, max: number) =>
  s.number({ doc, default: dflt, integer: true, min, max });
/** A duration in seconds in (0, max]. */
const seconds = (doc: string, dflt: number, max: number) =>
  s.number({ doc, default: dflt, min: 0, max, exclusiveMin: true });

/** Largest seed: seeds stay exact integers and fit the 32 bits most tools take. */
export const MAX_SEED = 2 ** 32 - 1;

/**
 * A generator's scalar parameters. Their ranges depend on each other and live with the
 * generator (src/synth/), which checks them when the corpus is planned, before any audio is
 * rendered; the schema bounds them to finite values of at most 1e6 in size.
 */
const scalarFields = (name: string, defaults: object) =>
  Object.fromEntries(
    Object.entries(defaults)
      .filter(([, v]) => typeof v === 'number')
      .map(([k, v]) => [
        k,
        s.number({
          doc: `${name} ${k} (default ${v}; its range is checked by the ${name} generator)`,
          default: v as number,
          min: -1e6,
          max: 1e6,
        }),
      ]),
  ) as Record<string, NumberSchema>;

const DATA_SOURCES = ['synthetic', 'folders', 'dcase'] as const;

const RULES = ['oracle', 'phi', 'phi-clip'] as const satisfies readonly ThresholdRule[];

const METHODS = [
  'ae',
  'vae',
  'prop',
  'logmel-gmm',
  'dcase-ae',
] as const satisfies readonly ModelName[];

/** The paper's methods: the default of `methods`. */
const PAPER_METHODS = ['ae', 'vae', 'prop'] as const;

const methodOverrides = s.partial('settings of this method that differ from train and prop', {
  ...networkFields,
  ...npFields,
  ...referenceFields,
});

export const experimentSchema = s.object('an experiment', {
  title: s.string({ doc: 'one line shown by `list` and in reports', default: '' }),
  seed: int(
    'seed of everything: corpus, test set, initialisation, batches, sampler',
    1,
    0,
    MAX_SEED,
  ),
  seeds: int(
    'seeds per cell (seed, seed + 1, ...); > 1 reports mean, std and a 95% CI',
    1,
    1,
    1000,
  ),
  data: s.object('the data: synthetic (docs/METHOD.md section 8) or recordings (folders, DCASE)', {
    source: s.enum({
      doc: 'synthetic (generated), folders (your recordings: data.folders), dcase (data.dcase)',
      default: 'synthetic',
      values: DATA_SOURCES,
    }),
    folders: s.object('directories of recordings (data.source "folders"); paths from the cwd', {
      normal: s.string({ doc: 'normal recordings of the target machine (D)', default: '' }),
      normalTest: s.string({
        doc: "normal recordings for the test clips; '' = hold out testFraction of D",
        default: '',
      }),
      testFraction: s.number({
        doc: "fraction of D's pieces held out for the test clips (seeded)",
        default: 0.2,
        min: 0,
        max: 1,
        exclusive: true,
      }),
      other: s.string({ doc: "other machines' sounds (O); '' = none", default: '' }),
      anomalies: s.string({
        doc: 'anomalous clips; sub-folders sustained/, time-varying/, sudden/ or flat',
        default: '',
      }),
    }),
    dcase: s.object('a DCASE Task 2 dataset (data.source "dcase"); one cell per unit', {
      root: s.string({
        doc: 'dataset root holding <machine_type>/{train,test}/ (from the cwd)',
        default: '',
      }),
      machines: s.array({
        doc: 'machine types to run; empty = every one in the root',
        default: [],
        item: s.string({ doc: 'machine type, e.g. fan', default: '' }),
        maxLength: 1000,
        unique: true,
      }),
      unit: s.string({
        doc: "the cell's unit, <machine_type>/<id_XX | section_XX>; '' = one cell per unit",
        default: '',
      }),
      otherFiles: int(
        'O: at most this many files of the other machine types (seeded); 0 = all',
        0,
        0,
        1_000_000,
      ),
    }),
    sampleRate: int('sample rate of every file, Hz (paper: 16000)', 16000, 1000, 192000),
    normalTrainSec: seconds('D: engine sound for training, seconds (paper: 3600)', 300, 360_000),
    normalTestSec: seconds('held-out engine sound for the test clips, seconds', 120, 36_000),
    otherSec: s.number({
      doc: 'O: other machines, seconds (paper: 72000)',
      default: 1200,
      min: 0,
      max: 360_000,
    }),
    fileSec: s.number({
      doc: 'longest corpus file, seconds (longer audio is cut into files of this length)',
      default: 30,
      min: 1,
      max: 3600,
    }),
    otherTypes: s.array({
      doc: 'O machine types, round-robin over files; empty = all',
      default: [],
      item: s.enum({ doc: 'machine type', default: 'fan', values: otherMachineNames() }),
      maxLength: 1000,
    }),
    normal: s.enum({
      doc: "D's generator: engine (Table I) or printer (Fig. 4's 3D-printer stand-in)",
      default: 'engine',
      values: NORMAL_SOURCES,
    }),
    engine: s.partial(
      'engine (D) parameters that differ from the defaults',
      scalarFields('engine', defaultEngineParams),
    ),
    printer: s.partial(
      'printer (D) parameters that differ from the defaults',
      scalarFields('printer', defaultPrinterParams),
    ),
    anomalyFamilies: s.array({
      doc: 'anomaly families to use instead of the 45-entry catalogue; empty = the catalogue',
      default: [],
      item: s.enum({ doc: 'anomaly family', default: 'knock', values: generatorNames('anomaly') }),
      maxLength: 1000,
      unique: true,
    }),
    anomaliesPerFamily: int('with anomalyFamilies: anomalies per family', 15, 1, 1000),
    test: s.object('the test set', {
      clipSec: s.number({
        doc:
          'length of every test clip, seconds (reading: 10); it must hold one context window ' +
          '(nFft + (pb + pf) hops)',
        default: 10,
        min: 0.01,
        max: 600,
      }),
      snrsDb: s.array({
        doc: 'SNRs of the anomalous clips, dB (paper: -10, -5, 0, 5)',
        default: [-10, -5, 0, 5],
        item: s.number({ doc: 'dB', default: 0, min: -60, max: 60 }),
        minLength: 1,
        maxLength: 100,
      }),
      normalClips: int('normal clips per SNR; 0 = as many as anomalies (reading)', 0, 0, 100_000),
    }),
  }),
  frontend: s.object('log-mel front end and context (METHOD.md section 2)', {
    nFft: int('FFT size, a power of two (512)', 512, 16, 32768),
    hop: int('hop, samples (256); at most nFft (a longer hop would skip audio)', 256, 1, 32768),
    nMels: int('mel filters B (64)', 64, 1, 512),
    fMin: s.number({
      doc: 'lowest filter edge, Hz; below fMax',
      default: 0,
      min: 0,
      max: 96000,
    }),
    fMax: s.number({
      doc: 'highest filter edge, Hz; 0 = half the sample rate, else at most that',
      default: 0,
      min: 0,
      max: 96000,
    }),
    melScale: s.enum({ doc: 'mel scale', default: 'slaney', values: ['slaney', 'htk'] as const }),
    melNorm: s.enum({ doc: 'filter normalisation', default: 'slaney', values: ['slaney', 'none'] }),
    floor: s.number({
      doc: 'added to the mel energies before the log',
      default: 1e-10,
      min: 0,
      max: 1,
      exclusiveMin: true,
    }),
    pb: int('past context frames Pb (10)', 10, 0, 200),
    pf: int('future context frames Pf (10)', 10, 0, 200),
  }),
  train: s.object('networks and training, shared by every method (METHOD.md section 3)', {
    ...networkFields,
  }),
  prop: s.object('Neyman-Pearson settings (sections 5-7); rho also sets phi_rho of AE/VAE', {
    ...npFields,
  }),
  reference: s.object(
    'settings of the reference methods logmel-gmm and dcase-ae (not in the paper)',
    {
      ...referenceFields,
    },
  ),
  methods: s.array({
    doc:
      'methods to train, in table order: ae, vae, prop (the paper) and the reference methods ' +
      'logmel-gmm (GMM on log-mel) and dcase-ae (DCASE 2020 Task 2 baseline), not in the paper',
    default: [...PAPER_METHODS],
    item: s.enum({ doc: 'method', default: 'ae', values: METHODS }),
    minLength: 1,
    maxLength: METHODS.length,
    unique: true,
  }),
  overrides: s.object('per-method settings that differ from train and prop', {
    ae: methodOverrides,
    vae: methodOverrides,
    prop: methodOverrides,
    'logmel-gmm': methodOverrides,
    'dcase-ae': methodOverrides,
  }),
  evaluation: s.object('scoring and metrics (METHOD.md section 8)', {
    aggregation: s.enum({
      doc: 'clip score from frame scores',
      default: 'max',
      values: ['max', 'mean'],
    }),
    rules: s.array({
      doc:
        'threshold rules in metrics.csv: oracle (Table I), phi (phi_rho on training frames), ' +
        'phi-clip (the same on training windows of a clip length: deployable for clip scores)',
      default: ['oracle', 'phi', 'phi-clip'],
      item: s.enum({ doc: 'rule', default: 'oracle', values: RULES }),
      minLength: 1,
      maxLength: RULES.length,
      unique: true,
    }),
    table1Rule: s.enum({ doc: 'rule of table1.csv', default: 'oracle', values: RULES }),
    fig4SnrDb: s.number({
      doc: 'Fig. 4 shows PROP on the first anomalous clip of the SNR closest to this, dB',
      default: 0,
      min: -60,
      max: 60,
    }),
    paucMaxFpr: s.number({
      doc: 'partial AUC up to this FPR',
      default: 0.1,
      min: 0,
      max: 1,
      exclusive: true,
    }),
  }),
});

export type ExperimentSpec = Infer<typeof experimentSchema>;

/** The corpus a spec's data section describes. */
export function corpusConfigOf(spec: ExperimentSpec): CorpusConfig {
  const { sampleRate, normalTrainSec, normalTestSec, otherSec, fileSec, otherTypes } = spec.data;
  const { normal, engine, printer, anomalyFamilies, anomaliesPerFamily } = spec.data;
  return {
    ...{ sampleRate, normalTrainSec, normalTestSec, otherSec, fileSec, otherTypes },
    ...{ normal, engine, printer, anomalyFamilies, anomaliesPerFamily },
  };
}

/** The folder corpus a spec with data.source "folders" describes (paths made absolute). */
export function folderCorpusConfigOf(spec: ExperimentSpec): FolderCorpusConfig {
  const f = spec.data.folders;
  const abs = (p: string): string => (p === '' ? '' : resolve(p));
  return {
    source: 'folders',
    sampleRate: spec.data.sampleRate,
    fileSec: spec.data.fileSec,
    folders: {
      ...f,
      normal: abs(f.normal),
      normalTest: abs(f.normalTest),
      other: abs(f.other),
      anomalies: abs(f.anomalies),
    },
  };
}

/** The DCASE corpus of a cell with data.source "dcase" (root made absolute). */
export function dcaseCorpusConfigOf(spec: ExperimentSpec): DcaseCorpusConfig {
  const d = spec.data.dcase;
  return {
    source: 'dcase',
    sampleRate: spec.data.sampleRate,
    dcase: { ...d, root: resolve(d.root) },
  };
}

/** The test set a spec's data section describes. */
export function testSetConfigOf(spec: ExperimentSpec): TestSetConfig {
  const { clipSec, snrsDb, normalClips } = spec.data.test;
  return { clipSec, snrsDb, normalClips: normalClips === 0 ? null : normalClips };
}

/** The resolved front-end options (log-mel part; the context is spec.frontend.pb / pf). */
export function frontendOf(spec: ExperimentSpec) {
  const { nFft, hop, nMels, fMin, fMax, melScale, melNorm, floor } = spec.frontend;
  const o: LogMelOptions = { sampleRate: spec.data.sampleRate, nFft, hop, nMels, fMin };
  return resolveLogMelOptions({ ...o, melScale, melNorm, floor, ...(fMax > 0 ? { fMax } : {}) });
}

// Re-exported for the spec's users; its own module keeps the report clear of the model schemas.
export { paperComparable } from './paper.ts';

/** The model settings of one method: train, then prop, reference, the method's overrides. */
export function settingsOf(spec: ExperimentSpec, method: ModelName): ModelSettings {
  return { ...spec.train, ...spec.prop, ...spec.reference, ...spec.overrides[method] };
}
