/**
 * Progress of the train and score stages: a header line (a bar over the units, units done, time,
 * ETA) and one line per running unit (a bar over its epochs and its scoring), redrawn in place
 * on a terminal (src/util/terminalBlock.ts); plain header lines otherwise. The ETA comes from
 * measured times: finished units' durations, and running units' elapsed time over their done
 * fraction, spread over the jobs that run side by side.
 */
import { bar } from '../util/progress.ts';
import { terminalBlock } from '../util/terminalBlock.ts';
import { formatSeconds } from '../util/time.ts';
import type { UnitProgress } from './unit.ts';

export interface RunningUnit {
  /** Start, ms since the epoch. */
  start: number;
  /** Done fraction of the unit's work in [0, 1]: its epochs, then its scoring (one epoch's share). */
  fraction: number;
  /** `epoch 3/50`, `scoring 20/60`. */
  phase: string;
}

export interface UnitsState {
  label: string;
  total: number;
  done: number;
  /** Start of the stage, ms since the epoch. */
  start: number;
  /** Seconds each finished unit took. */
  finishedSec: number[];
  running: Map<string, RunningUnit>;
  /** Units that run side by side (>= 1). */
  jobs: number;
}

/** Done fraction and phase text of a unit with `epochs` training epochs after progress `p`. */
export function unitFraction(p: UnitProgress, epochs: number): { fraction: number; phase: string } {
  const steps = epochs + 1;
  if (p.kind === 'epoch')
    return { fraction: p.log.epoch / steps, phase: `epoch ${p.log.epoch}/${epochs}` };
  const part = p.total > 0 ? p.done / p.total : 1;
  return { fraction: (epochs + part) / steps, phase: `scoring ${p.done}/${p.total}` };
}

/** Seconds until every unit is done, or NaN while nothing has been measured. */
export function unitsEta(s: UnitsState, now: number): number {
  const projected: number[] = [];
  let runningLeft = 0;
  for (const u of s.running.values()) {
    if (u.fraction <= 0) continue;
    const elapsed = (now - u.start) / 1000;
    const total = elapsed / u.fraction;
    projected.push(total);
    runningLeft += Math.max(0, total - elapsed);
  }
  const measured = s.finishedSec.length > 0 ? s.finishedSec : projected;
  if (measured.length === 0) return s.done === s.total ? 0 : NaN;
  const mean = measured.reduce((a, b) => a + b, 0) / measured.length;
  // Running units without a measured fraction yet count as whole units still to do.
  const waiting =
    s.total -
    s.done -
    s.running.size +
    [...s.running.values()].filter((u) => u.fraction <= 0).length;
  const parallel = Math.max(1, Math.min(s.jobs, s.total - s.done));
  return (runningLeft + waiting * mean) / parallel;
}

/** The header and one line per running unit. */
export function unitsLines(s: UnitsState, now: number): string[] {
  const sec = (now - s.start) / 1000;
  const eta = s.done < s.total ? `, ETA ${formatSeconds(unitsEta(s, now))}` : '';
  const f = s.total > 0 ? s.done / s.total : 1;
  const head = `${s.label} ${bar(f, 12)} ${s.done}/${s.total} units, ${formatSeconds(sec)}${eta}`;
  const lines = [...s.running.entries()].map(
    ([id, u]) => `  ${bar(u.fraction, 10)} ${u.phase}  ${id}`,
  );
  return [head, ...lines];
}

export interface UnitsProgress {
  started(id: string): void;
  progress(id: string, p: UnitProgress, epochs: number): void;
  finished(id: string): void;
  /** Writes `line` above the progress lines (a message that stays). */
  print(line: string): void;
  /** Ends: the lines go, `line` (when given) stays in their place. */
  close(line?: string): void;
}

export function unitsProgress(
  label: string,
  total: number,
  jobs: number,
  stream: NodeJS.WriteStream = process.stderr,
  intervalSec = 10,
): UnitsProgress {
  const block = terminalBlock(stream, { intervalSec });
  const s: UnitsState = {
    label,
    total,
    done: 0,
    start: Date.now(),
    finishedSec: [],
    running: new Map(),
    jobs,
  };
  const draw = (force = false) => block.render(unitsLines(s, Date.now()), force);
  return {
    started(id) {
      if (!s.running.has(id))
        s.running.set(id, { start: Date.now(), fraction: 0, phase: 'starting' });
      draw();
    },
    progress(id, p, epochs) {
      const u = s.running.get(id) ?? { start: Date.now(), fraction: 0, phase: '' };
      s.running.set(id, { ...u, ...unitFraction(p, epochs) });
      draw();
    },
    finished(id) {
      const u = s.running.get(id);
      if (u) s.finishedSec.push((Date.now() - u.start) / 1000);
      s.running.delete(id);
      s.done++;
      draw(true);
    },
    print: (line) => block.print(line),
    close: (line) => block.close(line === undefined ? [] : [line]),
  };
}
