/**
 * The run plan (pure): from a loaded spec, the cells (one per grid point), the seeds, and the
 * units of work, one per (cell, method, seed): train one detector, score the cell's test set.
 * Every unit has a key, the hash of everything that determines its result, so a resumed run
 * reuses exactly the finished units whose inputs have not changed.
 */
import { createHash } from 'node:crypto';
import { planCorpus } from '../data/synthetic/plan.ts';
import { dcaseCellId, UNIT_PATH } from '../data/dcase/cells.ts';
import type { Raw } from '../spec/tree.ts';
import type { ModelName } from '../models/detector.ts';
import type { ModelSettings } from '../models/settings.ts';
import type { FlatSettings } from '../evaluate/rows.ts';
import {
  corpusConfigOf,
  dcaseCorpusConfigOf,
  folderCorpusConfigOf,
  frontendOf,
  settingsOf,
  testSetConfigOf,
  type ExperimentSpec,
} from './schema.ts';

interface PlannedCell {
  /** "main" without a grid; "c00", "c01", ... in grid order otherwise. */
  id: string;
  /** The grid value of each grid path in this cell ({} without a grid). */
  assignments: Record<string, Raw>;
  spec: ExperimentSpec;
  /** The cell's settings flattened to dotted paths (metrics.csv columns). */
  flat: FlatSettings;
}

/** What one unit's data depends on: corpus, test set and front end for one seed. */
export interface DataKey {
  seed: number;
  /** sha256 of the corpus config, test-set config, front end and context with the seed. */
  hash: string;
}

export interface PlannedUnit {
  /** "<cell>/<method>/seed-<n>": also its directory under cells/. */
  id: string;
  cell: string;
  method: ModelName;
  seed: number;
  settings: ModelSettings;
  data: DataKey;
  /** sha256 of (data, method, settings, backend, clip aggregation): a finished unit is reused only when equal. */
  key: string;
}

export interface RunPlan {
  cells: PlannedCell[];
  units: PlannedUnit[];
  /** Distinct data keys, in first-use order (one corpus and feature set each). */
  data: DataKey[];
  /** Short hash of the whole plan: names the default run directory. */
  hash: string;
}

/** Bump when what a unit computes or stores changes: finished units of older versions are redone. */
const UNIT_VERSION = 2;

const sha256 = (value: unknown): string =>
  createHash('sha256').update(JSON.stringify(value)).digest('hex');

/**
 * The settings as a unit's key hashes them: epochBasis only when it is not the default
 * "natural", so that units planned before the setting existed (which trained the natural epoch)
 * keep their keys and a resumed run reuses them.
 */
function keySettings(settings: ModelSettings): Partial<ModelSettings> {
  if (settings.epochBasis !== 'natural') return settings;
  const rest: Partial<ModelSettings> = { ...settings };
  delete rest.epochBasis;
  return rest;
}

/** Leaves of a JSON tree as dotted paths; arrays are kept whole (as JSON in the CSV). */
function flatten(tree: unknown, prefix = '', out: FlatSettings = {}): FlatSettings {
  if (typeof tree === 'object' && tree !== null && !Array.isArray(tree)) {
    for (const [k, v] of Object.entries(tree)) flatten(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (Array.isArray(tree)) {
    out[prefix] = JSON.stringify(tree);
  } else if (typeof tree === 'string' || typeof tree === 'number' || typeof tree === 'boolean') {
    out[prefix] = tree;
  }
  return out;
}

/** The seeds of a cell: seed, seed + 1, ..., seed + seeds - 1. */
const seedsOf = (spec: ExperimentSpec): number[] =>
  Array.from({ length: spec.seeds }, (_, i) => spec.seed + i);

function dataKey(spec: ExperimentSpec, seed: number): DataKey {
  const { pb, pf } = spec.frontend;
  const inputs = {
    // A synthetic corpus by its plan hash, which covers the generators' code versions; a folder
    // corpus by its paths (the data stage checks that their content did not change).
    corpus:
      spec.data.source === 'folders'
        ? folderCorpusConfigOf(spec)
        : spec.data.source === 'dcase'
          ? dcaseCorpusConfigOf(spec)
          : planCorpus(corpusConfigOf(spec), seed).planHash,
    test: testSetConfigOf(spec),
    frontend: frontendOf(spec),
    context: { pb, pf },
    seed,
  };
  return { seed, hash: sha256(inputs) };
}

/** Cells, units and data keys of a spec's expanded grid, for one TensorFlow.js backend. */
export function planRun(
  cells: { assignments: Record<string, Raw>; spec: ExperimentSpec }[],
  backend: string,
): RunPlan {
  // Grid paths other than the DCASE unit (one cell per unit is not a grid of the spec's).
  const gridPaths = new Set(
    cells.flatMap((c) => Object.keys(c.assignments)).filter((p) => p !== UNIT_PATH),
  );
  const planned: PlannedCell[] = cells.map((c, i) => ({
    id:
      dcaseCellId(c.spec, i, gridPaths.size > 0) ??
      (cells.length === 1 ? 'main' : `c${String(i).padStart(2, '0')}`),
    assignments: c.assignments,
    spec: c.spec,
    flat: flatten({ ...c.spec, title: undefined }),
  }));
  const units: PlannedUnit[] = [];
  const data = new Map<string, DataKey>();
  for (const cell of planned) {
    for (const seed of seedsOf(cell.spec)) {
      const d = dataKey(cell.spec, seed);
      if (!data.has(d.hash)) data.set(d.hash, d);
      for (const method of cell.spec.methods) {
        const settings = settingsOf(cell.spec, method);
        const { aggregation } = cell.spec.evaluation;
        const key = sha256({
          v: UNIT_VERSION,
          data: d.hash,
          method,
          settings: keySettings(settings),
          backend,
          aggregation,
        });
        units.push({
          id: `${cell.id}/${method}/seed-${seed}`,
          cell: cell.id,
          method,
          seed,
          settings,
          data: d,
          key,
        });
      }
    }
  }
  const hash = sha256({ units: units.map((u) => u.key) }).slice(0, 10);
  return { cells: planned, units, data: [...data.values()], hash };
}
