/**
 * Block-based streaming and level calibration shared by every generator.
 *
 * A BlockSource renders fixed-size internal blocks (BLOCK samples) and fill() copies from them,
 * so the samples never depend on the chunk sizes callers draw with: control-rate updates (RPM
 * wander, event scheduling) happen once per internal block, at the same sample index whatever
 * the caller does. All randomness is drawn in render order, so the output is a pure function of
 * (parameters, seed, sample rate, samples drawn).
 */
import type { Rng } from '../util/rng.ts';
import type { SignalSource } from './source.ts';
import { drawSeed } from './dsp.ts';

/** Internal block length, samples (16 ms at 16 kHz): the control rate of every generator. */
export const BLOCK = 256;

/** Target RMS of a calibrated continuous generator's output (-20 dBFS), linear. */
const TARGET_RMS = 0.1;

/**
 * Highest peak a calibrated source aims for, linear: impulsive machines (press thuds, knocks)
 * whose crest factor would put peaks above this at TARGET_RMS play quieter instead.
 */
const PEAK_TARGET = 0.8;

/** Where the soft limiter starts, and its ceiling: peaks stay below CEILING. */
const KNEE = 0.9;
const CEILING = 0.99;

export abstract class BlockSource implements SignalSource {
  private readonly buf = new Float32Array(BLOCK);
  private pos = BLOCK;
  /** Output gain applied after rendering (set by calibration). */
  gain = 1;

  /** Render the next BLOCK samples into out (overwrite, do not accumulate). */
  protected abstract renderBlock(out: Float32Array): void;

  fill(out: Float32Array): void {
    const n = out.length;
    let i = 0;
    while (i < n) {
      if (this.pos === BLOCK) {
        this.renderBlock(this.buf);
        finishBlock(this.buf, this.gain);
        this.pos = 0;
      }
      const m = Math.min(BLOCK - this.pos, n - i);
      out.set(this.buf.subarray(this.pos, this.pos + m), i);
      this.pos += m;
      i += m;
    }
  }
}

/** Apply gain and a soft limiter above KNEE so peaks stay inside (-CEILING, CEILING). */
function finishBlock(buf: Float32Array, gain: number): void {
  for (let i = 0; i < BLOCK; i++) {
    const x = buf[i] * gain;
    if (x > KNEE || x < -KNEE) {
      const a = Math.abs(x) - KNEE;
      buf[i] = Math.sign(x) * (KNEE + (CEILING - KNEE) * Math.tanh(a / (CEILING - KNEE)));
    } else {
      buf[i] = x;
    }
  }
}

const probeBuf = new Float32Array(4096);

/**
 * Build a source whose level is calibrated to TARGET_RMS: draws one seed from rng, renders
 * `probeSec` seconds from a throwaway instance made with that seed, measures its RMS and peak,
 * and returns a fresh instance with the same seed and the gain that brings it to the target RMS
 * (or its peak to PEAK_TARGET, whichever is lower). Deterministic,
 * and cheap (a probe of 2 s costs about 1 ms). `probeSec` should cover a machine's work cycle.
 */
export function calibrated<S extends BlockSource>(
  make: (seed: number) => S,
  rng: Rng,
  sampleRate: number,
  probeSec = 2,
): S {
  const seed = drawSeed(rng);
  const probe = make(seed);
  // A small probe gain keeps the limiter out of the measurement.
  const probeGain = 1e-3;
  probe.gain = probeGain;
  let left = Math.max(BLOCK, Math.round(probeSec * sampleRate));
  let sum = 0;
  let count = 0;
  let peak = 0;
  while (left > 0) {
    const m = Math.min(left, probeBuf.length);
    const view = probeBuf.subarray(0, m);
    probe.fill(view);
    for (let i = 0; i < m; i++) {
      sum += view[i] * view[i];
      peak = Math.max(peak, Math.abs(view[i]));
    }
    count += m;
    left -= m;
  }
  const rms = Math.sqrt(sum / count) / probeGain;
  peak /= probeGain;
  const src = make(seed);
  src.gain = rms > 1e-9 ? Math.min(TARGET_RMS / rms, PEAK_TARGET / peak) : 1;
  return src;
}
