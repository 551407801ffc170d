/** User-facing messages of spec files, overrides and validation. */
import { closestName } from '../util/closestName.ts';

// ---------------------------------------------------------------------------------------------
// Experiment specs (src/spec/)
// ---------------------------------------------------------------------------------------------

/** A spec field that fails validation: `path` like "models[2].kind". */
export const specField = (path: string, detail: string): string => `${path}: ${detail}`;

/** A spec problem located in a file. */
export const specInFile = (file: string, message: string): string => `${file}: ${message}`;

/** A --set argument without "=". */
export const badOverride = (text: string): string =>
  `--set ${text}: expected path=value, e.g. --set ${
    /^[A-Za-z_][\w.[\]]*$/.test(text) ? `${text}=<value>` : 'train.epochs=5'
  } (npasd validate <spec> --explain lists the paths)`;

/** A spec problem caused by a --set override (not by the spec file). */
export const specInSet = (text: string, message: string): string => `--set ${text}: ${message}`;

/** A field the schema does not have, with the nearest known name when it looks like a typo. */
export const unknownField = (name: string, known: readonly string[]): string => {
  const closest = closestName(name, known);
  const list = known.length > 0 ? ` (known: ${known.join(', ')})` : '';
  return `unknown field${closest ? didYouMean(closest) : ''}${list}`;
};

/** The closest known name to a mistyped one, as a hint. */
export const didYouMean = (name: string): string => ` (did you mean "${name}"?)`;

/** A grid node with no values. */
export const gridEmpty = (): string => 'grid has no values (expected { "grid": [v1, v2, ...] })';

/** A spec `extends` chain that comes back to itself. */
export const specExtendsCycle = (chain: readonly string[]): string =>
  `extends cycle: ${chain.join(' -> ')}`;

/** A spec name that is neither a file nor a spec under experiments/. */
export const specNotFound = (
  name: string,
  known: readonly string[],
  closest: string | null = null,
): string =>
  `no spec "${name}"${closest ? didYouMean(closest) : ''} (known: ${known.join(', ')}; or give a path to a .json file)`;

/** A scale name the spec does not define. */
export const specUnknownScale = (name: string, known: readonly string[]): string =>
  `unknown scale "${name}" (this spec has: ${known.join(', ')})`;

/** A spec file that is not valid JSON. */
export const specBadJson = (reason: string): string => `not valid JSON: ${reason}`;

/** `npasd validate --explain`: an object field and its doc. */
export const explainObject = (path: string, doc: string, optional: boolean): string =>
  `${path}: ${optional ? 'an object of optional fields' : 'an object'} (${doc})`;

/** `npasd validate --explain`: a field, what it allows and its default, then its doc indented. */
export const explainField = (path: string, allows: string, dflt: string, doc: string): string =>
  `${path}: ${allows}${dflt ? `, default ${dflt}` : ''}\n    ${doc}`;

/** A number that overflowed to Infinity (a literal such as 1e400) or is NaN. */
export const specNotFinite = (literal: string, allowed: string): string =>
  `got ${literal}, which is not a finite number; expected ${allowed}`;

/** An integer literal that a double cannot hold exactly (above 2^53 - 1), so it would be rounded. */
export const specNotExact = (literal: string, rounded: number): string =>
  `got ${literal}, which would be rounded to ${rounded} (integers are exact only up to ` +
  `${Number.MAX_SAFE_INTEGER}); give a smaller one`;

/** An item given twice in a list whose items must be distinct (methods, rules). */
export const specListedTwice = (item: string): string => `${item} twice; list each once`;

/** One of our own JSON files (run directory, cache) that is damaged or cut short. */
export const badJsonFile = (path: string, reason: string): string =>
  `${path}: not valid JSON (${reason})`;
