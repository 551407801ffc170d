/**
 * Test helpers for charts: render a spec headless and count what was drawn in vega's
 * scenegraph (a line mark node is one drawn line: one series).
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { EpochLog } from '../../src/models/train.ts';
import type { MetricRow, RocRow, SummaryRow } from '../../src/evaluate/rows.ts';

interface SceneNode {
  marktype?: string;
  role?: string;
  name?: string;
  items?: SceneNode[];
  text?: string | string[];
}

/** Mark nodes of `marktype` with at least one item, and their items, in the rendered spec. */
export async function drawn(
  spec: TopLevelSpec,
  marktype: string,
): Promise<{ marks: number; items: number; texts: string[] }> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  await view.runAsync();
  let marks = 0;
  let items = 0;
  const texts: string[] = [];
  const walk = (node: SceneNode): void => {
    if (node.marktype === 'text') {
      for (const it of node.items ?? []) if (it.text !== undefined) texts.push(String(it.text));
    }
    if (node.marktype === marktype && node.role === 'mark' && (node.items?.length ?? 0) > 0) {
      marks += 1;
      items += node.items?.length ?? 0;
    }
    for (const it of node.items ?? []) walk(it);
  };
  walk((view.scenegraph() as unknown as { root: SceneNode }).root);
  view.finalize();
  return { marks, items, texts };
}

export const METHODS = ['ae', 'vae', 'prop'] as const;
export const SNRS = [-10, 5];

/** ROC rows: per method and SNR a 3-step staircase from (0, 0) to (1, 1), seeds 1 and 2. */
export function rocFixture(cells = ['main'], seeds = [1, 2]): RocRow[] {
  const rows: RocRow[] = [];
  for (const cell of cells)
    for (const seed of seeds)
      for (const method of METHODS)
        for (const snr_db of SNRS) {
          const pts = [
            [0, 0],
            [0, 0.5],
            [0.5, 0.5],
            [0.5, 1],
            [1, 1],
          ];
          for (const [fpr, tpr] of pts)
            rows.push({ cell, method, seed, snr_db, fpr, tpr, threshold: 1 });
        }
  return rows;
}

/** metrics rows (rule oracle and phi) with auc = 0.7 + 0.1 * method index + 0.01 * seed. */
export function metricFixture(cells = ['main'], seeds = [1, 2], snrs = SNRS): MetricRow[] {
  const rows: MetricRow[] = [];
  for (const cell of cells)
    for (const [m, method] of METHODS.entries())
      for (const seed of seeds)
        for (const snr_db of snrs)
          for (const rule of ['oracle', 'phi'] as const) {
            const f1 = 0.6 + 0.1 * m + (snr_db > 0 ? 0.05 : 0);
            rows.push({
              cell,
              method,
              snr_db,
              seed,
              rule,
              threshold: 1,
              precision: f1,
              recall: f1,
              f1,
              auc: 0.7 + 0.1 * m + 0.01 * seed,
              pauc: 0.05,
              pauc_mcclish: 0.6,
              tpr_at_rho: 0.3,
              'train.featureDim': 8,
            });
          }
  return rows;
}

/** summary rows (n = 2) with CIs of +-0.05 around the means, for every method and SNR. */
export function summaryFixture(snrs = SNRS): SummaryRow[] {
  return METHODS.flatMap((method, m) =>
    snrs.map((snr_db) => {
      const row: SummaryRow = { cell: 'main', method, snr_db, rule: 'oracle', n: 2 };
      for (const [k, v] of [
        ['f1', 0.6 + 0.1 * m],
        ['auc', 0.7 + 0.1 * m],
      ] as const) {
        Object.assign(row, { [`${k}_mean`]: v, [`${k}_std`]: 0.01 });
        Object.assign(row, { [`${k}_ci_low`]: v - 0.05, [`${k}_ci_high`]: v + 0.05 });
      }
      return row;
    }),
  );
}

/** An EpochLog of `method` at `epoch` (PROP fields for PROP, KL for VAE and PROP). */
export function epochLog(method: 'ae' | 'vae' | 'prop', epoch: number): EpochLog {
  const base: EpochLog = {
    model: method,
    epoch,
    steps: 5,
    seconds: 0.1,
    loss: 100 / epoch,
    recon: 90 / epoch,
  };
  if (method === 'ae') return base;
  Object.assign(base, { kl: 5 / epoch });
  if (method === 'vae') return base;
  return { ...base, j: 0.5, batchTpr: 0.8, batchFpr: 0.05, acceptance: 0.4, phi: 10, refits: 1 };
}
