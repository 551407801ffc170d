/**
 * Pure operations on raw (not yet validated) spec trees: deep merge for `extends` and scales,
 * `--set path=value` overrides checked against the schema, and expansion of `grid` nodes into
 * the cartesian product of cells (anomalib-style sweeps). Raw trees are plain JSON values.
 */
import { SpecError, describe, schemaAt, validate, type Schema } from './schema.ts';
import {
  badOverride,
  gridEmpty,
  specNotExact,
  specNotFinite,
  unknownField,
} from '../messages/index.ts';

export type Raw = null | boolean | number | string | Raw[] | { [k: string]: Raw };
export type RawObject = { [k: string]: Raw };

const isObject = (v: unknown): v is RawObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Sets an own data property: `obj[key] = v` with key "__proto__" would replace the prototype
 * instead, so a spec's "__proto__" key would vanish from the tree (and escape the unknown-field
 * check) or lend its fields to the object through the prototype chain.
 */
function setOwn(obj: RawObject, key: string, v: Raw): void {
  Object.defineProperty(obj, key, {
    value: v,
    writable: true,
    enumerable: true,
    configurable: true,
  });
}

/** The own value at `key`, never one inherited from Object.prototype. */
const own = (obj: RawObject, key: string): Raw | undefined =>
  Object.hasOwn(obj, key) ? obj[key] : undefined;

/** A deep copy of a raw tree that keeps every key (including "__proto__") an own property. */
function clone(v: Raw): Raw {
  if (Array.isArray(v)) return v.map(clone);
  if (!isObject(v)) return v;
  const out: RawObject = {};
  for (const [k, x] of Object.entries(v)) setOwn(out, k, clone(x));
  return out;
}

/** `over` merged onto `base`: objects merge key by key, everything else is replaced. */
export function deepMerge(base: Raw, over: Raw): Raw {
  if (!isObject(base) || !isObject(over) || isGrid(over)) return clone(over);
  const out = clone(base) as RawObject;
  for (const [k, v] of Object.entries(over)) {
    setOwn(out, k, Object.hasOwn(out, k) ? deepMerge(out[k], v) : clone(v));
  }
  return out;
}

/** Sets `value` at a dotted path, creating objects on the way. */
export function setPath(tree: RawObject, path: string, value: Raw): RawObject {
  const out = clone(tree) as RawObject;
  const keys = path.split('.');
  let node: RawObject = out;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(own(node, k))) setOwn(node, k, {});
    node = node[k] as RawObject;
  }
  setOwn(node, keys[keys.length - 1], value);
  return out;
}

/**
 * Parses `path=value` (value as JSON when it parses, else a plain string) and checks the value
 * against the schema node at `path`: an unknown path or a value of another type is an error.
 * A value may be a grid: `rho={"grid":[0.01,0.05]}`.
 */
export function parseOverride(schema: Schema, text: string): { path: string; value: Raw } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new Error(badOverride(text));
  const path = text.slice(0, eq).trim();
  const body = text.slice(eq + 1);
  let value: Raw;
  let json = true;
  try {
    value = JSON.parse(body) as Raw;
  } catch {
    value = body;
    json = false;
  }
  const node = schemaAt(schema, path);
  if (!node) {
    const parent = path.includes('.')
      ? schemaAt(schema, path.slice(0, path.lastIndexOf('.')))
      : schema;
    const names = parent && 'fields' in parent ? Object.keys(parent.fields) : [];
    throw new SpecError(path, unknownField(path.slice(path.lastIndexOf('.') + 1), names));
  }
  if (json) checkLiterals(body, (detail) => new SpecError(path, detail), describe(node));
  for (const v of isGrid(value) ? value.grid : [value]) validate(node, v, path);
  return { path, value };
}

/** JSON strings (skipped) and number literals of a JSON text. */
const TOKENS = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * The number literals of a --set value as typed, which JSON.parse alone would hide: one that
 * overflows (1e400 parses to Infinity) is not a finite number, and an integer literal that a
 * double cannot hold exactly (9007199254740993 parses to ...992) would be silently rounded.
 */
function checkLiterals(text: string, error: (detail: string) => Error, allowed: string): void {
  for (const [token] of text.matchAll(TOKENS)) {
    if (token.startsWith('"')) continue;
    const n = Number(token);
    if (!Number.isFinite(n)) throw error(specNotFinite(token, allowed));
    if (/^-?\d+$/.test(token) && n !== 0 && String(n) !== token) {
      throw error(specNotExact(token, n));
    }
  }
}

/** A `{ "grid": [v1, v2, ...] }` node. */
function isGrid(v: unknown): v is { grid: Raw[] } {
  return isObject(v) && Object.keys(v).length === 1 && Array.isArray(v.grid);
}

/** One cell of a grid: the chosen value per grid path, and the tree with them in place. */
export interface Cell {
  assignments: Record<string, Raw>;
  tree: RawObject;
}

/** Every grid path in the tree, in document order. */
export function gridPaths(tree: Raw, prefix = ''): string[] {
  if (isGrid(tree)) return [prefix];
  if (!isObject(tree)) return [];
  return Object.entries(tree).flatMap(([k, v]) => gridPaths(v, prefix ? `${prefix}.${k}` : k));
}

/** The cartesian product of all grid nodes; a tree without grids is one cell. */
export function expandGrid(tree: RawObject): Cell[] {
  let cells: Cell[] = [{ assignments: {}, tree }];
  for (const path of gridPaths(tree)) {
    const values = path.split('.').reduce<Raw>((n, k) => own(n as RawObject, k) ?? null, tree) as {
      grid: Raw[];
    };
    if (values.grid.length === 0) throw new SpecError(path, gridEmpty());
    cells = cells.flatMap((c) =>
      values.grid.map((v) => ({
        assignments: { ...c.assignments, [path]: v },
        tree: setPath(c.tree, path, v),
      })),
    );
  }
  return cells;
}
