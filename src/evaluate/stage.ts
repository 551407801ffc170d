/**
 * Evaluate and report stages (I/O edge): reads every unit's scores.json, checks it against the
 * test-set plan, builds the tables (evaluate.ts, pure) and writes them as CSV (csv.ts),
 * atomically: table1.csv, metrics.csv, scores.csv, roc.csv, and summary.csv when
 * a cell has more than one seed. No times or paths go into these files, so the same spec, seed
 * and backend give byte-identical CSVs.
 */
import { join } from 'node:path';
import { runMessages } from '../messages/index.ts';
import { writeCsv } from './csv.ts';
import { testPlan } from '../data/stage.ts';
import type { PreparedData } from '../features/stage.ts';
import { metricRows, rocRows, scoreRows, summaryRows, table1Rows } from './evaluate.ts';
import { pairedTests } from './paired.ts';
import type { RunPlan } from '../experiment/plan.ts';
import type { ClipLabel, UnitScores } from './rows.ts';
import { paperComparable } from '../experiment/schema.ts';
import { formatTable1 } from './table.ts';
import { trivialEntries } from './trivial.ts';
import { finishedUnit } from '../experiment/unit.ts';

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
    if (!result) throw new Error(runMessages.unitFailed(unit.id, 'has not finished'));
    const cell = cells.get(unit.cell);
    const data = prepared.get(unit.data.hash);
    if (!cell || !data) throw new Error(runMessages.unitFailed(unit.id, 'is not in the plan'));
    const key = `${unit.cell}/${unit.seed}`;
    if (!groups.has(key))
      groups.set(key, {
        labels: testPlan(data.corpusDir, cell.spec).labels,
        units: [],
        evaluation: cell.spec.evaluation,
      });
    const g = groups.get(key) as Group;
    if (
      result.clipIds.length !== g.labels.length ||
      result.clipIds.some((id, i) => id !== g.labels[i].clipId)
    ) {
      throw new Error(runMessages.unitLabels(unit.id));
    }
    g.units.push({
      cell: unit.cell,
      method: unit.method,
      seed: unit.seed,
      phi: result.phi,
      phiClip: result.phiClip,
      rho: result.rho,
      scores: result.scores,
      settings: cell.flat,
    });
  }
  // table1Rule and the rules of summary.csv are the run's (the first cell's); metrics per cell.
  const evaluation = plan.cells[0].spec.evaluation;
  const metrics = [...groups.values()].flatMap((g) => metricRows(g.labels, g.units, g.evaluation));
  const write = (name: string, rows: readonly object[]): void => writeCsv(join(runDir, name), rows);
  const all = [...groups.values()];
  write(
    'scores.csv',
    all.flatMap((g) => scoreRows(g.labels, g.units)),
  );
  write(
    'roc.csv',
    all.flatMap((g) => rocRows(g.labels, g.units)),
  );
  write('metrics.csv', metrics);
  const table1 = table1Rows(metrics, { rule: evaluation.table1Rule });
  if (plan.units.some((u) => u.seed !== plan.units[0].seed)) {
    const paired = pairedTests(all, plan.cells[0].spec.seed);
    write('summary.csv', summaryRows(metrics, { rules: evaluation.rules, paired }));
  }
  write('table1.csv', table1);
  const trivial = trivialEntries(metrics, evaluation.table1Rule);
  const text = formatTable1(table1, paperComparable(plan.cells[0].spec.data), trivial);
  return `${runMessages.table1Title(evaluation.table1Rule)}\n${text}`;
}
