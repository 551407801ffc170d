/**
 * Loading an experiment: the spec with its scale, seeds and overrides, validated against the
 * experiment schema and checked for consistency (no TensorFlow.js here, so `validate` and `list`
 * start fast).
 */
import { basename, extname } from 'node:path';
import { expandDcaseCells } from '../data/dcase/cells.ts';
import { runMessages, specInFile } from '../messages/index.ts';
import { loadSpec } from '../spec/load.ts';
import { checkCells, type MachineLimits } from './check.ts';
import { experimentSchema } from './schema.ts';

export interface ExperimentArgs {
  /** Spec name (under specDir) or path to a .json file. */
  spec: string;
  scale?: string;
  /** Seeds per cell; overrides the spec's `seeds`. */
  seeds?: number;
  /** `path=value` overrides. */
  sets?: string[];
  specDir?: string;
  /**
   * Leave DCASE specs that name no unit as one unexpanded cell, and folders specs, unchecked, so
   * no recorded data needs to be present (`list`). Default false.
   */
  lazyData?: boolean;
  /** Refuse cells that would not fit this machine's memory (validate, reproduce). */
  limits?: MachineLimits;
}

/** Loads a spec with overrides and checks it for consistency; throws naming file and field. */
export function loadExperiment(o: ExperimentArgs) {
  if (o.seeds !== undefined && !(Number.isInteger(o.seeds) && o.seeds >= 1)) {
    throw new Error(runMessages.badSeeds(o.seeds));
  }
  const sets = [...(o.sets ?? []), ...(o.seeds !== undefined ? [`seeds=${o.seeds}`] : [])];
  const loaded = loadSpec(experimentSchema, o.spec, {
    dir: o.specDir ?? 'experiments',
    ...(o.scale !== undefined ? { scale: o.scale } : {}),
    sets,
  });
  let cells = loaded.cells;
  // Recorded data not yet there (a DCASE root to expand, folders to read) is checked when run.
  const lazy = (c: (typeof cells)[number]): boolean =>
    o.lazyData === true &&
    ((c.spec.data.source === 'dcase' && c.spec.data.dcase.unit === '') ||
      c.spec.data.source === 'folders');
  try {
    if (!cells.some(lazy)) cells = expandDcaseCells(cells);
  } catch (e) {
    throw new Error(specInFile(loaded.file, (e as Error).message), { cause: e });
  }
  checkCells(
    loaded.file,
    cells.filter((c) => !lazy(c)),
    o.limits,
  );
  const name = basename(loaded.file, extname(loaded.file));
  return { ...loaded, cells, name, sets };
}
