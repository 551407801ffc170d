/**
 * The front ends a detector can record: this project's log-mel (logmel.ts, METHOD.md section 2)
 * or the DCASE 2020 Task 2 baseline's dB log-mel (dcaseFrontend.ts, a reference method). Both give
 * frame-major nFrames x nMels matrices, so context windows, standardisation, the feature cache and
 * scoring treat them alike; `kind` (present only on the DCASE options) tells them apart.
 */
import {
  DcaseLogMelExtractor,
  resolveDcaseFrontend,
  type DcaseFrontendOptions,
} from './dcaseFrontend.ts';
import {
  LogMelExtractor,
  resolveLogMelOptions,
  type LogMel,
  type ResolvedLogMelOptions,
} from './logmel.ts';

export type FrontEndOptions = ResolvedLogMelOptions | DcaseFrontendOptions;

/** What the cache, the stages and the detectors need of an extractor. */
export interface FrameExtractor {
  readonly options: FrontEndOptions;
  extract(signal: Float32Array | Float64Array, out?: Float32Array): LogMel;
  frameCount(nSamples: number): number;
  dispose(): void;
}

export const isDcaseFrontend = (o: FrontEndOptions): o is DcaseFrontendOptions =>
  'kind' in o && o.kind === 'dcase2020';

/** An extractor for `o`. */
export async function createFrontEnd(o: FrontEndOptions): Promise<FrameExtractor> {
  return isDcaseFrontend(o) ? DcaseLogMelExtractor.create(o) : LogMelExtractor.create(o);
}

/** Recorded options (JSON) checked and resolved; throws naming a bad field. */
export function resolveFrontEnd(o: FrontEndOptions): FrontEndOptions {
  return isDcaseFrontend(o) ? resolveDcaseFrontend(o) : resolveLogMelOptions(o);
}
