/**
 * fig4.json, the unit directory's Fig. 4 data: written by the score stage of the unit Fig. 4
 * shows (src/score/fig4.ts), read by the report (fig4.ts), so that the report only reads results
 * and needs no detector. Heatmap values are float32 and go through JSON exactly as numbers.
 */
import type { DetectionView, Heatmap } from './detection.ts';

export const FIG4_FILE = 'fig4.json';

/** The drawn clip and its view; `view` null when the test set has no anomalous clip to draw. */
export interface Fig4Data {
  clipId: string;
  snrDb: number;
  view: DetectionView | null;
}

/** A heatmap with its values as plain numbers (JSON). */
type HeatmapJson = Omit<Heatmap, 'values'> & { values: number[] };

interface Fig4Json {
  clipId: string;
  snrDb: number;
  view:
    | (Omit<DetectionView, 'spectrogram' | 'features'> & {
        spectrogram: HeatmapJson;
        features: HeatmapJson;
      })
    | null;
}

const heatmapJson = (h: Heatmap): HeatmapJson => ({ ...h, values: Array.from(h.values) });
const heatmapOf = (h: HeatmapJson): Heatmap => ({ ...h, values: Float32Array.from(h.values) });

/** Fig4Data as the JSON value written to fig4.json (pure). */
export function fig4Json(d: Fig4Data): Fig4Json {
  const v = d.view;
  return {
    clipId: d.clipId,
    snrDb: d.snrDb,
    view: v && {
      ...v,
      spectrogram: heatmapJson(v.spectrogram),
      features: heatmapJson(v.features),
    },
  };
}

/** fig4.json's parsed value as Fig4Data (pure). */
export function fig4Of(raw: unknown): Fig4Data {
  const j = raw as Fig4Json;
  const v = j.view;
  return {
    clipId: j.clipId,
    snrDb: j.snrDb,
    view: v && {
      ...v,
      spectrogram: heatmapOf(v.spectrogram),
      features: heatmapOf(v.features),
    },
  };
}
