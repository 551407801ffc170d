/**
 * The package as a user installs it: `npm pack` (which builds dist/), the tarball installed in
 * a fresh consumer project (no tsx there: the installed command and library run the built
 * JavaScript), the example of consumer/example.ts type-checked by tsc (its misuses must be type
 * errors, so the types are real) and run (a smoke run with two worker processes, its report,
 * detect), and the installed `npasd --version`.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};

test(
  'the packed package installs in a consumer project, type-checks and runs',
  { timeout: 600_000 },
  () => {
    const dir = mkdtempSync(join(tmpdir(), 'npasd-consumer-'));
    const run = (cmd: string, args: string[], cwd = dir) =>
      execFileSync(cmd, args, {
        cwd,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, CI: 'true' },
      });
    try {
      run('npm', ['pack', '--pack-destination', dir], root);
      const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
      assert.ok(tarball, 'npm pack wrote a tarball');
      writeFileSync(
        join(dir, 'package.json'),
        JSON.stringify({ name: 'consumer', private: true, type: 'module' }),
      );
      run('npm', [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        join(dir, tarball),
        `typescript@${pkg.devDependencies.typescript}`,
        `@types/node@${pkg.devDependencies['@types/node']}`,
      ]);
      assert.ok(!existsSync(join(dir, 'node_modules', 'tsx')), 'tsx is for development only');
      assert.equal(
        run(join(dir, 'node_modules', '.bin', 'npasd'), ['--version']).trim(),
        pkg.version,
      );

      copyFileSync(join(root, 'test', 'e2e', 'consumer', 'example.ts'), join(dir, 'example.ts'));
      writeFileSync(
        join(dir, 'tsconfig.json'),
        JSON.stringify({
          compilerOptions: {
            target: 'ES2022',
            module: 'NodeNext',
            moduleResolution: 'NodeNext',
            strict: true,
            types: ['node'],
            outDir: 'out',
            // TensorFlow.js's own declarations do not pass a strict check of library files.
            skipLibCheck: true,
          },
          files: ['example.ts'],
        }),
      );
      run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', '.']);
      const out = run('node', [join(dir, 'out', 'example.js')]);
      assert.match(out, /spec table1: 1 cell\(s\)/);
      assert.match(out, /run run: [1-9]\d* unit\(s\) run/);
      assert.match(out, /report run\/report\.html: [1-9]\d* chart file\(s\)/);
      assert.ok(existsSync(join(dir, 'run', 'table1.csv')));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
