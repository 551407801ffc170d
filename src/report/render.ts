/**
 * Rendering (edge step): a Vega-Lite spec is compiled with vega-lite, run headless with vega
 * (no canvas: text widths are vega's estimates) to SVG, and the SVG rasterised to PNG with resvg.
 * Warnings of both compilers are collected, not printed, so callers decide (tests fail on any).
 * The same spec gives the same .vl.json bytes and, with the same library versions, the same SVG.
 */
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { figureMessages } from '../messages/index.ts';
import { writeFileAtomic } from '../util/atomicWrite.ts';

/** PNG pixels per SVG pixel. */
const PNG_SCALE = 2;

/** The file kinds written per chart, by suffix. */
const CHART_SUFFIXES = ['.vl.json', '.svg', '.png'] as const;

export interface Rendered {
  /** The compiled Vega spec. */
  vega: vega.Spec;
  svg: string;
  /** Warnings and errors of vega-lite and vega, prefixed with the chart name. */
  warnings: string[];
}

/** A vega-util logger that keeps warnings and errors in `into` (prefixed with `name`). */
function collector(name: string, into: string[]): vega.LoggerInterface {
  const text = (args: unknown[]): string =>
    args.map((a) => (a instanceof Error ? a.message : String(a))).join(' ');
  return vega.logger(vega.Warn, undefined, (_method, _level, args) => {
    into.push(figureMessages.chartWarning(name, text(args)));
  });
}

const isFlat = (v: unknown): boolean =>
  v === null ||
  typeof v !== 'object' ||
  (Array.isArray(v) ? v : Object.values(v)).every((x) => x === null || typeof x !== 'object');

/**
 * JSON indented by two spaces, except that arrays and objects holding no arrays or objects
 * (a data row, a domain, a dash pattern) stay on one line: a data row per line keeps .vl.json
 * files readable and about a third of the size. Deterministic (key order as built).
 */
export function compactJson(value: unknown, indent = ''): string {
  if (isFlat(value)) return JSON.stringify(value) ?? 'null';
  const inner = `${indent}  `;
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + compactJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value as object).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  const body = entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, inner)}`);
  return `{\n${body.join(',\n')}\n${indent}}`;
}

/** The .vl.json text of a spec: compactJson and a final newline (deterministic). */
export const specText = (spec: TopLevelSpec): string => `${compactJson(spec)}\n`;

/**
 * Gradient ids renumbered from 0 in order of first appearance: vega numbers gradients (colour
 * legends of heatmaps) with a counter global to the process, so a second render of the same
 * spec would otherwise give other ids and other bytes.
 */
function stableGradientIds(svg: string): string {
  const ids = new Map<string, number>();
  return svg.replace(/\bgradient_\d+\b/g, (id) => {
    if (!ids.has(id)) ids.set(id, ids.size);
    return `gradient_${ids.get(id)}`;
  });
}

/** Compiles `spec` and renders it to SVG headless. `name` prefixes the warnings. */
export async function renderSvg(spec: TopLevelSpec, name = 'chart'): Promise<Rendered> {
  const warnings: string[] = [];
  // A copy: vega tags the inline data rows it ingests (a symbol key per row), the spec stays as built.
  const compiled = compile(structuredClone(spec), { logger: collector(name, warnings) }).spec;
  const view = new vega.View(vega.parse(compiled), {
    renderer: 'none',
    logger: collector(name, warnings),
  });
  try {
    const svg = stableGradientIds(await view.toSVG());
    return { vega: compiled, svg, warnings };
  } finally {
    view.finalize();
  }
}

/**
 * An SVG rasterised to PNG at `scale` PNG pixels per SVG pixel. Text is drawn with the system's
 * fonts (the chart's font list, style.ts FONT); a machine without any fonts gets no text in
 * the PNG (the SVG keeps it).
 */
export function svgToPng(svg: string, scale = PNG_SCALE): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true },
    background: 'white',
  });
  return resvg.render().asPng();
}

/** Width and height in pixels of a PNG (from its IHDR chunk); throws when it is not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const ihdr = String.fromCharCode(...png.subarray(12, 16));
  if (png.length < 24 || signature.some((b, i) => png[i] !== b) || ihdr !== 'IHDR') {
    throw new Error(figureMessages.notPng());
  }
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * Writes charts/<name>.vl.json, .svg and .png under `dir` (created when missing), each
 * atomically. Returns the paths written and the warnings.
 */
export async function writeChart(
  dir: string,
  name: string,
  spec: TopLevelSpec,
): Promise<{ files: string[]; warnings: string[]; svg: string }> {
  mkdirSync(dir, { recursive: true });
  const { svg, warnings } = await renderSvg(spec, name);
  const files = CHART_SUFFIXES.map((s) => join(dir, `${name}${s}`));
  writeFileAtomic(files[0], specText(spec));
  writeFileAtomic(files[1], svg);
  writeFileAtomic(files[2], svgToPng(svg));
  return { files, warnings, svg };
}

/** Removes chart files in `dir` of charts not in `keep` (names): a re-run leaves no stale ones. */
export function removeStaleCharts(dir: string, keep: readonly string[]): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const f of names) {
    const suffix = CHART_SUFFIXES.find((s) => f.endsWith(s));
    if (suffix && !keep.includes(f.slice(0, -suffix.length))) rmSync(join(dir, f), { force: true });
  }
}
