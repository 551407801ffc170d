/**
 * A small schema language whose definitions give both the TypeScript type (Infer<S>) and the
 * runtime validator (validate), so the experiment spec has one source of truth (STYLE.md habit
 * 2). Every node carries a default; validate() fills defaults, rejects unknown keys and values
 * of the wrong type or range, and names the field path and what was allowed.
 */
import { specField, specListedTwice, specNotFinite, unknownField } from '../messages/index.ts';

export type Schema =
  | NumberSchema
  | StringSchema
  | BooleanSchema
  | EnumSchema<string>
  | ArraySchema<Schema>
  | ObjectSchema<Record<string, Schema>>
  | PartialSchema<Record<string, Schema>>;

interface Base<T> {
  /** One line on the field: shown in errors and `--help`-style listings. */
  doc: string;
  default: T;
}
export interface NumberSchema extends Base<number> {
  kind: 'number';
  min?: number;
  max?: number;
  /** min and max exclusive (e.g. rho in (0, 1)). */
  exclusive?: boolean;
  /** max alone exclusive (e.g. a dropout rate in [0, 1)). */
  exclusiveMax?: boolean;
  /** min alone exclusive (e.g. a duration in (0, 3600]). */
  exclusiveMin?: boolean;
  integer?: boolean;
}
export interface StringSchema extends Base<string> {
  kind: 'string';
}
export interface BooleanSchema extends Base<boolean> {
  kind: 'boolean';
}
export interface EnumSchema<V extends string> extends Base<V> {
  kind: 'enum';
  values: readonly V[];
}
export interface ArraySchema<I extends Schema> extends Base<Infer<I>[]> {
  kind: 'array';
  item: I;
  minLength?: number;
  /** At most this many items (every list has a bound, so no spec allocates without one). */
  maxLength?: number;
  /** No item twice (e.g. methods: a method listed twice would train into one directory). */
  unique?: boolean;
}
export interface ObjectSchema<F extends Record<string, Schema>> {
  kind: 'object';
  doc: string;
  fields: F;
}
/**
 * An object whose fields are all optional and have no defaults: only the fields given are kept
 * (e.g. per-method overrides of shared settings).
 */
export interface PartialSchema<F extends Record<string, Schema>> {
  kind: 'partial';
  doc: string;
  fields: F;
}

/** The TypeScript type a schema describes. */
export type Infer<S> = S extends NumberSchema
  ? number
  : S extends StringSchema
    ? string
    : S extends BooleanSchema
      ? boolean
      : S extends EnumSchema<infer V>
        ? V
        : S extends ArraySchema<infer I>
          ? Infer<I>[]
          : S extends ObjectSchema<infer F>
            ? { [K in keyof F]: Infer<F[K]> }
            : S extends PartialSchema<infer F>
              ? { [K in keyof F]?: Infer<F[K]> }
              : never;

/** Constructors, so definitions read as data: s.number({ default: 1, min: 0, doc: '...' }). */
export const s = {
  number: (o: Omit<NumberSchema, 'kind'>): NumberSchema => ({ kind: 'number', ...o }),
  string: (o: Omit<StringSchema, 'kind'>): StringSchema => ({ kind: 'string', ...o }),
  boolean: (o: Omit<BooleanSchema, 'kind'>): BooleanSchema => ({ kind: 'boolean', ...o }),
  enum: <const V extends string>(o: Omit<EnumSchema<V>, 'kind'>): EnumSchema<V> => ({
    kind: 'enum',
    ...o,
  }),
  array: <I extends Schema>(o: Omit<ArraySchema<I>, 'kind'>): ArraySchema<I> => ({
    kind: 'array',
    ...o,
  }),
  object: <F extends Record<string, Schema>>(doc: string, fields: F): ObjectSchema<F> => ({
    kind: 'object',
    doc,
    fields,
  }),
  partial: <F extends Record<string, Schema>>(doc: string, fields: F): PartialSchema<F> => ({
    kind: 'partial',
    doc,
    fields,
  }),
};

/** A validation failure: `path` is the field path, e.g. "models[2].kind". */
export class SpecError extends Error {
  constructor(
    readonly path: string,
    readonly detail: string,
  ) {
    super(specField(path, detail));
  }
}

const show = (v: unknown): string => (typeof v === 'string' ? `"${v}"` : JSON.stringify(v));

/** What a number schema allows, in words: "an integer >= 1", "a number in (0, 1)". */
export function describeNumber(n: NumberSchema, plural = false): string {
  const what = plural
    ? n.integer
      ? 'integers'
      : 'numbers'
    : n.integer
      ? 'an integer'
      : 'a number';
  const openMin = n.exclusive || n.exclusiveMin;
  const openMax = n.exclusive || n.exclusiveMax;
  const [lo, hi] = [openMin ? '(' : '[', openMax ? ')' : ']'];
  if (n.min !== undefined && n.max !== undefined) return `${what} in ${lo}${n.min}, ${n.max}${hi}`;
  if (n.min !== undefined) return `${what} ${openMin ? '>' : '>='} ${n.min}`;
  if (n.max !== undefined) return `${what} ${n.exclusive || n.exclusiveMax ? '<' : '<='} ${n.max}`;
  return what;
}

/** What any schema allows, in words (for messages outside spec files). */
export function describe(schema: Schema): string {
  switch (schema.kind) {
    case 'number':
      return describeNumber(schema);
    case 'string':
      return 'a string';
    case 'boolean':
      return 'true or false';
    case 'enum':
      return `one of ${schema.values.join(', ')}`;
    case 'array': {
      const { item } = schema;
      const items =
        item.kind === 'number'
          ? describeNumber(item, true)
          : item.kind === 'string'
            ? 'strings'
            : item.kind === 'enum'
              ? `values of ${item.values.join(', ')}`
              : 'items';
      const most = schema.maxLength !== undefined ? ` (at most ${schema.maxLength})` : '';
      const distinct = schema.unique ? 'distinct ' : '';
      return `${schema.minLength ? 'a non-empty' : 'an'} array of ${distinct}${items}${most}`;
    }
    default:
      return 'an object';
  }
}

/** The default value of a schema (objects: every field's default). */
export function defaults<S extends Schema>(schema: S): Infer<S> {
  if (schema.kind === 'partial') return {} as Infer<S>;
  if (schema.kind !== 'object') return structuredClone(schema.default) as Infer<S>;
  const out: Record<string, unknown> = {};
  for (const [k, f] of Object.entries(schema.fields)) out[k] = defaults(f);
  return out as Infer<S>;
}

/**
 * Checks `value` against `schema` and returns it with defaults filled in (objects may omit
 * fields; arrays and scalars are taken whole). Throws SpecError at the first problem.
 */
export function validate<S extends Schema>(schema: S, value: unknown, path = ''): Infer<S> {
  const fail = (detail: string): never => {
    throw new SpecError(path || '(root)', detail);
  };
  switch (schema.kind) {
    case 'number': {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new SpecError(path || '(root)', specNotFinite(String(value), describeNumber(schema)));
      }
      // Integers must be safe: beyond 2^53 - 1 neighbours share a double (a seed would collide).
      const ok =
        typeof value === 'number' &&
        (!schema.integer || Number.isSafeInteger(value)) &&
        (schema.min === undefined ||
          (schema.exclusive || schema.exclusiveMin ? value > schema.min : value >= schema.min)) &&
        (schema.max === undefined ||
          (schema.exclusive || schema.exclusiveMax ? value < schema.max : value <= schema.max));
      if (!ok) fail(`got ${show(value)}, expected ${describeNumber(schema)}`);
      return value as Infer<S>;
    }
    case 'string':
      if (typeof value !== 'string') fail(`got ${show(value)}, expected a string`);
      return value as Infer<S>;
    case 'boolean':
      if (typeof value !== 'boolean') fail(`got ${show(value)}, expected true or false`);
      return value as Infer<S>;
    case 'enum':
      if (typeof value !== 'string' || !schema.values.includes(value)) {
        fail(`unknown ${show(value)} (known: ${schema.values.join(', ')})`);
      }
      return value as Infer<S>;
    case 'array': {
      if (!Array.isArray(value)) return fail(`got ${show(value)}, expected a list`);
      if (value.length < (schema.minLength ?? 0)) {
        fail(`got ${value.length} items, expected at least ${schema.minLength}`);
      }
      if (schema.maxLength !== undefined && value.length > schema.maxLength) {
        fail(`got ${value.length} items, expected at most ${schema.maxLength}`);
      }
      if (schema.unique) {
        const twice = value.find((v, i) => value.indexOf(v) !== i);
        if (twice !== undefined) fail(specListedTwice(show(twice)));
      }
      return value.map((v, i) => validate(schema.item, v, `${path}[${i}]`)) as Infer<S>;
    }
    case 'object':
    case 'partial': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        return fail(`got ${show(value)}, expected an object`);
      }
      // Own keys only, compared by hasOwn: `__proto__`, `constructor` and the like are unknown
      // fields like any other, and no field is read through the prototype chain.
      const known = Object.keys(schema.fields);
      for (const k of Object.keys(value)) {
        if (!Object.hasOwn(schema.fields, k)) {
          throw new SpecError(join(path, k), unknownField(k, known));
        }
      }
      const out: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(schema.fields)) {
        const v = Object.hasOwn(value, k) ? (value as Record<string, unknown>)[k] : undefined;
        if (v === undefined && schema.kind === 'partial') continue;
        out[k] = v === undefined ? defaults(f) : validate(f, v, join(path, k));
      }
      return out as Infer<S>;
    }
  }
}

/** "a.b" + "c" = "a.b.c"; "" + "c" = "c". */
export function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** The schema node at a dotted path ("train.rho"), or undefined; array items are "[]"-free. */
export function schemaAt(schema: Schema, path: string): Schema | undefined {
  let node: Schema | undefined = schema;
  for (const key of path.split('.')) {
    if (node?.kind !== 'object' && node?.kind !== 'partial') return undefined;
    node = Object.hasOwn(node.fields, key) ? node.fields[key] : undefined;
  }
  return node;
}
