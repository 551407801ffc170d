/** Median wall-clock seconds of `repeats` runs of fn (robust to the noise of a shared machine). */
export function median(fn: () => void, repeats: number): number {
  const t: number[] = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = performance.now();
    fn();
    t.push((performance.now() - t0) / 1000);
  }
  t.sort((a, b) => a - b);
  return t[Math.floor(t.length / 2)];
}
