/**
 * A spec with data.source "dcase" and no data.dcase.unit runs one cell per unit of the dataset
 * (machine type x ID or section), filtered by data.dcase.machines: the units are found by
 * scanning file names (no audio is read), so a bad dataset is reported by `validate`. This is
 * also where every DCASE cell is checked (check.ts leaves them to it).
 */
import { resolve } from 'node:path';
import { dcaseMessages } from '../../messages/index.ts';
import type { Raw } from '../../spec/tree.ts';
import type { ExperimentSpec } from '../../experiment/schema.ts';
import { findUnit, scanDcase, type DcaseDataset } from './scan.ts';

export const UNIT_PATH = 'data.dcase.unit';

interface Cell {
  assignments: Record<string, Raw>;
  spec: ExperimentSpec;
}

/**
 * Cells with every DCASE cell that names no unit replaced by one cell per unit, and every DCASE
 * cell checked: its root scanned (once per root), its unit present and labelled.
 */
export function expandDcaseCells<C extends Cell>(cells: readonly C[]): C[] {
  const scans = new Map<string, DcaseDataset>();
  const scan = (root: string): DcaseDataset => {
    if (root === '') throw new Error(dcaseMessages.rootRequired());
    const abs = resolve(root);
    if (!scans.has(abs)) scans.set(abs, scanDcase(abs));
    return scans.get(abs) as DcaseDataset;
  };
  return cells.flatMap((c) => {
    const { source, dcase } = c.spec.data;
    if (source !== 'dcase') return [c];
    const dataset = scan(dcase.root);
    if (dcase.unit !== '') {
      if (!findUnit(dataset, dcase.unit).labelled)
        throw new Error(dcaseMessages.unlabelledUnit(dcase.unit));
      return [c];
    }
    const unknown = dcase.machines.filter((m) => !dataset.machineTypes.includes(m));
    if (unknown.length > 0)
      throw new Error(dcaseMessages.unknownMachines(unknown, dataset.machineTypes));
    const units = dataset.units.filter(
      (u) => dcase.machines.length === 0 || dcase.machines.includes(u.machineType),
    );
    const unlabelled = units.find((u) => !u.labelled);
    if (unlabelled) throw new Error(dcaseMessages.unlabelledUnit(unlabelled.key));
    return units.map((u) => ({
      ...c,
      assignments: { ...c.assignments, [UNIT_PATH]: u.key },
      spec: { ...c.spec, data: { ...c.spec.data, dcase: { ...dcase, unit: u.key } } },
    }));
  });
}

/** The id of a planned cell: DCASE cells are named by their unit ("fan_id_00"). */
export function dcaseCellId(spec: ExperimentSpec, index: number, withGrid: boolean): string | null {
  if (spec.data.source !== 'dcase') return null;
  const unit = spec.data.dcase.unit.replace('/', '_');
  return withGrid ? `c${String(index).padStart(2, '0')}-${unit}` : unit;
}
