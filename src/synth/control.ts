/**
 * Control-rate processes, updated once per internal block (see block.ts): slow random wander of
 * a machine's speed or load, and jittered event clocks (firing, ticks, knocks, strokes).
 */
import { gaussian, type Rng } from '../util/rng.ts';

/**
 * A smoothed, reflected random walk in [0, 1]: a Brownian walk that crosses the whole range in
 * about `traverseSec` seconds, reflected at 0 and 1, then smoothed by two one-pole stages of time
 * constant `smoothSec`, so speed changes are gradual (no steps, finite acceleration).
 */
export class Wander {
  private x: number;
  private y1: number;
  private y2: number;
  private readonly step: number;
  private readonly a: number;

  /**
   * @param stepSec seconds per call to next() (the block duration).
   * @param start initial value in [0, 1].
   */
  constructor(
    private readonly rng: Rng,
    stepSec: number,
    traverseSec: number,
    smoothSec: number,
    start: number,
  ) {
    this.x = this.y1 = this.y2 = Math.min(1, Math.max(0, start));
    this.step = Math.sqrt(stepSec / Math.max(traverseSec, stepSec));
    this.a = 1 - Math.exp(-stepSec / Math.max(smoothSec, stepSec));
  }

  /** Advance one step; returns the smoothed value in [0, 1]. */
  next(): number {
    let x = this.x + this.step * gaussian(this.rng);
    // Reflect (twice covers any step below 1).
    if (x < 0) x = -x;
    if (x > 1) x = 2 - x;
    if (x < 0) x = 0;
    this.x = x;
    this.y1 += this.a * (x - this.y1);
    this.y2 += this.a * (this.y1 - this.y2);
    return this.y2;
  }
}

/**
 * Events at a jittered period: each interval is period * (1 + jitter * u), u uniform in [-1, 1).
 * advance() reports the fractional sample positions of this block's events.
 */
export class EventClock {
  /** Samples from the start of the current block to the next event. */
  private t: number;

  constructor(
    private readonly rng: Rng,
    /** Relative period jitter, 0..0.9. */
    private readonly jitter: number,
    /** Delay of the first event, samples. */
    firstAt: number,
  ) {
    this.t = firstAt;
  }

  /**
   * Move on by a block of n samples with the given mean period (samples); calls onEvent(pos, k)
   * for each event in the block, pos in [0, n), k counting events from 0 since construction.
   */
  advance(n: number, period: number, onEvent: (pos: number, k: number) => void): void {
    while (this.t < n) {
      onEvent(this.t, this.count++);
      this.t += Math.max(1, period * (1 + this.jitter * (2 * this.rng() - 1)));
    }
    this.t -= n;
  }
  private count = 0;
}
