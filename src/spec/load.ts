/**
 * Loading an experiment spec (an I/O edge): JSON files under experiments/ (or any path), with
 *   - `extends`: a base spec (name or relative path) merged under this one, recursively; cycles
 *     are an error naming the chain;
 *   - `scales`: named partial overrides (e.g. paper / quick / smoke), one chosen per run, with
 *     `defaultScale` naming the one used when none is asked for;
 *   - `--set path=value` overrides, type-checked against the schema;
 *   - `grid` nodes anywhere, expanded into cells.
 * Merge order, level by level from the deepest base: the base resolved at the chosen scale (its
 * own scale applied), then this file, then this file's entry for the scale; then --set overrides
 * in the order given. So a child's own values win over its base's scales (a grid in a child
 * survives the base's `smoke` scale), and a child can still adjust each scale.
 * Every error names the file (and the field path when there is one).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import { SpecError, validate, type Infer, type Schema } from './schema.ts';
import { deepMerge, expandGrid, parseOverride, setPath, type Raw, type RawObject } from './tree.ts';
import {
  specBadJson,
  specExtendsCycle,
  specInFile,
  specNotFound,
  specInSet,
  specUnknownScale,
} from '../messages/index.ts';
import { closestName } from '../util/closestName.ts';

/** Keys of a spec file that steer loading and are not part of the validated spec. */
const META = ['extends', 'scales', 'defaultScale'] as const;

export interface LoadOptions {
  /** Where spec names are looked up. Default: experiments/ of the current directory. */
  dir?: string;
  /** Scale to apply; default the spec's `defaultScale`, or none. */
  scale?: string;
  /** `path=value` overrides, applied last. */
  sets?: string[];
}

export interface LoadedSpec<S extends Schema> {
  /** The spec file that was asked for. */
  file: string;
  /** The scale applied, or null. */
  scale: string | null;
  /** Scales the spec defines (after extends). */
  scales: string[];
  /** One validated spec per grid cell (a spec without grids is one cell). */
  cells: { assignments: Record<string, Raw>; spec: Infer<S> }[];
}

/** Spec names available in `dir` (file names without .json). */
export function specNames(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => basename(f, '.json'))
    .sort();
}

function locate(nameOrPath: string, dir: string, from?: string): string {
  const asPath = isAbsolute(nameOrPath) ? nameOrPath : resolve(from ?? '.', nameOrPath);
  if (extname(nameOrPath) === '.json' && existsSync(asPath)) return asPath;
  const named = join(dir, `${nameOrPath}.json`);
  if (existsSync(named)) return resolve(named);
  const known = specNames(dir);
  throw new Error(specNotFound(nameOrPath, known, closestName(nameOrPath, known)));
}

function readJson(file: string): RawObject {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new Error(specInFile(file, specBadJson(e instanceof Error ? e.message : String(e))), {
      cause: e,
    });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(specInFile(file, 'a spec must be a JSON object'));
  }
  return value as RawObject;
}

/** A spec file's tree without its meta keys. */
const body = (tree: RawObject): RawObject =>
  Object.fromEntries(
    Object.entries(tree).filter(([k]) => !(META as readonly string[]).includes(k)),
  );

/** What the extends chain of a file defines: scale names and the nearest defaultScale. */
function chainInfo(
  file: string,
  dir: string,
  chain: string[] = [],
): { scales: string[]; defaultScale: string | null; files: string[] } {
  if (chain.includes(file)) throw new Error(specExtendsCycle([...chain, file]));
  const tree = readJson(file);
  const own = Object.keys((tree.scales ?? {}) as RawObject);
  const dflt = typeof tree.defaultScale === 'string' ? tree.defaultScale : null;
  const base = tree.extends;
  if (base === undefined) return { scales: own, defaultScale: dflt, files: [file] };
  if (typeof base !== 'string') {
    throw new Error(specInFile(file, 'extends: expected the name or path of a base spec'));
  }
  const b = chainInfo(locate(base, dir, dirname(file)), dir, [...chain, file]);
  return {
    scales: [...b.scales, ...own.filter((s) => !b.scales.includes(s))],
    defaultScale: dflt ?? b.defaultScale,
    files: [...b.files, file],
  };
}

/** The merged raw tree of an extends chain (deepest base first) at `scale` (meta keys dropped). */
function loadTree(files: string[], scale: string | null): RawObject {
  let tree: RawObject = {};
  for (const file of files) {
    const level = readJson(file);
    tree = deepMerge(tree, body(level)) as RawObject;
    const scales = (level.scales ?? {}) as RawObject;
    if (scale !== null && Object.hasOwn(scales, scale))
      tree = deepMerge(tree, scales[scale]) as RawObject;
  }
  return tree;
}

/** Loads, merges, overrides, expands and validates a spec. */
export function loadSpec<S extends Schema>(
  schema: S,
  nameOrPath: string,
  options: LoadOptions = {},
): LoadedSpec<S> {
  const dir = options.dir ?? 'experiments';
  const file = locate(nameOrPath, dir);
  const inFile = (e: unknown): Error =>
    e instanceof SpecError ? new Error(specInFile(file, e.message), { cause: e }) : (e as Error);
  const info = chainInfo(file, dir);
  const scale = options.scale ?? info.defaultScale;
  if (scale !== null && !info.scales.includes(scale)) {
    throw new Error(specInFile(file, specUnknownScale(scale, info.scales)));
  }
  let tree = loadTree(info.files, scale);
  // Problems of an override are the override's, not the file's.
  const setBy = new Map<string, string>();
  for (const text of options.sets ?? []) {
    try {
      const { path, value } = parseOverride(schema, text);
      tree = setPath(tree, path, value);
      setBy.set(path, text);
    } catch (e) {
      if (e instanceof SpecError) throw new Error(specInSet(text, e.message), { cause: e });
      throw e;
    }
  }
  const blame = (e: unknown): Error => {
    if (!(e instanceof SpecError)) return inFile(e);
    const text = [...setBy]
      .reverse()
      .find(([p]) => e.path === p || e.path.startsWith(`${p}.`) || e.path.startsWith(`${p}[`))?.[1];
    return text === undefined ? inFile(e) : new Error(specInSet(text, e.message), { cause: e });
  };
  try {
    const cells = expandGrid(tree).map((c) => ({
      assignments: c.assignments,
      spec: validate(schema, c.tree),
    }));
    return { file, scale, scales: info.scales, cells };
  } catch (e) {
    throw blame(e);
  }
}
