/**
 * The report only reads results: nothing under src/report/ imports TensorFlow.js, src/models or
 * src/engine at run time, directly or through any module it imports (static, re-exported and
 * dynamic imports, followed by regex over the source files; type-only imports name the models'
 * types and load nothing), and loading the report stage in a fresh process loads no
 * TensorFlow.js.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';

const SRC = resolve('src');
// Static imports and re-exports (not `import type` / `export type`: erased, they load nothing),
// side-effect imports and dynamic imports.
const IMPORT =
  /(?:^(?:import|export)\s+(?!type\s)[^'"]*?\sfrom\s+|^import\s+|\bimport\s*\(\s*)['"]([^'"]+)['"]/gms;

/** Every module reachable from `roots`: the project files and the packages, each with a path of importers. */
function importGraph(roots: string[]): Map<string, string[]> {
  const seen = new Map<string, string[]>(roots.map((r) => [r, [r]]));
  const todo = [...roots];
  while (todo.length > 0) {
    const file = todo.pop() as string;
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1];
      const target = spec.startsWith('.') ? resolve(dirname(file), spec) : spec;
      if (seen.has(target)) continue;
      seen.set(target, [...(seen.get(file) as string[]), target]);
      if (spec.startsWith('.')) todo.push(target);
    }
  }
  return seen;
}

test('src/report/** reaches no TensorFlow.js, src/models or src/engine', () => {
  const roots = readdirSync(join(SRC, 'report'))
    .filter((f) => f.endsWith('.ts'))
    .map((f) => join(SRC, 'report', f));
  assert.ok(roots.length > 5);
  const graph = importGraph(roots);
  const bad = [...graph.entries()].filter(
    ([m]) =>
      m.startsWith('@tensorflow') ||
      m.startsWith(join(SRC, 'models')) ||
      m.startsWith(join(SRC, 'engine')),
  );
  assert.deepEqual(
    bad.map(([, path]) => path.map((p) => (p.startsWith(SRC) ? relative(SRC, p) : p)).join(' -> ')),
    [],
  );
});

/** Whether importing `module` in a fresh process sets up TensorFlow.js (its global engine). */
function loadsTf(module: string): boolean {
  const code = `await import('./${module}'); console.log('_tfengine' in globalThis);`;
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  return r.stdout.trim() === 'true';
}

test('loading the report stage in a fresh process loads no TensorFlow.js', () => {
  // The probe itself: the engine module does set TensorFlow.js up.
  assert.equal(loadsTf('src/engine/backend.ts'), true);
  assert.equal(loadsTf('src/report/stage.ts'), false);
});
