/**
 * Test sets (METHOD.md section 8): per SNR, one anomalous clip per anomaly, each the anomaly
 * mixed at that SNR into a clip of held-out normal sound at a seeded offset, plus an equal
 * (configurable) number of normal clips.
 *
 * planTestSet is pure: it chooses, from the seed, which held-out normal audio each clip uses
 * and where each anomaly goes. The backgrounds and offsets are drawn once and shared by every
 * SNR (a paired design: between SNRs only the anomaly's gain changes). renderTestClip turns a
 * planned clip into samples; the gain needs the audio, so it is computed there.
 *
 * Backgrounds come only from normal files of the `test` split, which the corpus plan cuts from
 * the engine stream after the training part; every clip records its stream sample range so
 * that "test never overlaps training" can be checked by index ranges.
 */
import { makeRng, randInt, type Rng } from '../util/rng.ts';
import { gainFromPowers, meanPower, snrDb } from './mix.ts';
import { testSetTooShort } from '../messages/index.ts';

/** Test-set settings. */
export interface TestSetConfig {
  /** Length of every test clip, seconds (default 10; > 0). */
  clipSec: number;
  /** SNRs, dB (paper: -10, -5, 0, 5); one set of clips per SNR. */
  snrsDb: number[];
  /** Normal clips per SNR; null = as many as there are anomalies (the default). */
  normalClips: number | null;
}

export const defaultTestSetConfig: TestSetConfig = {
  clipSec: 10,
  snrsDb: [-10, -5, 0, 5],
  normalClips: null,
};

/** A held-out normal file the backgrounds may be cut from. */
export interface BackgroundFile {
  path: string;
  samples: number;
  /** Index of its first sample in the continuous engine stream. */
  streamStart: number;
}

/** An anomaly the anomalous clips are made from. */
export interface AnomalySource {
  id: string;
  category: string;
  path: string;
  samples: number;
}

export interface PlannedClip {
  /** Unique, file-name safe: e.g. "snr-5/anomaly_sudden-03-clank", "snr+0/normal_0007". */
  id: string;
  label: 'normal' | 'anomaly';
  /** The SNR set the clip belongs to, dB. */
  snrDb: number;
  /** Clip length, samples. */
  samples: number;
  /** The normal audio under the clip: file, first sample in it, first sample in the stream. */
  background: { path: string; start: number; streamStart: number };
  /** Anomalous clips: what is placed where; `samples` is cropped to the clip when longer. */
  anomaly: { id: string; category: string; path: string; offset: number; samples: number } | null;
}

const snrTag = (db: number): string => `snr${db >= 0 ? '+' : ''}${db}`;

/** A clip-long stretch of a random file of `usable` (all at least `samples` long). */
function pickBackground(rng: Rng, usable: BackgroundFile[], samples: number) {
  const f = usable[Math.floor(rng() * usable.length)];
  const start = randInt(rng, 0, f.samples - samples);
  return { path: f.path, start, streamStart: f.streamStart + start };
}

/** The clips of a test set; throws when no held-out file is as long as a clip. */
export function planTestSet(
  config: TestSetConfig,
  sampleRate: number,
  backgrounds: BackgroundFile[],
  anomalies: AnomalySource[],
  seed: number,
): PlannedClip[] {
  const samples = Math.round(config.clipSec * sampleRate);
  const usable = backgrounds.filter((b) => b.samples >= samples);
  if (usable.length === 0) {
    const longest = Math.max(0, ...backgrounds.map((b) => b.samples));
    throw new Error(testSetTooShort(config.clipSec, longest / sampleRate));
  }
  const rng = makeRng(seed, 'testset');
  const anomalous = anomalies.map((a) => {
    const placed = Math.min(a.samples, samples);
    return {
      background: pickBackground(rng, usable, samples),
      anomaly: { ...a, samples: placed, offset: randInt(rng, 0, samples - placed) },
    };
  });
  const nNormal = config.normalClips ?? anomalies.length;
  const normal = Array.from({ length: nNormal }, () => pickBackground(rng, usable, samples));

  const clips: PlannedClip[] = [];
  for (const snr of config.snrsDb) {
    for (const a of anomalous) {
      const { id, category, path, offset, samples: n } = a.anomaly;
      clips.push({
        id: `${snrTag(snr)}/anomaly_${id}`,
        label: 'anomaly',
        snrDb: snr,
        samples,
        background: a.background,
        anomaly: { id, category, path, offset, samples: n },
      });
    }
    normal.forEach((background, i) => {
      clips.push({
        id: `${snrTag(snr)}/normal_${String(i).padStart(4, '0')}`,
        label: 'normal',
        snrDb: snr,
        samples,
        background,
        anomaly: null,
      });
    });
  }
  return clips;
}

/** A rendered clip; gain and measured SNR are null for normal clips. */
export interface RenderedClip {
  samples: Float32Array;
  gain: number | null;
  measuredSnrDb: number | null;
}

/**
 * Renders a planned clip. `load` returns a file's samples (callers cache: the same files recur).
 * The anomaly is added in float; the SNR is measured back from what was added.
 */
export function renderTestClip(
  clip: PlannedClip,
  load: (path: string) => Float32Array,
): RenderedClip {
  const bg = load(clip.background.path);
  const out = bg.slice(clip.background.start, clip.background.start + clip.samples);
  if (!clip.anomaly) return { samples: out, gain: null, measuredSnrDb: null };
  const { path, offset, samples: n } = clip.anomaly;
  const a = load(path).subarray(0, n);
  const pn = meanPower(out, offset, offset + n);
  const gain = gainFromPowers(pn, meanPower(a), clip.snrDb);
  let pa = 0;
  for (let i = 0; i < n; i++) {
    const before = out[offset + i];
    out[offset + i] = before + gain * a[i];
    const added = out[offset + i] - before;
    pa += added * added;
  }
  return { samples: out, gain, measuredSnrDb: snrDb(pa / n, pn) };
}
