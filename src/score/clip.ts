/**
 * Clip scores from frame scores (METHOD.md section 8: the paper does not say whether it scores
 * frames or clips; this project scores clips, by the maximum of their frame scores by default, as
 * the first author's later ASD code does; the mean is an option).
 */
import { metricMessages } from '../messages/index.ts';

export type ClipAggregation = 'max' | 'mean';

/**
 * Aggregates consecutive runs of frame scores: clip j owns the next lengths[j] scores.
 * Throws on a clip with no frames (too short for one context vector), a NaN frame score, or
 * lengths that do not add up to frameScores.length.
 */
export function clipScores(
  frameScores: ArrayLike<number>,
  lengths: ArrayLike<number>,
  aggregation: ClipAggregation = 'max',
): Float64Array {
  const out = new Float64Array(lengths.length);
  let at = 0;
  for (let j = 0; j < lengths.length; j++) {
    const n = lengths[j];
    if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(metricMessages.clipLength(j, n));
    if (at + n > frameScores.length)
      throw new RangeError(metricMessages.clipLengthsExceed(frameScores.length));
    let acc = aggregation === 'max' ? -Infinity : 0;
    for (let i = at; i < at + n; i++) {
      const v = frameScores[i];
      if (Number.isNaN(v)) throw new RangeError(metricMessages.clipFrameNaN(i, j));
      acc = aggregation === 'max' ? Math.max(acc, v) : acc + v;
    }
    out[j] = aggregation === 'max' ? acc : acc / n;
    at += n;
  }
  if (at !== frameScores.length)
    throw new RangeError(metricMessages.clipLengthsSum(at, frameScores.length));
  return out;
}
