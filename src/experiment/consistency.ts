/**
 * Cross-field checks of one validated spec cell (pure, arithmetic only): values each in their
 * schema range that cannot work together, found before anything is planned, allocated or
 * written. Each problem names every field involved. Counts of training vectors follow the
 * corpus layout (src/data/synthetic/plan.ts: audio cut into files of at most fileSec) and the
 * front end (frames of nFft samples every hop; a context vector needs pb frames before and pf
 * after its centre).
 */
import { frameCount } from '../features/stft.ts';
import { runMessages } from '../messages/index.ts';
import type { ModelName } from '../models/detector.ts';
import { settingsOf, type ExperimentSpec } from './schema.ts';

/** Context vectors of one file of `samples` samples. */
function fileVectors(spec: ExperimentSpec, samples: number): number {
  const { nFft, hop, pb, pf } = spec.frontend;
  return Math.max(0, frameCount(samples, nFft, hop) - pb - pf);
}

/** Context vectors of `sec` seconds of audio cut into files of at most fileSec (no allocation). */
export function corpusVectors(spec: ExperimentSpec, sec: number): number {
  const rate = spec.data.sampleRate;
  const total = Math.round(sec * rate);
  const size = Math.round(spec.data.fileSec * rate);
  const full = Math.floor(total / size);
  const rest = total - full * size;
  return full * fileVectors(spec, size) + (rest > 0 ? fileVectors(spec, rest) : 0);
}

/** Corpus files a synthetic spec plans (D train and test, O); the anomalies are a few dozen. */
export function corpusFiles(spec: ExperimentSpec): number {
  const { normalTrainSec, normalTestSec, otherSec, fileSec } = spec.data;
  return [normalTrainSec, normalTestSec, otherSec].reduce((n, s) => n + Math.ceil(s / fileSec), 0);
}

/** The most corpus files a spec may plan: each is a planned entry, a file and a cache entry. */
export const MAX_CORPUS_FILES = 100_000;

/** A problem: the fields involved and what is wrong. */
export interface Inconsistency {
  fields: string[];
  detail: string;
}

const problem = (fields: string[], detail: string): Inconsistency => ({ fields, detail });

/** Front-end problems (every data source). */
function frontendProblem(spec: ExperimentSpec): Inconsistency | null {
  const { nFft, hop, fMin, fMax, pb, pf } = spec.frontend;
  const { sampleRate } = spec.data;
  const nyquist = sampleRate / 2;
  if ((nFft & (nFft - 1)) !== 0) {
    return problem(['frontend.nFft'], runMessages.notPowerOfTwo(nFft));
  }
  if (hop > nFft)
    return problem(['frontend.hop', 'frontend.nFft'], runMessages.hopOverFft(hop, nFft));
  if (fMax > nyquist) {
    return problem(['frontend.fMax', 'data.sampleRate'], runMessages.aboveNyquist(fMax, nyquist));
  }
  const top = fMax > 0 ? fMax : nyquist;
  if (fMin >= top) {
    return fMax > 0
      ? problem(['frontend.fMin', 'frontend.fMax'], runMessages.fMinNotBelow(fMin, top))
      : problem(['frontend.fMin', 'data.sampleRate'], runMessages.fMinNotBelow(fMin, top));
  }
  const clipSamples = Math.round(spec.data.test.clipSec * sampleRate);
  const need = nFft + (pb + pf) * hop;
  if (clipSamples < need) {
    return problem(
      [
        'data.test.clipSec',
        'data.sampleRate',
        'frontend.nFft',
        'frontend.hop',
        'frontend.pb',
        'frontend.pf',
      ],
      runMessages.clipTooShort(spec.data.test.clipSec, need, sampleRate),
    );
  }
  return null;
}

/** Where a setting of `method` comes from: its override, else train or prop. */
function source(spec: ExperimentSpec, method: ModelName, key: string, group: 'train' | 'prop') {
  const own = spec.overrides[method] as Record<string, unknown>;
  return Object.hasOwn(own, key) ? `overrides.${method}.${key}` : `${group}.${key}`;
}

/** Training-data problems of a synthetic cell: too few D vectors for the GMM or for phi_rho. */
function trainingProblem(spec: ExperimentSpec): Inconsistency | null {
  const files = corpusFiles(spec);
  if (files > MAX_CORPUS_FILES) {
    return problem(
      ['data.fileSec', 'data.normalTrainSec', 'data.normalTestSec', 'data.otherSec'],
      runMessages.tooManyFiles(files, MAX_CORPUS_FILES),
    );
  }
  const nD = corpusVectors(spec, spec.data.normalTrainSec);
  const dFields = ['data.normalTrainSec', 'data.fileSec', 'frontend'];
  for (const method of spec.methods) {
    const s = settingsOf(spec, method);
    if (s.components > nD) {
      return problem(
        [source(spec, method, 'components', 'train'), ...dFields],
        runMessages.tooFewForComponents(method, s.components, nD),
      );
    }
    if (method === 'prop' && s.refitSubset > 0 && s.refitSubset < s.components) {
      return problem(
        [source(spec, method, 'refitSubset', 'prop'), source(spec, method, 'components', 'train')],
        runMessages.subsetBelowComponents(s.refitSubset, s.components),
      );
    }
    if (Math.floor(s.rho * nD) < 1) {
      return problem(
        [source(spec, method, 'rho', 'prop'), ...dFields],
        runMessages.rhoTooSmall(method, s.rho, nD),
      );
    }
  }
  return null;
}

/** The first inconsistency of a cell, or null. Recorded data's amounts are known only once read. */
export function inconsistency(spec: ExperimentSpec): Inconsistency | null {
  return frontendProblem(spec) ?? (spec.data.source === 'synthetic' ? trainingProblem(spec) : null);
}
