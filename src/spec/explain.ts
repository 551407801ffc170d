/**
 * The fields of a schema in words, for `npasd validate --explain`: each field's dotted path (the
 * path `--set` takes), what it allows (type and range), its default and its doc string.
 */
import { explainField, explainObject } from '../messages/index.ts';
import { describe, join, type Schema } from './schema.ts';

/** One entry per field, depth first in definition order; the root object itself is left out. */
export function explainSchema(schema: Schema, path = '', optional = false): string[] {
  if (schema.kind === 'object' || schema.kind === 'partial') {
    const head = path ? [explainObject(path, schema.doc, schema.kind === 'partial')] : [];
    const fields = Object.entries(schema.fields).flatMap(([k, f]) =>
      explainSchema(f, join(path, k), schema.kind === 'partial'),
    );
    return [...head, ...fields];
  }
  // A partial object's fields have no default of their own: absent means "as elsewhere".
  const dflt = optional ? '' : JSON.stringify(schema.default);
  return [explainField(path, describe(schema), dflt, schema.doc)];
}
