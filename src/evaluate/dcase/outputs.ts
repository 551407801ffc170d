/**
 * Outputs in the DCASE Task 2 formats, so results can be compared with published numbers and fed
 * to the official evaluators. Text builders are pure (rows to string, through csv-stringify, lines
 * ending in "\n" as the baselines' csv.writer(lineterminator='\n')); the write* functions are the
 * thin atomic-write edge.
 * - `anomaly_score_<type>_id_XX.csv` (2020) / `anomaly_score_<type>_section_XX_test.csv` (2022+):
 *   rows `file name,score`, no header (01_test.py; the 2022-2025 evaluators read these names).
 * - `decision_result_<type>_section_XX_test.csv` (2022+; the evaluators need it for P/R/F1): rows
 *   `file name,0|1`, 1 = anomalous (score > threshold). The 2020 task had no decision files; a
 *   2020 tree gets `decision_result_<type>_id_XX.csv`, named like its score file.
 * - `result.csv`, the DCASE 2020 baseline's layout: per machine type a block of the type name row,
 *   a header `id,AUC,pAUC`, one row per unit (the id's number, `00`), an `Average` row (arithmetic
 *   means) and an empty line. For 2022+ trees the first header cell is `section`, and units with
 *   domain AUCs add the columns `AUC (source)` and `AUC (target)`.
 * Numbers are written as JavaScript's shortest round-trip form (as numpy's repr, which the
 * baselines write, except exponents: 1e-7 here, 1e-07 there; both parse alike).
 */
import { stringify } from 'csv-stringify/sync';
import { join } from 'node:path';
import { dcaseMessages } from '../../messages/index.ts';
import { writeFileAtomic } from '../../util/atomicWrite.ts';
import { csvField } from '../csv.ts';
import { unitNumber, type DcaseLayout } from '../../data/dcase/layout.ts';
import { arithmeticMean, type UnitMetrics } from './metrics.ts';

/** One row of a score or decision file: the test file's name (no directory) and its value. */
export interface FileScore {
  /** File name as in the dataset, e.g. `normal_id_00_00000000.wav`. */
  file: string;
  /** Anomaly score (higher = more anomalous); +-Infinity written as inf / -inf, NaN refused. */
  score: number;
}

/** `anomaly_score_<type>_id_XX.csv` (2020) or `anomaly_score_<type>_section_XX_test.csv`. */
export function anomalyScoreFileName(
  layout: DcaseLayout,
  machineType: string,
  unitId: string,
): string {
  return `anomaly_score_${machineType}_${unitId}${layout === 'dcase2020' ? '' : '_test'}.csv`;
}

/** `decision_result_<type>_section_XX_test.csv` (2022+), `decision_result_<type>_id_XX.csv`. */
export function decisionResultFileName(
  layout: DcaseLayout,
  machineType: string,
  unitId: string,
): string {
  return `decision_result_${machineType}_${unitId}${layout === 'dcase2020' ? '' : '_test'}.csv`;
}

/** The text of an anomaly score file: `file,score` per row, in the given order, no header. */
export function anomalyScoreCsv(rows: readonly FileScore[]): string {
  for (const r of rows)
    if (Number.isNaN(r.score)) throw new RangeError(dcaseMessages.scoreNaN(r.file));
  return stringify(rows.map((r) => [r.file, csvField(r.score)]));
}

/** The text of a decision file: `file,1` when score > threshold, else `file,0`; no header. */
export function decisionResultCsv(rows: readonly FileScore[], threshold: number): string {
  if (Number.isNaN(threshold)) throw new RangeError(dcaseMessages.thresholdNaN());
  for (const r of rows)
    if (Number.isNaN(r.score)) throw new RangeError(dcaseMessages.scoreNaN(r.file));
  return stringify(rows.map((r) => [r.file, r.score > threshold ? '1' : '0']));
}

/** result.csv (file comment) for units in the order given; types in order of first appearance. */
export function resultCsv(layout: DcaseLayout, units: readonly UnitMetrics[]): string {
  if (units.length === 0) throw new RangeError(dcaseMessages.noUnits());
  const lines: string[][] = [];
  for (const type of [...new Set(units.map((u) => u.machineType))]) {
    const of = units.filter((u) => u.machineType === type);
    const domains = of.every((u) => u.aucSource !== undefined && u.aucTarget !== undefined);
    const cols = (u: UnitMetrics): number[] =>
      domains ? [u.auc, u.pauc, u.aucSource as number, u.aucTarget as number] : [u.auc, u.pauc];
    const header = [layout === 'dcase2020' ? 'id' : 'section', 'AUC', 'pAUC'];
    lines.push([type], domains ? [...header, 'AUC (source)', 'AUC (target)'] : header);
    for (const u of of) lines.push([unitNumber(u.unitId), ...cols(u).map(csvField)]);
    const average = cols(of[0]).map((_, k) => arithmeticMean(of.map((u) => cols(u)[k])));
    lines.push(['Average', ...average.map(csvField)], []);
  }
  return stringify(lines);
}

/** Writes a unit's anomaly score file into `dir` atomically; returns its path. */
export function writeAnomalyScores(
  dir: string,
  layout: DcaseLayout,
  machineType: string,
  unitId: string,
  rows: readonly FileScore[],
): string {
  const path = join(dir, anomalyScoreFileName(layout, machineType, unitId));
  writeFileAtomic(path, anomalyScoreCsv(rows));
  return path;
}

/** Writes a unit's decision file into `dir` atomically; returns its path. */
export function writeDecisionResults(
  dir: string,
  layout: DcaseLayout,
  machineType: string,
  unitId: string,
  rows: readonly FileScore[],
  threshold: number,
): string {
  const path = join(dir, decisionResultFileName(layout, machineType, unitId));
  writeFileAtomic(path, decisionResultCsv(rows, threshold));
  return path;
}

/** Writes result.csv (resultCsv) to `path` atomically. */
export function writeResultCsv(
  path: string,
  layout: DcaseLayout,
  units: readonly UnitMetrics[],
): void {
  writeFileAtomic(path, resultCsv(layout, units));
}
