/**
 * Fig. 4 of a finished run (I/O edge, reads only): the chart of the fig4.json that the score
 * stage wrote for PROP of the first cell at its first seed (cells/<cell>/prop/seed-<n>/, see
 * src/score/fig4.ts): the first anomalous test clip of the SNR closest to
 * evaluation.fig4SnrDb (pickClip), its detection view with phi_rho and the anomaly's interval.
 * A run without a PROP unit has no Fig. 4; a run made before the score stage wrote fig4.json
 * has none either, and the report says so.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import { figureMessages } from '../messages/index.ts';
import { detectionChart } from './detectionChart.ts';
import { FIG4_FILE, fig4Of } from './fig4File.ts';
import type { RunData } from './runFiles.ts';

/** Fig. 4's chart entry (name, report title and caption) and spec. */
export interface Fig4Chart {
  name: string;
  title: string;
  caption: string;
  spec: TopLevelSpec;
}

/**
 * Index of the first anomalous clip of the SNR closest to `targetDb` (the lower SNR on a tie),
 * or -1 when there is none.
 */
export function pickClip(
  labels: readonly { label: number; snrDb: number }[],
  targetDb = 0,
): number {
  let best = -1;
  labels.forEach((l, i) => {
    if (l.label !== 1) return;
    const b = best < 0 ? undefined : labels[best];
    const d = Math.abs(l.snrDb - targetDb);
    const closer =
      !b ||
      d < Math.abs(b.snrDb - targetDb) ||
      (d === Math.abs(b.snrDb - targetDb) && l.snrDb < b.snrDb);
    if (closer) best = i;
  });
  return best;
}

/**
 * Fig. 4 of the run in `runDir`: its chart; `{ missing }` (a warning for the report) when the
 * PROP unit has no fig4.json (a run made before the score stage wrote it); null when the first
 * cell has no PROP unit or its test set no anomalous clip to draw.
 */
export function planFig4(runDir: string, run: RunData): Fig4Chart | { missing: string } | null {
  const { cells } = run.resolved;
  const cell = cells[0];
  const { seed } = cell;
  if (!cell.methods.includes('prop')) return null;
  const unit = join('cells', cell.id, 'prop', `seed-${seed}`);
  const file = join(runDir, unit, FIG4_FILE);
  if (!existsSync(file)) return { missing: figureMessages.fig4Missing(join(unit, FIG4_FILE)) };
  const { clipId, snrDb, view } = fig4Of(JSON.parse(readFileSync(file, 'utf8')));
  if (!view) return null;
  const where = cells.length > 1 ? `cell ${cell.id}, ` : '';
  return {
    name: 'fig4-detection',
    title: 'Fig. 4: detection view',
    caption:
      `PROP (${where}seed ${seed}) on test clip ${clipId} (${snrDb} dB): waveform, log-mel, ` +
      'features F(x) and frame scores with phi_rho (dashed) and the true anomaly (shaded).',
    spec: detectionChart(view, {
      subtitle: `PROP, ${where}seed ${seed}, clip ${clipId} at ${snrDb} dB`,
    }),
  };
}
