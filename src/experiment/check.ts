/**
 * Consistency checks of validated spec cells, before anything is written: values each valid on
 * their own that cannot work together, and generator parameters whose ranges live with the
 * generators. Errors name the spec file and the field path (exit code 2 in the CLI).
 */
import { planCorpus } from '../corpus/plan.ts';
import { runMessages as R, specInFile } from '../messages.ts';
import { corpusConfigOf, frontendOf, type ExperimentSpec } from './schema.ts';

function checkCell(spec: ExperimentSpec): void {
  const { data, frontend } = spec;
  const limit = Math.min(data.fileSec, data.normalTestSec);
  if (data.test.clipSec > limit) {
    throw new Error(R.inconsistent('data.test.clipSec', R.clipTooLong(data.test.clipSec, limit)));
  }
  if ((frontend.nFft & (frontend.nFft - 1)) !== 0) {
    throw new Error(R.inconsistent('frontend.nFft', R.notPowerOfTwo(frontend.nFft)));
  }
  try {
    planCorpus(corpusConfigOf(spec), spec.seed);
  } catch (e) {
    throw new Error(R.inconsistent('data', (e as Error).message), { cause: e });
  }
  frontendOf(spec);
}

/** Throws `<file>: <path>: <problem>` for the first inconsistent cell. */
export function checkCells(file: string, cells: { spec: ExperimentSpec }[]): void {
  for (const c of cells) {
    try {
      checkCell(c.spec);
    } catch (e) {
      throw new Error(specInFile(file, (e as Error).message), { cause: e });
    }
  }
}
