/**
 * Evaluate and report stages (I/O edge): reads every unit's scores.json, checks it against the
 * test-set plan, builds the tables (tables.ts, pure) and writes them as CSV through
 * csv-stringify, atomically: table1.csv, metrics.csv, scores.csv, roc.csv, and summary.csv when
 * a cell has more than one seed. No times or paths go into these files, so the same spec, seed
 * and backend give byte-identical CSVs.
 */
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { runMessages as R } from '../messages.ts';
import { writeFileAtomic } from '../util/atomicWrite.ts';
import { testPlan, type PreparedData } from './data.ts';
import type { RunPlan } from './plan.ts';
import type { ClipLabel, UnitScores } from './rows.ts';
import {
  metricRows,
  rocRows,
  scoreRows,
  snrsOf,
  summaryRows,
  table1Rows,
  type Row,
} from './tables.ts';
import { formatTable1 } from './terminal.ts';
import { finishedUnit } from './unit.ts';

/** Rows as CSV with a header of every key in order of first appearance. */
export function toCsv(rows: readonly Row[]): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return stringify(rows as Row[], { header: true, columns, cast: { boolean: (b) => String(b) } });
}

/** Evaluate and report: writes the CSVs of a run whose units have all finished; returns Table I as text. */
export function evaluateRun(
  runDir: string,
  plan: RunPlan,
  prepared: Map<string, PreparedData>,
): string {
  const cells = new Map(plan.cells.map((c) => [c.id, c]));
  type Group = {
    labels: ClipLabel[];
    units: UnitScores[];
    evaluation: RunPlan['cells'][number]['spec']['evaluation'];
  };
  const groups = new Map<string, Group>();
  for (const unit of plan.units) {
    const result = finishedUnit(runDir, unit);
    if (!result) throw new Error(R.unitFailed(unit.id, 'has not finished'));
    const cell = cells.get(unit.cell);
    const data = prepared.get(unit.data.hash);
    if (!cell || !data) throw new Error(R.unitFailed(unit.id, 'is not in the plan'));
    const key = `${unit.cell}/${unit.seed}`;
    if (!groups.has(key))
      groups.set(key, {
        labels: testPlan(data, cell.spec).labels,
        units: [],
        evaluation: cell.spec.evaluation,
      });
    const g = groups.get(key) as Group;
    if (
      result.clipIds.length !== g.labels.length ||
      result.clipIds.some((id, i) => id !== g.labels[i].clipId)
    ) {
      throw new Error(R.unitLabels(unit.id));
    }
    g.units.push({
      cell: unit.cell,
      method: unit.method,
      seed: unit.seed,
      phi: result.phi,
      rho: result.rho,
      scores: result.scores,
      settings: cell.flat,
    });
  }
  // table1Rule and the rules of summary.csv are the run's (the first cell's); metrics per cell.
  const evaluation = plan.cells[0].spec.evaluation;
  const metrics = [...groups.values()].flatMap((g) => metricRows(g.labels, g.units, g.evaluation));
  const write = (name: string, rows: Row[]): void =>
    writeFileAtomic(join(runDir, name), toCsv(rows));
  write(
    'scores.csv',
    [...groups.values()].flatMap((g) => scoreRows(g.labels, g.units)),
  );
  write(
    'roc.csv',
    [...groups.values()].flatMap((g) => rocRows(g.labels, g.units)),
  );
  write('metrics.csv', metrics);
  const table1 = table1Rows(metrics, evaluation.table1Rule);
  if (plan.units.some((u) => u.seed !== plan.units[0].seed))
    write('summary.csv', summaryRows(metrics, evaluation.rules));
  write('table1.csv', table1);
  return formatTable1(table1, snrsOf([...groups.values()][0].labels), evaluation.table1Rule);
}
