/**
 * Typing sessions from single-key recordings (pure; RNG injected): the normal sound of the
 * real-sound benchmark. Each keystroke is one key's press recording, then the same key's
 * release recording after a hold time; the next keystroke starts after an inter-onset
 * interval. Intervals are shorter than the recordings (~0.33 s), so the sound is continuous
 * (no digital silence between strokes), as from a machine that runs. Recordings are added
 * as they are (no gain, filtering or pitch change).
 */
import { type Rng, uniform } from '../../util/rng.ts';

/** One key: its press and release recordings at the session's sample rate. */
export interface KeySound {
  press: Float32Array;
  release: Float32Array;
}

export interface TypingConfig {
  /** Session length in samples. */
  length: number;
  /** Sample rate in Hz. */
  sampleRate: number;
  /** Inter-onset interval range in seconds, [lo, hi). Default [0.12, 0.3). */
  intervalSec?: [number, number];
  /** Press-to-release hold range in seconds, [lo, hi). Default [0.05, 0.15). */
  holdSec?: [number, number];
}

/** Adds `src` into `out` from sample `at` (clipped at the end). */
function addAt(out: Float32Array, src: Float32Array, at: number): void {
  const n = Math.min(src.length, out.length - at);
  for (let i = 0; i < n; i++) out[at + i] += src[i];
}

/** A typing session of `cfg.length` samples; keys and timings drawn from `rng`. */
export function typingSession(keys: KeySound[], cfg: TypingConfig, rng: Rng): Float32Array {
  if (keys.length === 0) throw new Error('typingSession: no key recordings');
  const [iLo, iHi] = cfg.intervalSec ?? [0.12, 0.3];
  const [hLo, hHi] = cfg.holdSec ?? [0.05, 0.15];
  const out = new Float32Array(cfg.length);
  // Start before 0 so the session opens mid-typing, like a cut from a longer recording.
  let t = -Math.round(uniform(rng, 0, iHi) * cfg.sampleRate);
  while (t < cfg.length) {
    const key = keys[Math.floor(rng() * keys.length)];
    const release = t + Math.round(uniform(rng, hLo, hHi) * cfg.sampleRate);
    if (t >= 0) addAt(out, key.press, t);
    else addAt(out, key.press.subarray(Math.min(-t, key.press.length)), 0);
    if (release >= 0) addAt(out, key.release, release);
    else addAt(out, key.release.subarray(Math.min(-release, key.release.length)), 0);
    t += Math.round(uniform(rng, iLo, iHi) * cfg.sampleRate);
  }
  return out;
}
