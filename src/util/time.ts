/** Durations for people: `42 s`, `3 min 05 s`, `2 h 07 min`. */

/** `sec` (>= 0; NaN and Infinity as '?') as seconds, minutes and seconds, or hours and minutes. */
export function formatSeconds(sec: number): string {
  if (!Number.isFinite(sec) || sec < 0) return '?';
  const s = Math.round(sec);
  if (s < 60) return `${s} s`;
  const pad = (n: number) => String(n).padStart(2, '0');
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}
