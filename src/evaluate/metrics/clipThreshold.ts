/**
 * A deployable threshold for clip scores (pure). phi_rho (METHOD.md section 5) is set on frame
 * scores; a clip's score is the max (or mean) of its frame scores, which lies above the frame
 * threshold for almost every normal clip of 600 frames, so phi_rho flags nearly every clip (the
 * `phi` rows of metrics.csv show it). This threshold is set the same way on clip scores of
 * training data only: every window of `clipFrames` frame scores of the normal training files
 * (the runner uses every frame offset), aggregated like a test clip; then the floor(rho K)-th largest of those K
 * window scores (src/models/gmm/threshold.ts), so a fraction rho of the training windows is flagged.
 * Training windows were seen in training, so held-out FPR is expected somewhat above rho.
 */
import { thresholdAtRho } from '../../models/gmm/threshold.ts';
import type { ClipAggregation } from '../../score/clip.ts';

/**
 * Window scores of every file's frame scores: every window that fits entirely, `hopFrames`
 * apart (none for files shorter than a window). O(frames) per file whatever the window length,
 * so hop 1 over an hour of frames stays cheap: mean by a running sum, max by a sliding maximum.
 */
export function windowScores(
  files: readonly ArrayLike<number>[],
  clipFrames: number,
  hopFrames: number,
  aggregation: ClipAggregation,
): number[] {
  const out: number[] = [];
  for (const f of files) {
    if (aggregation === 'max') {
      slidingMax(f, clipFrames, hopFrames, out);
      continue;
    }
    let sum = 0;
    for (let i = 0; i < Math.min(clipFrames, f.length); i++) sum += f[i];
    for (let at = 0; at + clipFrames <= f.length; at += hopFrames) {
      out.push(sum / clipFrames);
      for (let i = at; i < at + hopFrames && i + clipFrames < f.length; i++) {
        sum += f[i + clipFrames] - f[i];
      }
    }
  }
  return out;
}

/**
 * Appends to `out` the maximum of each window of `f` (as Math.max over it: NaN when it holds a
 * NaN, +0 over -0, -Infinity for an empty window), by a monotonic deque of frame indices: each
 * frame enters once and leaves once. Frame j is dropped from the back when a later frame v
 * makes Math.max(f[j], v) v, so the front is always the window's maximum.
 */
function slidingMax(
  f: ArrayLike<number>,
  clipFrames: number,
  hopFrames: number,
  out: number[],
): void {
  const deque = new Int32Array(f.length);
  let head = 0;
  let tail = 0;
  let next = 0;
  for (let at = 0; at + clipFrames <= f.length; at += hopFrames) {
    for (; next < at + clipFrames; next++) {
      const v = f[next];
      while (tail > head && Object.is(Math.max(f[deque[tail - 1]], v), v)) tail--;
      deque[tail++] = next;
    }
    while (tail > head && deque[head] < at) head++;
    out.push(tail > head ? f[deque[head]] : -Infinity);
  }
}

/** The clip-level threshold of the file comment (throws when there are too few windows for rho). */
export function clipThreshold(
  files: readonly ArrayLike<number>[],
  clipFrames: number,
  hopFrames: number,
  aggregation: ClipAggregation,
  rho: number,
): number {
  return thresholdAtRho(windowScores(files, clipFrames, hopFrames, aggregation), rho);
}
