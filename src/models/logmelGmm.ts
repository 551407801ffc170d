/**
 * The logmel-gmm reference method (not in the paper; docs/METHOD.md "Reference methods"): no
 * feature extractor. The same diagonal GMM as the other methods (C components, the same EM code
 * and settings, gmm/em.ts via normal.ts fitNormalModel) fitted to the standardised log-mel
 * vectors of D themselves, single frames by default or the spec's context vectors with
 * `logmelContext`; phi_rho from the same scores. The detector is a Detector without F, so
 * scoring, clip aggregation and thresholds are the other methods' code.
 */
import type { TrainData } from './data.ts';
import { checkData } from './data.ts';
import { Detector } from './detector.ts';
import { fitNormalModel } from './normal.ts';
import type { ModelSettings } from './settings.ts';
import { runRng, type TrainOptions, type TrainResult } from './train.ts';

/** Context of the logmel-gmm vectors: the run's with `logmelContext`, else single frames. */
export const logmelGmmContext = (
  s: Pick<ModelSettings, 'logmelContext'>,
  run: { pb: number; pf: number },
): { pb: number; pf: number } => (s.logmelContext ? run : { pb: 0, pf: 0 });

/** Fits the GMM to every vector of D (data.other is not used). */
export function trainLogmelGmm(
  data: TrainData,
  s: ModelSettings,
  options: TrainOptions,
): TrainResult {
  const q = checkData(data, 'logmel-gmm', true);
  const set = data.normal;
  const x = new Float32Array(set.count * q);
  const rows = Math.min(s.inferenceBatch, set.count);
  const idx = new Int32Array(rows);
  for (let r0 = 0; r0 < set.count; r0 += rows) {
    const m = Math.min(rows, set.count - r0);
    for (let i = 0; i < m; i++) idx[i] = r0 + i;
    set.assemble(idx, x, r0, m);
  }
  const nm = fitNormalModel(x, { ...s, featureDim: q }, runRng(options, 'logmel-gmm', 'gmm'));
  const detector = new Detector({
    kind: 'logmel-gmm',
    settings: s,
    context: set.options,
    nMels: q / set.options.width,
    gmm: nm.gmm,
    phi: nm.phi,
    ...(options.standardizer ? { standardizer: options.standardizer } : {}),
    ...(options.frontend ? { frontend: options.frontend } : {}),
  });
  return { detector, log: [] };
}
