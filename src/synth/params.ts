/**
 * Checking generator parameters that come from a spec: overrides are merged over a generator's
 * defaults; unknown keys and values of another type than the default's are errors naming the
 * generator and the key (the spec loader adds the file and field path in front).
 */
import { badGeneratorParam, unknownGeneratorParam } from '../messages/index.ts';

/** defaults with `overrides` applied; throws on unknown keys and type changes. */
export function mergeParams<P extends object>(
  generator: string,
  defaults: P,
  overrides: Record<string, unknown>,
): P {
  const known = Object.keys(defaults);
  const out: Record<string, unknown> = { ...(defaults as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    if (!known.includes(key)) throw new Error(unknownGeneratorParam(generator, key, known));
    const def = (defaults as Record<string, unknown>)[key];
    if (Array.isArray(def) !== Array.isArray(value) || typeof def !== typeof value) {
      throw new Error(badGeneratorParam(generator, key, `of type ${describeType(def)}`));
    }
    out[key] = value;
  }
  return out as P;
}

function describeType(v: unknown): string {
  return Array.isArray(v) ? 'array' : typeof v;
}

/** Throws unless `value` is a finite number in [lo, hi] (and an integer when `integer`). */
export function checkRange(
  generator: string,
  key: string,
  value: number,
  lo: number,
  hi: number,
  integer = false,
): void {
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    value >= lo &&
    value <= hi &&
    (!integer || Number.isInteger(value));
  if (!ok) {
    const kind = integer ? 'an integer' : 'a number';
    throw new Error(badGeneratorParam(generator, key, `${kind} in [${lo}, ${hi}], got ${value}`));
  }
}
