/**
 * Evaluate stage of a DCASE run (I/O edge): per method and seed, in `dcase/<method>/seed-<n>/`,
 * the DCASE formats (anomaly_score_*.csv and decision_result_*.csv per unit, result.csv), so
 * results can go to the official evaluators; and for the whole run `dcase-metrics.csv`: one row
 * per (unit, method, seed) with AUC, pAUC (FPR <= 0.1, McClish, as scikit-learn's
 * roc_auc_score(max_fpr=0.1)), the domain AUCs where the names carry domains, P/R/F1 at phi-clip
 * (the deployable clip threshold), then per machine type and overall the arithmetic and harmonic
 * means and the official score (rows with unit "mean", "hmean", "official").
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { dcaseMessages, runMessages } from '../../messages/index.ts';
import type { PreparedData } from '../../features/stage.ts';
import { testPlan } from '../../data/stage.ts';
import type { RunPlan } from '../../experiment/plan.ts';
import { finishedUnit } from '../../experiment/unit.ts';
import { writeFileAtomic } from '../../util/atomicWrite.ts';
import { parseDcaseName, type DcaseLayout } from '../../data/dcase/layout.ts';
import {
  summarize,
  unitMetrics,
  unitPrf,
  type MeanMetrics,
  type UnitMetrics,
  type UnitScores,
} from './metrics.ts';
import { writeAnomalyScores, writeDecisionResults, writeResultCsv } from './outputs.ts';

const f4 = (v: number | undefined): string => (v === undefined ? '' : v.toFixed(6));

/** One row of dcase-metrics.csv. */
type Row = Record<string, string | number>;

function meanRows(method: string, seed: number, type: string, kind: string, m: MeanMetrics): Row {
  return {
    machine_type: type,
    unit: kind,
    method,
    seed,
    auc: f4(m.auc),
    pauc: f4(m.pauc),
    auc_source: f4(m.aucSource),
    auc_target: f4(m.aucTarget),
  };
}

/** Writes the DCASE outputs of a finished run; returns the per-unit table as text. */
export function evaluateDcaseRun(
  runDir: string,
  plan: RunPlan,
  prepared: Map<string, PreparedData>,
): string {
  const rows: Row[] = [];
  const text: string[] = [dcaseMessages.evaluationTitle('phi-clip'), ''];
  const groups = new Map<string, { method: string; seed: number; units: UnitMetrics[] }>();
  let layout: DcaseLayout = 'dcase2020';
  for (const unit of plan.units) {
    const result = finishedUnit(runDir, unit);
    if (!result) throw new Error(runMessages.unitFailed(unit.id, 'has not finished'));
    const cell = plan.cells.find((c) => c.id === unit.cell);
    const data = prepared.get(unit.data.hash);
    if (!cell || !data) throw new Error(runMessages.unitFailed(unit.id, 'is not in the plan'));
    const { labels } = testPlan(data.corpusDir, cell.spec);
    // The test files' names tell the layout (a run's units share one root, so one layout).
    layout = parseDcaseName(labels[0].clipId).layout;
    const [machineType, unitId] = cell.spec.data.dcase.unit.split('/');
    const domains = labels.map((l) => l.category);
    const scores: UnitScores = {
      machineType,
      unitId,
      scores: result.scores,
      labels: Uint8Array.from(labels, (l) => l.label),
      ...(domains.every((d) => d === 'source' || d === 'target')
        ? { domains: domains as ('source' | 'target')[] }
        : {}),
    };
    const m = unitMetrics(scores);
    const prf = unitPrf(scores, result.phiClip).all;
    const key = `${unit.method}/${unit.seed}`;
    if (!groups.has(key)) groups.set(key, { method: unit.method, seed: unit.seed, units: [] });
    groups.get(key)?.units.push(m);
    const dir = join(runDir, 'dcase', unit.method, `seed-${unit.seed}`);
    mkdirSync(dir, { recursive: true });
    const files = labels.map((l, i) => ({ file: l.clipId, score: result.scores[i] }));
    writeAnomalyScores(dir, layout, machineType, unitId, files);
    writeDecisionResults(dir, layout, machineType, unitId, files, result.phiClip);
    rows.push({
      machine_type: machineType,
      unit: unitId,
      method: unit.method,
      seed: unit.seed,
      files: m.files,
      anomalies: m.anomalies,
      auc: f4(m.auc),
      pauc: f4(m.pauc),
      auc_source: f4(m.aucSource),
      auc_target: f4(m.aucTarget),
      threshold_phi_clip: f4(result.phiClip),
      precision: f4(prf.precision),
      recall: f4(prf.recall),
      f1: f4(prf.f1),
    });
    text.push(
      `${unit.method.toUpperCase().padEnd(5)} seed ${unit.seed}  ${machineType}/${unitId}  ` +
        `AUC ${m.auc.toFixed(3)}  pAUC ${m.pauc.toFixed(3)}  F1 ${prf.f1.toFixed(3)}`,
    );
  }
  for (const g of groups.values()) {
    writeResultCsv(
      join(runDir, 'dcase', g.method, `seed-${g.seed}`, 'result.csv'),
      layout,
      g.units,
    );
    const s = summarize(g.units);
    for (const t of s.types) {
      rows.push(meanRows(g.method, g.seed, t.machineType, 'mean', t.mean));
      rows.push(meanRows(g.method, g.seed, t.machineType, 'hmean', t.hmean));
    }
    rows.push(meanRows(g.method, g.seed, 'all', 'mean', s.mean));
    rows.push(meanRows(g.method, g.seed, 'all', 'hmean', s.hmean));
    rows.push({
      machine_type: 'all',
      unit: 'official',
      method: g.method,
      seed: g.seed,
      auc: f4(s.officialScore),
    });
    text.push(
      `${g.method.toUpperCase().padEnd(5)} seed ${g.seed}  all units: mean AUC ${s.mean.auc.toFixed(3)}, ` +
        `mean pAUC ${s.mean.pauc.toFixed(3)}, official score ${s.officialScore.toFixed(3)}`,
    );
  }
  writeFileAtomic(
    join(runDir, 'dcase-metrics.csv'),
    stringify(rows, { header: true, columns: COLUMNS }),
  );
  return text.join('\n');
}

const COLUMNS = [
  'machine_type',
  'unit',
  'method',
  'seed',
  'files',
  'anomalies',
  'auc',
  'pauc',
  'auc_source',
  'auc_target',
  'threshold_phi_clip',
  'precision',
  'recall',
  'f1',
];
