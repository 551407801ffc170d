/** Small signal-analysis helpers for the generator tests (independent of the code under test). */

/** Power of x at frequency f (Hz) by the Goertzel algorithm, Hann-windowed, normalised by n^2. */
export function tonePower(x: Float32Array, f: number, sampleRate: number): number {
  const n = x.length;
  const w = (2 * Math.PI * f) / sampleRate;
  const c = 2 * Math.cos(w);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < n; i++) {
    const win = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (n - 1));
    const s = x[i] * win + c * s1 - s2;
    s2 = s1;
    s1 = s;
  }
  return (s1 * s1 + s2 * s2 - c * s1 * s2) / (n * n);
}

/** Peak-to-neighbourhood ratio in dB: power at f over the median power at offsets around it. */
export function peakProminenceDb(
  x: Float32Array,
  f: number,
  sampleRate: number,
  offsetsHz: number[],
): number {
  const around = offsetsHz.map((d) => tonePower(x, f + d, sampleRate)).sort((a, b) => a - b);
  const median = around[Math.floor(around.length / 2)];
  return 10 * Math.log10(tonePower(x, f, sampleRate) / median);
}

export function rms(x: Float32Array, start = 0, end = x.length): number {
  let s = 0;
  for (let i = start; i < end; i++) s += x[i] * x[i];
  return Math.sqrt(s / Math.max(1, end - start));
}

export function mean(x: Float32Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i];
  return s / x.length;
}

export function peak(x: Float32Array): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) m = Math.max(m, Math.abs(x[i]));
  return m;
}

/** Frequency (Hz) of the strongest tone among candidates. */
export function strongest(x: Float32Array, candidates: number[], sampleRate: number): number {
  let best = candidates[0];
  let bestP = -1;
  for (const f of candidates) {
    const p = tonePower(x, f, sampleRate);
    if (p > bestP) {
      bestP = p;
      best = f;
    }
  }
  return best;
}
