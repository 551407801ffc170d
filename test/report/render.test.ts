/**
 * Rendering: PNGs are valid PNG files of the expected size, chart files are written atomically
 * and identically on every run, .vl.json text is JSON that reads back to the spec.
 */
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  compactJson,
  pngSize,
  removeStaleCharts,
  renderSvg,
  specText,
  svgToPng,
  writeChart,
} from '../../src/report/render.ts';
import { rocChart } from '../../src/report/charts.ts';
import { metricFixture, rocFixture } from './helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-render-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

test('svgToPng: a PNG (signature, IHDR) of the SVG size times the scale', () => {
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80">' +
    '<rect width="120" height="80" fill="#d62728"/></svg>';
  const png = svgToPng(svg);
  assert.deepEqual([...png.subarray(0, 8)], PNG_SIGNATURE);
  assert.equal(Buffer.from(png.subarray(12, 16)).toString('latin1'), 'IHDR');
  assert.deepEqual(pngSize(png), { width: 240, height: 160 }, 'default scale 2');
  assert.deepEqual(pngSize(svgToPng(svg, 1)), { width: 120, height: 80 });
  assert.throws(() => pngSize(new TextEncoder().encode('not a png at all, no')), /not a PNG/);
});

test('a rendered chart rasterises to twice its SVG size', async () => {
  const { svg, warnings } = await renderSvg(rocChart(rocFixture(), metricFixture()), 'roc');
  assert.deepEqual(warnings, []);
  const m = /^<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg);
  assert.ok(m, 'the SVG has a width and height');
  assert.deepEqual(pngSize(svgToPng(svg)), { width: 2 * Number(m[1]), height: 2 * Number(m[2]) });
});

test('writeChart: .vl.json, .svg and .png, byte-identical when written again', async () => {
  const spec = rocChart(rocFixture(), metricFixture());
  const dir = join(root, 'charts');
  const a = await writeChart(dir, 'fig3-roc', spec);
  assert.deepEqual(
    a.files.map((f) => f.slice(dir.length + 1)),
    ['fig3-roc.vl.json', 'fig3-roc.svg', 'fig3-roc.png'],
  );
  const first = a.files.map((f) => readFileSync(f));
  await writeChart(dir, 'fig3-roc', rocChart(rocFixture(), metricFixture()));
  a.files.forEach((f, i) => assert.ok(readFileSync(f).equals(first[i]), `${f} changed`));
  assert.deepEqual(JSON.parse(readFileSync(a.files[0], 'utf8')), spec);
  assert.deepEqual(readdirSync(dir).sort(), ['fig3-roc.png', 'fig3-roc.svg', 'fig3-roc.vl.json']);
});

test('compactJson: reads back to the value; flat objects and arrays on one line', () => {
  const value = {
    a: [
      { x: 1, y: 'two' },
      { x: 3, y: null },
    ],
    b: { c: [1, 2], d: { e: true } },
    f: [],
    g: {},
    h: 'text',
  };
  const text = compactJson(value);
  assert.deepEqual(JSON.parse(text), value);
  assert.match(text, /\n {4}\{"x":1,"y":"two"\},\n/);
  assert.match(text, /"c": \[1,2\]/);
  assert.ok(specText(rocChart(rocFixture(), metricFixture())).endsWith('}\n'));
});

test('removeStaleCharts removes chart files of other charts only', () => {
  const dir = join(root, 'stale');
  writeChartFiles(dir, ['keep', 'old']);
  writeFileSync(join(dir, 'notes.txt'), 'x');
  removeStaleCharts(dir, ['keep']);
  assert.deepEqual(readdirSync(dir).sort(), ['keep.png', 'keep.svg', 'keep.vl.json', 'notes.txt']);
  removeStaleCharts(join(root, 'missing'), []);
  assert.equal(existsSync(join(root, 'missing')), false);
});

function writeChartFiles(dir: string, names: string[]): void {
  mkdirSync(dir, { recursive: true });
  for (const n of names) {
    for (const s of ['.vl.json', '.svg', '.png']) {
      writeFileSync(join(dir, `${n}${s}`), '');
    }
  }
}
