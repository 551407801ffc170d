#!/usr/bin/env node
// The `npasd` command (package.json "bin"). An installed package runs the built JavaScript
// (dist/, made by `npm run build`, which `npm ci` runs through "prepare"); a git checkout, where
// src/ is the truth, runs the TypeScript sources through tsx so that edits apply at once.
import { existsSync } from 'node:fs';
import { URL } from 'node:url';

const sources = new URL('../src/cli/main.ts', import.meta.url);
if (existsSync(sources)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(sources.href);
} else {
  await import(new URL('../dist/cli/main.js', import.meta.url).href);
}
