/**
 * Mixing an anomaly into a background at a target SNR (METHOD.md section 8).
 *
 * SNR = 10 log10(P_anomaly / P_normal), where both powers are mean squared amplitudes over the
 * samples where the anomaly is placed: the anomaly's own samples and the background samples
 * under them. The anomaly is scaled by a gain g, so P_anomaly = g^2 * mean(a^2), and
 * g = sqrt(P_normal * 10^(snr/10) / mean(a^2)).
 */
import { audioCallMessages } from '../messages/index.ts';

/** Mean squared amplitude of x[start, end). Accumulates in float64. */
export function meanPower(x: Float32Array, start = 0, end = x.length): number {
  if (end <= start) throw new RangeError(audioCallMessages.emptyRange(start, end));
  let s = 0;
  for (let i = start; i < end; i++) s += x[i] * x[i];
  return s / (end - start);
}

/** SNR in dB of a signal of power `signalPower` against `noisePower`. */
export function snrDb(signalPower: number, noisePower: number): number {
  return 10 * Math.log10(signalPower / noisePower);
}

/**
 * The gain that brings `anomaly` to `targetDb` against background[offset, offset + anomaly.length).
 * Throws when either part is silent (the SNR is then undefined, and a silent anomaly cannot be
 * made audible by scaling).
 */
export function gainForSnr(
  background: Float32Array,
  anomaly: Float32Array,
  offset: number,
  targetDb: number,
): number {
  if (offset < 0 || offset + anomaly.length > background.length) {
    throw new RangeError(
      `anomaly of ${anomaly.length} samples at offset ${offset} does not fit a background of ${background.length}`,
    );
  }
  const pn = meanPower(background, offset, offset + anomaly.length);
  return gainFromPowers(pn, meanPower(anomaly), targetDb);
}

/** The gain g with 10 log10(g^2 pa / pn) = targetDb; silent parts are errors (no finite g). */
export function gainFromPowers(pn: number, pa: number, targetDb: number): number {
  if (!(pa > 0)) throw new RangeError(audioCallMessages.silentAnomaly());
  if (!(pn > 0)) throw new RangeError(audioCallMessages.silentBackground());
  return Math.sqrt((pn * 10 ** (targetDb / 10)) / pa);
}

/**
 * Returns background + gain * anomaly (anomaly placed at `offset`), the gain chosen so the SNR
 * over the placement samples is `targetDb`. Inputs are not modified.
 */
export function mixAtSnr(
  background: Float32Array,
  anomaly: Float32Array,
  offset: number,
  targetDb: number,
): { mixed: Float32Array; gain: number } {
  const gain = gainForSnr(background, anomaly, offset, targetDb);
  const mixed = Float32Array.from(background);
  for (let i = 0; i < anomaly.length; i++) mixed[offset + i] += gain * anomaly[i];
  return { mixed, gain };
}
