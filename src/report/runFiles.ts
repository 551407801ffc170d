/**
 * Reading a finished run directory (I/O edge): spec.resolved.json, provenance.json, table1.csv,
 * metrics.csv, roc.csv, summary.csv (when a cell has more than one seed) and every unit's
 * cells/<cell>/<method>/seed-<n>/train-log.jsonl. Nothing is recomputed: the charts and the
 * report are built from these files only. A missing file is an error naming it.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { figureMessages } from '../messages/index.ts';
import type { Provenance } from '../experiment/provenance.ts';
import { paperComparable } from '../experiment/paper.ts';
import type { MetricRow, RocRow, SummaryRow, Table1Row } from '../evaluate/rows.ts';
import type { EpochLog } from '../models/train.ts';
import type { ModelName } from '../models/detector.ts';

/** A cell of spec.resolved.json, with what the report shows of it. */
export interface RunCell {
  /** "main" without a grid, else "c00", "c01", ... */
  id: string;
  /** The grid value of each grid path ({} without a grid). */
  assignments: Record<string, unknown>;
  methods: string[];
  /** Seeds per cell (the spec's `seeds`). */
  seeds: number;
  /** The spec's base seed. */
  seed: number;
  /** Threshold rule of Table I ('oracle' = the paper's). */
  table1Rule: string;
  /** Test SNRs, dB. */
  snrsDb: number[];
  /** The data follows the paper's Table I protocol (schema.ts paperComparable). */
  paperComparable: boolean;
  /** PROP's target false-positive rate rho (prop.rho), the operating point Fig. 3 marks. */
  rho: number;
}

/** spec.resolved.json, the parts the figures and the report use. */
interface ResolvedRun {
  spec: string;
  title: string;
  file: string;
  scale: string | null;
  plan: string;
  cells: RunCell[];
}

/** One unit's training log. */
export interface UnitLog {
  cell: string;
  method: ModelName;
  seed: number;
  epochs: EpochLog[];
}

/** Everything a report is built from. */
export interface RunData {
  resolved: ResolvedRun;
  provenance: Provenance;
  table1: Table1Row[];
  metrics: MetricRow[];
  /** summary.csv rows; null when every cell has one seed (no summary.csv). */
  summary: SummaryRow[] | null;
  roc: RocRow[];
  /** Units in the order of their first metrics row. */
  logs: UnitLog[];
}

/** The files every finished run has (summary.csv and the train logs are checked later). */
const RUN_FILES = [
  'spec.resolved.json',
  'provenance.json',
  'table1.csv',
  'metrics.csv',
  'roc.csv',
] as const;

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

/**
 * One CSV field as written by csv.ts: "inf" / "-inf" / "nan" and decimal numbers as numbers,
 * "true" / "false" as booleans, "" as absent (undefined), anything else (ids, JSON) as text.
 */
function csvValue(text: string): string | number | boolean | undefined {
  if (text === '') return undefined;
  if (text === 'inf') return Infinity;
  if (text === '-inf') return -Infinity;
  if (text === 'nan') return NaN;
  if (text === 'true' || text === 'false') return text === 'true';
  return NUMBER.test(text) ? Number(text) : text;
}

/** CSV text (header line first) as rows; empty fields leave the key out. `file` names errors. */
export function parseCsv(text: string, file: string): Record<string, string | number | boolean>[] {
  let records: string[][];
  try {
    records = parse(text) as string[][]; // a row with another number of fields throws
  } catch (e) {
    throw new Error(figureMessages.badCsv(file, (e as Error).message), { cause: e });
  }
  const [head, ...body] = records;
  if (!head) return [];
  return body.map((rec) => {
    const row: Record<string, string | number | boolean> = {};
    head.forEach((k, i) => {
      const v = csvValue(rec[i]);
      if (v !== undefined) row[k] = v;
    });
    return row;
  });
}

/** Throws unless every row has every column. */
function requireColumns(file: string, rows: readonly object[], columns: readonly string[]): void {
  if (rows.length === 0) throw new Error(figureMessages.noRows(file));
  for (const c of columns) {
    if (!rows.every((r) => c in r)) throw new Error(figureMessages.missingColumn(file, c));
  }
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(figureMessages.badJson(path, (e as Error).message), { cause: e });
  }
}

/** spec.resolved.json's cells, checked for the fields used here. */
function resolvedRun(raw: unknown, file: string): ResolvedRun {
  const r = raw as Record<string, unknown>;
  if (!r || !Array.isArray(r.cells) || r.cells.length === 0) {
    throw new Error(figureMessages.badField(file, 'cells', 'a non-empty array'));
  }
  const cells = (r.cells as Record<string, unknown>[]).map((c, i): RunCell => {
    const spec = (c.spec ?? {}) as Record<string, unknown>;
    const evaluation = (spec.evaluation ?? {}) as Record<string, unknown>;
    const data = (spec.data ?? {}) as Record<string, unknown>;
    const test = data.test as Record<string, unknown>;
    const prop = (spec.prop ?? {}) as Record<string, unknown>;
    if (typeof c.id !== 'string')
      throw new Error(figureMessages.badField(file, `cells[${i}].id`, 'a string'));
    if (!Array.isArray(spec.methods)) {
      throw new Error(
        figureMessages.badField(file, `cells[${i}].spec.methods`, 'an array of method names'),
      );
    }
    return {
      id: c.id,
      assignments: (c.assignments ?? {}) as Record<string, unknown>,
      methods: spec.methods as string[],
      seeds: typeof spec.seeds === 'number' ? spec.seeds : 1,
      seed: typeof spec.seed === 'number' ? spec.seed : 1,
      table1Rule: typeof evaluation.table1Rule === 'string' ? evaluation.table1Rule : 'oracle',
      snrsDb: Array.isArray(test?.snrsDb) ? (test.snrsDb as number[]) : [],
      // Runs from before data.normal existed used the engine and the catalogue.
      paperComparable: paperComparable({
        source: (data.source ?? 'synthetic') as 'synthetic',
        normal: (data.normal ?? 'engine') as 'engine',
        anomalyFamilies: (data.anomalyFamilies ?? []) as string[],
      }),
      rho: typeof prop.rho === 'number' ? prop.rho : 0.05,
    };
  });
  const title = ((r.cells[0] as Record<string, unknown>).spec as Record<string, unknown>)?.title;
  return {
    spec: String(r.spec ?? ''),
    title: typeof title === 'string' ? title : '',
    file: String(r.file ?? ''),
    scale: typeof r.scale === 'string' ? r.scale : null,
    plan: String(r.plan ?? ''),
    cells,
  };
}

/** One train-log.jsonl: one EpochLog per non-empty line. */
function parseTrainLog(text: string, file: string): EpochLog[] {
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l, i) => {
      let v: unknown;
      try {
        v = JSON.parse(l);
      } catch (e) {
        throw new Error(figureMessages.badJson(`${file} line ${i + 1}`, (e as Error).message), {
          cause: e,
        });
      }
      const log = v as EpochLog;
      if (typeof log.epoch !== 'number' || typeof log.loss !== 'number') {
        throw new Error(figureMessages.badField(`${file} line ${i + 1}`, 'epoch, loss', 'numbers'));
      }
      return log;
    });
}

/** Reads a finished run directory; throws (figureMessages.missingFile, ...) when it is not one. */
export function readRun(dir: string): RunData {
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new Error(figureMessages.notADirectory(dir));
  for (const f of RUN_FILES) {
    if (!existsSync(join(dir, f))) throw new Error(figureMessages.missingFile(dir, f));
  }
  const csv = (name: string) => parseCsv(readFileSync(join(dir, name), 'utf8'), join(dir, name));
  const resolved = resolvedRun(
    readJson(join(dir, 'spec.resolved.json')),
    join(dir, 'spec.resolved.json'),
  );
  const provenance = readJson(join(dir, 'provenance.json')) as Provenance;

  const metrics = csv('metrics.csv');
  const metricColumns = ['cell', 'method', 'snr_db', 'seed', 'rule', 'precision', 'recall', 'f1'];
  requireColumns(join(dir, 'metrics.csv'), metrics, [...metricColumns, 'auc']);
  const roc = csv('roc.csv');
  requireColumns(join(dir, 'roc.csv'), roc, ['cell', 'method', 'seed', 'snr_db', 'fpr', 'tpr']);
  const table1 = csv('table1.csv');
  requireColumns(join(dir, 'table1.csv'), table1, ['cell', 'method']);

  const units = [
    ...new Map(metrics.map((r) => [`${r.cell}/${r.method}/seed-${r.seed}`, r] as const)).entries(),
  ];
  let summary: Record<string, string | number | boolean>[] | null = null;
  if (new Set(units.map(([, r]) => r.seed)).size > 1) {
    if (!existsSync(join(dir, 'summary.csv')))
      throw new Error(figureMessages.missingFile(dir, 'summary.csv'));
    summary = csv('summary.csv');
    requireColumns(join(dir, 'summary.csv'), summary, ['cell', 'method', 'snr_db', 'rule', 'n']);
  }
  const logs = units.map(([id, r]): UnitLog => {
    const rel = join('cells', id, 'train-log.jsonl');
    if (!existsSync(join(dir, rel))) throw new Error(figureMessages.missingFile(dir, rel));
    return {
      cell: String(r.cell),
      method: r.method as ModelName,
      seed: Number(r.seed),
      epochs: parseTrainLog(readFileSync(join(dir, rel), 'utf8'), join(dir, rel)),
    };
  });
  return {
    resolved,
    provenance,
    table1: table1 as unknown as Table1Row[],
    metrics: metrics as unknown as MetricRow[],
    summary: summary as unknown as SummaryRow[] | null,
    roc: roc as unknown as RocRow[],
    logs,
  };
}
