/**
 * Every user-facing message in one place, so wording is consistent and tests assert it exactly.
 * Each area owns one section; messages are functions of the values they report.
 */

// ---------------------------------------------------------------------------------------------
// Audio I/O (src/audio/)
// ---------------------------------------------------------------------------------------------

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
// Mixing and test sets (src/audio/mix*.ts)
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Front end, GMM, metrics (src/features/, src/gmm/, src/metrics/)
// ---------------------------------------------------------------------------------------------
export {};
