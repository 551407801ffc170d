/**
 * The trivial "flag everything" entries of Table I (pure). A threshold of -Infinity flags every
 * clip: recall 1, precision = the share p of anomalous clips, F1 = 2p / (1 + p) (0.67 at
 * p = 0.5). The oracle rule picks it when no cut of a method's scores does better, i.e. when the
 * scores do not separate the classes at all; such an entry is no detection result, and Table I
 * prints and the report mark it (TRIVIAL_MARK) so that nobody compares it with the paper.
 */
import type { MetricRow, ThresholdRule } from './rows.ts';

/** Marks a trivial entry in Table I prints and the report. */
export const TRIVIAL_MARK = '†';

/** Seeds of one (cell, method, SNR) whose threshold flags every clip, of `seeds` in all. */
export interface TrivialCount {
  trivial: number;
  seeds: number;
}

/** Key of a (cell, method, SNR) entry. */
export const trivialKey = (cell: string, method: string, snrDb: number): string =>
  JSON.stringify([cell, method, snrDb]);

/**
 * Per (cell, method, SNR) of `rule`'s rows: how many seeds flag every clip (threshold -Infinity),
 * listed only for entries with at least one such seed.
 */
export function trivialEntries(
  metrics: readonly Pick<MetricRow, 'cell' | 'method' | 'snr_db' | 'rule' | 'threshold'>[],
  rule: ThresholdRule | string,
): Map<string, TrivialCount> {
  const all = new Map<string, TrivialCount>();
  for (const r of metrics) {
    if (r.rule !== rule) continue;
    const k = trivialKey(r.cell, r.method, r.snr_db);
    const c = all.get(k) ?? { trivial: 0, seeds: 0 };
    c.seeds += 1;
    if (r.threshold === -Infinity) c.trivial += 1;
    all.set(k, c);
  }
  return new Map([...all].filter(([, c]) => c.trivial > 0));
}

/** " †" when every seed flags everything, " †1/3" when 1 of 3 does, "" when none does. */
export function trivialMark(c: TrivialCount | undefined): string {
  if (!c || c.trivial === 0) return '';
  return c.trivial === c.seeds ? ` ${TRIVIAL_MARK}` : ` ${TRIVIAL_MARK}${c.trivial}/${c.seeds}`;
}
