/** User-facing messages of the data stage: generators, corpora, test sets, the folders source. */

// ---------------------------------------------------------------------------------------------
// Synthetic corpus (src/synth/, data-scripts/)
// ---------------------------------------------------------------------------------------------

/** A generator name that is not registered (src/synth/registry.ts). */
export const unknownGenerator = (name: string, known: readonly string[]): string =>
  `unknown generator "${name}" (known: ${known.join(', ')})`;

/** A parameter override naming a field the generator does not have. */
export const unknownGeneratorParam = (
  generator: string,
  key: string,
  known: readonly string[],
): string => `${generator}: unknown parameter "${key}" (known: ${known.join(', ')})`;

/** A generator parameter outside its valid range or of the wrong type. */
export const badGeneratorParam = (generator: string, key: string, expected: string): string =>
  `${generator}: parameter "${key}" must be ${expected}`;

/** An anomaly id that is not in the catalogue. */
export const unknownAnomaly = (id: string): string =>
  `unknown anomaly "${id}" (see anomalyCatalogue() in src/synth/anomaly/catalogue.ts)`;

// ---------------------------------------------------------------------------------------------
// Corpus plan, writer and manifest (src/data/synthetic/, npasd data in src/cli/data.ts)
// ---------------------------------------------------------------------------------------------

/** A corpus config number outside its range. */
export const badCorpusConfig = (field: string, value: unknown, allowed: string): string =>
  `corpus config: ${field} is ${JSON.stringify(value)}, expected a number ${allowed}`;

/** --out points at a directory holding a different corpus (another config or seed). */
export const corpusDirHoldsOther = (dir: string): string =>
  `${dir} already holds a different corpus (another scale, config or seed); ` +
  `choose another --out directory or delete this one`;

/** --out names something that is not a directory. */
export const outNotDirectory = (path: string): string =>
  `${path}: exists and is not a directory; --out must name a directory (new or a corpus to resume)`;

/** manifest.json missing, unreadable or of another format. */
export const badManifest = (path: string, what: string): string =>
  `${path}: not a usable corpus manifest: ${what}`;

/** An unknown --scale. */
export const unknownScale = (name: string, known: readonly string[]): string =>
  `unknown scale "${name}" (known: ${known.join(', ')})`;

/** `npasd data --seed` that is not an integer. */
export const badCorpusSeed = (value: unknown): string => `--seed must be an integer, got ${value}`;

/** The last line of `npasd data`: times and peak memory. */
export const corpusTimes = (corpusSec: number, totalSec: number, rssMiB: number): string =>
  `corpus ${corpusSec.toFixed(1)} s, total ${totalSec.toFixed(1)} s, peak RSS ${rssMiB.toFixed(0)} MiB`;

// ---------------------------------------------------------------------------------------------
// Mixing and test sets (src/audio/mix*.ts)
// ---------------------------------------------------------------------------------------------

/** No held-out normal file is long enough to cut a test clip from. */
export const testSetTooShort = (clipSec: number, longestSec: number): string =>
  `test clips of ${clipSec} s need held-out normal files at least that long, ` +
  `but the longest is ${longestSec} s (raise normalTestSec/fileSec or lower clipSec)`;

// ---------------------------------------------------------------------------------------------
// The `folders` data source (src/data/folders.ts)
// ---------------------------------------------------------------------------------------------

export const folderSourceMessages = {
  required: (field: string) =>
    `data.folders.${field}: a directory is required when data.source is "folders"`,
  tooFewPieces: (n: number) =>
    `data.folders: holding out normal test audio needs at least 2 pieces of normal recordings, ` +
    `got ${n}; give more (or longer) recordings, a smaller data.fileSec, or data.folders.normalTest`,
  duplicateAnomaly: (dir: string, path: string) =>
    `${dir}: two anomalous clips map to the same name ${path} (same path but another extension?); rename one`,
  changed: (runDir: string) =>
    `${runDir}: the recordings changed since this run started (their content hash differs); ` +
    'start a new run (another --out) or restore the recordings',
};

/** A generator registered twice under one name (src/synth/registry.ts). */
export const duplicateGenerator = (name: string): string => `duplicate generator name "${name}"`;

/** The corpus render worker loaded outside a worker thread. */
export const renderWorkerOnly = (): string => 'renderWorker.ts runs only as a worker thread';

/** A planned corpus file that no render job wrote (a bug, not bad input). */
export const fileNotWritten = (path: string): string => `internal: ${path} was not written`;

/** A cached corpus whose manifest.json is damaged: it is rendered again. */
export const corpusManifestDamaged = (path: string, reason: string): string =>
  `${path}: not valid JSON (${reason}); the corpus is built again`;
