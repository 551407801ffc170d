/**
 * Rows to CSV (the report edge): a header line, then one line per row, through csv-stringify
 * (fields holding a comma, quote or line break are quoted, quotes doubled; lines end in "\n").
 * Values are written deterministically, so the same rows give byte-identical files:
 * - numbers with full precision, as JavaScript's shortest round-trip form (String(x): 0.1,
 *   1e-7, -2.5); +-Infinity as "inf" / "-inf" and NaN as "nan" (what Python's float() and
 *   pandas read back); -0 as "0";
 * - booleans as "true" / "false"; arrays and objects as JSON; null and undefined (a row without
 *   that column) as an empty field.
 */
import { stringify } from 'csv-stringify/sync';
import { writeFileAtomic } from '../util/atomicWrite.ts';

/** One field's text (file comment). */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return 'nan';
    if (value === Infinity) return 'inf';
    if (value === -Infinity) return '-inf';
    return String(value);
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** Every key of the rows, in order of first appearance (the default column order). */
export function columnsOf(rows: readonly object[]): string[] {
  return [...new Set(rows.flatMap((r) => Object.keys(r)))];
}

/**
 * The CSV text of `rows` with a header. `columns` picks and orders the columns (keys of a row
 * not listed are left out); default: columnsOf(rows). No rows with `columns` gives the header only.
 */
export function toCsv(rows: readonly object[], columns?: readonly string[]): string {
  const cols = columns ?? columnsOf(rows);
  if (cols.length === 0) return ''; // no columns: an empty file, not an empty header line
  const records = rows.map((r) => {
    const rec = r as Record<string, unknown>;
    return cols.map((c) => csvField(rec[c]));
  });
  return stringify([[...cols], ...records]);
}

/** Writes toCsv(rows, columns) to `path` atomically (temp file, then rename). */
export function writeCsv(path: string, rows: readonly object[], columns?: readonly string[]): void {
  writeFileAtomic(path, toCsv(rows, columns));
}
