/**
 * The licence: the project's is Apache-2.0 (LICENSE, package.json), every package installed for
 * users (not dev-only) is under a licence that allows redistribution beside Apache-2.0 code, and
 * NOTICE names every dataset `npasd download` can fetch, with its licence.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');

/** Permissive, or weak file-level copyleft used unmodified (MPL-2.0): fine beside Apache-2.0. */
const COMPATIBLE = new Set([
  'Apache-2.0',
  'MIT',
  'ISC',
  'BSD-2-Clause',
  'BSD-3-Clause',
  '0BSD',
  'Unlicense',
  'CC0-1.0',
  'MPL-2.0',
]);

/** true when an SPDX expression of AND/OR over simple ids is satisfiable with COMPATIBLE ids. */
function allowed(expression: string): boolean {
  const e = expression.trim().replace(/^\((.*)\)$/, '$1');
  if (/ OR /.test(e)) return e.split(/ OR /).some(allowed);
  if (/ AND /.test(e)) return e.split(/ AND /).every(allowed);
  return COMPATIBLE.has(e);
}

test('SPDX expressions: AND needs every part, OR one', () => {
  assert.equal(allowed('MIT'), true);
  assert.equal(allowed('(BSD-3-Clause AND Apache-2.0)'), true);
  assert.equal(allowed('GPL-3.0 AND MIT'), false);
  assert.equal(allowed('(GPL-3.0 OR MIT)'), true);
  assert.equal(allowed('GPL-3.0'), false);
  assert.equal(allowed('SEE LICENSE IN x'), false);
});

test('LICENSE is the Apache License 2.0 and package.json says so', () => {
  const licence = read('LICENSE');
  assert.match(licence, /Apache License\s+Version 2\.0, January 2004/);
  assert.match(licence, /END OF TERMS AND CONDITIONS/);
  assert.equal(JSON.parse(read('package.json')).license, 'Apache-2.0');
});

test('every package a user installs has a licence compatible with Apache-2.0', () => {
  const lock = JSON.parse(read('package-lock.json')) as {
    packages: Record<string, { dev?: boolean; license?: string }>;
  };
  const bad = Object.entries(lock.packages)
    .filter(([path, p]) => path !== '' && !p.dev)
    .filter(([, p]) => !p.license || !allowed(p.license))
    .map(([path, p]) => `${path}: ${p.license ?? 'no licence field'}`);
  assert.deepEqual(bad, []);
});

test('NOTICE names every downloadable dataset, its record and its licence', () => {
  const notice = read('NOTICE').replace(/\s+/g, ' ');
  const catalogue = JSON.parse(read('data-scripts/datasets.json')) as {
    datasets: Record<string, { title: string; licence: string; record: string }>;
  };
  const sets = Object.values(catalogue.datasets);
  assert.ok(sets.length >= 1);
  for (const d of sets) {
    const at = notice.indexOf(d.title);
    assert.ok(at >= 0, `NOTICE lacks ${d.title}`);
    const entry = notice.slice(at, at + 400);
    assert.ok(entry.includes(d.record), `NOTICE: ${d.title} without record ${d.record}`);
    assert.ok(entry.includes(d.licence), `NOTICE: ${d.title} without licence ${d.licence}`);
  }
});
