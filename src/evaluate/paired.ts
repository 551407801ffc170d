/**
 * The paired test of PROP against each other method (metrics/pairedBootstrap.ts), per cell and
 * SNR, over every seed both methods ran: the mean AUC difference PROP - method, its 95% bootstrap
 * CI and two-sided p-value, as summary.csv columns. Seeded from the spec's seed, so the same run
 * gives the same bytes.
 */
import {
  pairedAucBootstrap,
  type PairedResult,
  type PairedSeed,
} from './metrics/pairedBootstrap.ts';
import type { ClipLabel, UnitScores } from './rows.ts';
import { makeRng } from '../util/rng.ts';

/** The method the others are tested against. */
export const PAIRED_REFERENCE = 'prop';

/** Bootstrap replicates per test. */
export const PAIRED_REPLICATES = 2000;

/** summary.csv columns of the test, in order. */
export const PAIRED_COLUMNS = [
  'auc_diff_prop',
  'auc_diff_prop_ci_low',
  'auc_diff_prop_ci_high',
  'auc_diff_prop_p',
] as const;

export const pairedKey = (cell: string, method: string, snr: number): string =>
  JSON.stringify([cell, method, snr]);

/** One (cell, seed)'s test set and its units' scores. */
export interface ScoredGroup {
  labels: readonly ClipLabel[];
  units: readonly UnitScores[];
}

/** Tests by pairedKey(cell, method, snr) for every method but PROP that ran beside it. */
export function pairedTests(
  groups: readonly ScoredGroup[],
  seed: number,
  replicates = PAIRED_REPLICATES,
): Map<string, PairedResult> {
  const seedsOf = new Map<string, PairedSeed[]>();
  for (const g of groups) {
    const snrs = [...new Set(g.labels.map((l) => l.snrDb))];
    const ref = g.units.find((u) => u.method === PAIRED_REFERENCE);
    if (!ref) continue;
    for (const u of g.units) {
      if (u.method === PAIRED_REFERENCE) continue;
      for (const snr of snrs) {
        const idx = g.labels.flatMap((l, i) => (l.snrDb === snr ? [i] : []));
        const key = pairedKey(u.cell, u.method, snr);
        if (!seedsOf.has(key)) seedsOf.set(key, []);
        seedsOf.get(key)?.push({
          labels: idx.map((i) => g.labels[i].label),
          a: idx.map((i) => ref.scores[i]),
          b: idx.map((i) => u.scores[i]),
        });
      }
    }
  }
  const out = new Map<string, PairedResult>();
  for (const [key, seeds] of seedsOf) {
    out.set(key, pairedAucBootstrap(seeds, makeRng(seed, `evaluate/paired/${key}`), replicates));
  }
  return out;
}

/** The summary.csv columns of one row: the test's numbers, or '' (PROP's row, no PROP). */
export function pairedColumns(r: PairedResult | undefined): Record<string, number | string> {
  const v = r ? [r.diff, r.ciLow, r.ciHigh, r.p] : ['', '', '', ''];
  return Object.fromEntries(PAIRED_COLUMNS.map((c, i) => [c, v[i]]));
}
