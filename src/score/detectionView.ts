/**
 * The detection view of one recording (Fig. 4, src/report/detection.ts) from a trained detector
 * (edge: TensorFlow.js): the detector runs over the whole signal (log-mel, standardisation,
 * features, frame scores: all at full resolution) and only then is what is drawn thinned.
 */
import { createFrontEnd, isDcaseFrontend, type FrontEndOptions } from '../features/frontEnd.ts';
import type { LogMel } from '../features/logmel.ts';
import { melCentersHz } from '../features/mel.ts';
import { standardize } from '../features/standardize.ts';
import type { Detector } from '../models/detector.ts';
import { figureMessages } from '../messages/index.ts';
import {
  frameGroups,
  frameTime,
  waveformColumns,
  type DetectionView,
  type DetectionViewOptions,
} from '../report/detection.ts';

/**
 * The four panels of Fig. 4 for one mono recording at the detector's sample rate (edge: uses
 * the detector's tensors; frees everything it allocates). The detector must carry its front-end
 * settings and standardisation statistics (every detector the runner saves does).
 */
/** Centre frequency of each mel band of a front end (the DCASE recipe: librosa's 0 .. Nyquist). */
function bandCentersHz(o: FrontEndOptions): number[] {
  if (isDcaseFrontend(o)) return melCentersHz(o.nMels, 0, o.sampleRate / 2, 'slaney');
  return melCentersHz(o.nMels, o.fMin, o.fMax, o.melScale);
}

export async function detectionView(
  detector: Detector,
  samples: Float32Array,
  sampleRate: number,
  opts: DetectionViewOptions = {},
): Promise<DetectionView> {
  const { frontend, standardizer } = detector.applied();
  if (sampleRate !== frontend.sampleRate) {
    throw new RangeError(figureMessages.detectionRate(sampleRate, frontend.sampleRate));
  }
  const extractor = await createFrontEnd(frontend);
  let mel: LogMel;
  try {
    mel = extractor.extract(samples);
  } finally {
    extractor.dispose();
  }
  const std = standardize(mel, standardizer);
  const { scores, features: feats } = detector.scoreFramesAndFeatures(std);
  const { hop, nFft } = frontend;
  const { pb } = detector.context;
  const time = (t: number): number => frameTime(t, hop, nFft, sampleRate);
  const halfHop = hop / 2 / sampleRate;
  const maxFrames = opts.maxFrames ?? 250;
  return {
    sampleRate,
    durationSec: samples.length / sampleRate,
    waveform: waveformColumns(samples, sampleRate, opts.columns ?? 1000),
    spectrogram: frameGroups(mel.data, mel.nFrames, mel.nMels, maxFrames, time, halfHop),
    melCentersHz: bandCentersHz(extractor.options).map((f) => Math.round(f * 10) / 10),
    features: frameGroups(
      feats,
      scores.length,
      detector.settings.featureDim,
      maxFrames,
      (f) => time(pb + f),
      halfHop,
    ),
    scores: { time: Array.from(scores, (_, i) => time(pb + i)), value: Array.from(scores) },
    threshold: opts.threshold ?? detector.phi,
    thresholdLabel: opts.thresholdLabel ?? 'phi_rho',
    anomaly: opts.anomaly ?? null,
  };
}
