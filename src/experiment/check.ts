/**
 * Consistency checks of validated spec cells, before anything is written: values each valid on
 * their own that cannot work together, and generator parameters whose ranges live with the
 * generators. Errors name the spec file and the field path (exit code 2 in the CLI).
 */
import { planCorpus } from '../data/synthetic/plan.ts';
import { runMessages, specInFile } from '../messages/index.ts';
import { folderInputs } from '../data/folders.ts';
import { inconsistency } from './consistency.ts';
import { estimateMemory, formatBytes } from './memory.ts';
import { corpusConfigOf, folderCorpusConfigOf, frontendOf, type ExperimentSpec } from './schema.ts';

/** What the machine can take; absent: no memory check (library callers, `npasd list`). */
export interface MachineLimits {
  /** Worker processes at once (min of --jobs and the cores). */
  parallel: number;
  /** Memory available now, bytes (os.freemem()). */
  availableBytes: number;
  /** --allow-large: skip the check. */
  allowLarge: boolean;
}

function checkCell(spec: ExperimentSpec, limits?: MachineLimits): void {
  const { data } = spec;
  // Arithmetic only, before anything is planned or allocated in proportion to the spec.
  const bad = inconsistency(spec);
  if (bad) throw new Error(runMessages.inconsistentFields(bad.fields, bad.detail));
  if (limits && !limits.allowLarge && data.source === 'synthetic') {
    const m = estimateMemory(spec, limits.parallel);
    if (m.bytes > limits.availableBytes) {
      throw new Error(
        runMessages.tooMuchMemory(formatBytes(m.bytes), formatBytes(limits.availableBytes), {
          workers: m.parallel,
          method: m.largest.method,
          unit: formatBytes(m.largest.bytes),
          mels: formatBytes(m.melBytes),
        }),
      );
    }
  }
  frontendOf(spec);
  // DCASE cells were checked when they were expanded (src/data/dcase/cells.ts).
  if (data.source === 'dcase') return;
  if (data.source === 'folders') {
    // Every folder exists and holds audio (decoding is checked by the data stage, still
    // before any training).
    folderInputs(folderCorpusConfigOf(spec).folders);
    return;
  }
  const limit = Math.min(data.fileSec, data.normalTestSec);
  if (data.test.clipSec > limit) {
    throw new Error(
      runMessages.inconsistent(
        'data.test.clipSec',
        runMessages.clipTooLong(data.test.clipSec, limit),
      ),
    );
  }
  try {
    planCorpus(corpusConfigOf(spec), spec.seed);
  } catch (e) {
    throw new Error(runMessages.inconsistent('data', (e as Error).message), { cause: e });
  }
}

/** Throws `<file>: <path>: <problem>` for the first inconsistent cell. */
export function checkCells(
  file: string,
  cells: { spec: ExperimentSpec }[],
  limits?: MachineLimits,
): void {
  for (const c of cells) {
    try {
      checkCell(c.spec, limits);
    } catch (e) {
      throw new Error(specInFile(file, (e as Error).message), { cause: e });
    }
  }
}
