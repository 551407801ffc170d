/**
 * Training curves (pure): per-epoch records of every unit (train-log.jsonl, models/train.ts
 * EpochLog) to a Vega-Lite spec. Wall-clock seconds are left out, so the spec depends only on
 * what was learnt.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { EpochLog } from '../models/train.ts';
import type { UnitLog } from './runFiles.ts';
import { CELL_HEADER, CONFIG, SCHEMA, methodLabel, orderMethods } from './style.ts';

/** The objective per vector (EpochLog field), in a row of panels of its own. */
const OBJECTIVE: readonly [keyof EpochLog, string][] = [['loss', 'objective']];
const OBJECTIVE_COLORS = ['#333333'];
/**
 * Its terms per vector, in the row below: drawn with the objective they would hide under it
 * whenever KL and L2 are small (the AE's objective is its reconstruction error plus L2).
 */
const TERMS: readonly [keyof EpochLog, string][] = [
  ['recon', 'reconstruction'],
  ['kl', 'KL'],
];
const TERM_COLORS = ['#17becf', '#bcbd22'];

/** PROP's Neyman-Pearson diagnostics, all in [0, 1] (J of eq. 12 is TPR - FPR smoothed). */
const PROP_SERIES: readonly [keyof EpochLog, string][] = [
  ['j', 'J (eq. 12)'],
  ['batchTpr', 'batch TPR'],
  ['batchFpr', 'batch FPR'],
  ['acceptance', 'sampler acceptance'],
];
const PROP_COLORS = ['#d62728', '#2ca02c', '#9467bd', '#8c564b'];

export interface TrainingCurvesOptions {
  /** Row header of each cell (default the cell id); used when there is more than one cell. */
  cellLabels?: Record<string, string>;
}

/**
 * Top: the objective per vector per epoch; below it its terms, the reconstruction error and KL
 * (log scales, one panel per method with its own y scale). Bottom, when there are PROP units: J, the batch TPR and
 * FPR at phi_rho in the NP step and the sampler's acceptance rate per epoch. One line per seed;
 * one row of panels per cell when there are several.
 */
export function trainingCurves(
  logs: readonly UnitLog[],
  opts: TrainingCurvesOptions = {},
): TopLevelSpec {
  const methods = orderMethods(logs.map((l) => l.method));
  const cells = [...new Set(logs.map((l) => l.cell))].sort();
  const many = cells.length > 1;
  const cellLabel = (c: string): string => opts.cellLabels?.[c] ?? c;
  const points = (fields: readonly [keyof EpochLog, string][], only?: string) =>
    logs
      .filter((l) => only === undefined || l.method === only)
      .flatMap((l) =>
        l.epochs.flatMap((e) =>
          fields.flatMap(([f, name]) => {
            const v = e[f];
            if (typeof v !== 'number' || !Number.isFinite(v)) return [];
            return [
              {
                cell: cellLabel(l.cell),
                method: methodLabel(l.method),
                seed: l.seed,
                epoch: e.epoch,
                quantity: name,
                value: v,
              },
            ];
          }),
        ),
      );
  const epochAxis = { title: 'epoch', tickMinStep: 1, format: 'd' };
  const quantity = (fields: readonly [keyof EpochLog, string][], colors: string[]) => ({
    field: 'quantity',
    type: 'nominal' as const,
    scale: { domain: fields.map(([, n]) => n), range: colors },
    title: null,
  });
  /** One panel of per-epoch lines (a line per quantity and seed). */
  const epochLines = (width: number, y: object, color: object, extra: object = {}) => ({
    width,
    height: 150,
    mark: { type: 'line', point: true, strokeWidth: 1.5 },
    encoding: {
      x: { field: 'epoch', type: 'quantitative', axis: epochAxis },
      y,
      color,
      ...extra,
      detail: { field: 'seed', type: 'nominal' },
    },
  });
  const row = { field: 'cell', type: 'nominal', title: null, header: CELL_HEADER };
  const cellRow = many ? { row } : {};

  /** A row of panels, one per method (and a row per cell), of `fields` on a log scale. */
  const lossRow = (fields: readonly [keyof EpochLog, string][], colors: string[], y: string) => ({
    data: { values: points(fields).filter((p) => p.value > 0) },
    facet: {
      column: { field: 'method', type: 'nominal', sort: methods.map(methodLabel), title: null },
      ...cellRow,
    },
    spec: epochLines(
      200,
      { field: 'value', type: 'quantitative', scale: { type: 'log' }, title: y },
      quantity(fields, colors),
    ),
    resolve: { scale: { y: 'independent' } },
  });
  const objective = lossRow(OBJECTIVE, OBJECTIVE_COLORS, 'objective per vector (log)');
  const terms = lossRow(TERMS, TERM_COLORS, 'terms per vector (log)');
  const propPoints = points(PROP_SERIES, 'prop');
  const prop = {
    data: { values: propPoints },
    ...(many
      ? { facet: { row } }
      : { facet: { column: { field: 'method', type: 'nominal', title: null } } }),
    spec: epochLines(
      300,
      { field: 'value', type: 'quantitative', scale: { domain: [0, 1] }, title: 'PROP, NP step' },
      quantity(PROP_SERIES, PROP_COLORS),
    ),
  };
  const seeds = [...new Set(logs.map((l) => l.seed))];
  return {
    $schema: SCHEMA,
    title: {
      text: 'Training curves per epoch',
      subtitle:
        `means over each epoch's steps` +
        (seeds.length > 1 ? `; one line per seed (${seeds.length})` : ''),
    },
    config: CONFIG,
    vconcat: propPoints.length > 0 ? [objective, terms, prop] : [objective, terms],
    resolve: { scale: { color: 'independent' }, legend: { color: 'independent' } },
  } as TopLevelSpec;
}
