/** Median wall-clock seconds of `repeats` runs of fn (robust to the noise of a shared machine). */
export function median(fn: () => void, repeats: number): number {
  const t: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    t.push((performance.now() - t0) / 1000);
  }
  return medianOf(t);
}

/** The median of `values` (the upper one of an even count). */
export function medianOf(values: readonly number[]): number {
  const v = [...values].sort((a, b) => a - b);
  return v[Math.floor(v.length / 2)];
}
