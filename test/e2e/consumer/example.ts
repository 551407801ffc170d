/**
 * A consumer project's use of the library (package.test.ts installs the packed tarball beside
 * it, type-checks it with tsc and runs it): load a spec, run it, draw its report, detect.
 */
import { detect, loadSpec, reproduce, report, type DetectResult } from 'npasd';

const spec = loadSpec('table1', { scale: 'smoke', set: ['train.epochs=1'] });
console.log(
  `spec ${spec.name}: ${spec.cells.length} cell(s), methods ${spec.cells[0].spec.methods.join(',')}`,
);
const run = await reproduce('table1', {
  scale: 'smoke',
  set: ['train.epochs=1'],
  jobs: 2,
  out: 'run',
  cache: 'cache',
});
console.log(`run ${run.runDir}: ${run.unitsRun} unit(s) run`);
const figures = await report(run.runDir);
console.log(`report ${figures.report}: ${figures.charts.length} chart file(s)`);
const results: DetectResult[] = await detect('no-such-model', ['x.wav']).catch(() => []);
console.log(`detect without a model: ${results.length} result(s)`);
// The types are real, not `any`: each misuse below must be a type error (never called).
export function misuses(results: DetectResult[]): void {
  // @ts-expect-error a spec name is a string
  loadSpec(42);
  // @ts-expect-error detect takes a list of files
  void detect('model', 'x.wav');
  const first = results[0];
  if (first && !('error' in first)) {
    const clip: number = first.clipScore;
    // @ts-expect-error frame scores are a Float64Array, not a string
    const bad: string = first.scores;
    console.log(clip, bad);
  }
}
