#!/usr/bin/env node
// The `npasd` command (package.json "bin"): registers tsx so Node runs the TypeScript sources
// directly (no build step), then starts the command line in src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/main.ts');
