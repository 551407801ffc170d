import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  arrayRanges,
  arrayScript,
  finishScript,
  shellQuote,
  unitLog,
} from '../../../src/experiment/slurm/script.ts';
import { slurmOptions } from '../../../src/experiment/slurm/options.ts';

test('arrayRanges: sorted, distinct, runs of consecutive indices as ranges', () => {
  assert.equal(arrayRanges([0, 1, 2]), '0-2');
  assert.equal(arrayRanges([7, 0, 1, 3, 5, 6, 3]), '0-1,3,5-7');
  assert.equal(arrayRanges([4]), '4');
});

test('shellQuote survives spaces and single quotes', () => {
  assert.equal(shellQuote("/a b/it's"), `'/a b/it'\\''s'`);
});

const ctx = (o = {}) => ({
  runDir: '/shared/run dir',
  node: '/opt/node/bin/node',
  bin: '/shared/npasd/bin/npasd.mjs',
  planHash: 'abc1234567',
  options: slurmOptions(o, 600),
});

test('the array script: one task per unit index, the limit, the options, the unit command', () => {
  const s = arrayScript(ctx({ maxParallel: 4, partition: 'gpu', time: '2:00:00' }), [0, 1, 2, 5]);
  const lines = s.split('\n');
  assert.equal(lines[0], '#!/bin/bash');
  for (const l of [
    '#SBATCH --job-name=npasd-abc1234567',
    '#SBATCH --array=0-2,5%4',
    '#SBATCH --time=2:00:00',
    '#SBATCH --cpus-per-task=1',
    '#SBATCH --mem=2G',
    '#SBATCH --partition=gpu',
    '#SBATCH --output=/shared/run dir/slurm/logs/unit-%a.%A.log',
    `exec '/opt/node/bin/node' '/shared/npasd/bin/npasd.mjs' 'unit' '/shared/run dir' "$SLURM_ARRAY_TASK_ID"`,
  ]) {
    assert.ok(lines.includes(l), `missing: ${l}\n${s}`);
  }
  assert.ok(!s.includes('--partition') || s.includes('gpu'));
  assert.ok(!arrayScript(ctx(), [0]).includes('--partition'), 'no partition: the default one');
  assert.ok(arrayScript(ctx(), [0]).includes('#SBATCH --array=0\n'), 'no limit without K');
  // Slurm's %a.%A as the status names it.
  assert.equal(unitLog('/shared/run dir', 5, '77'), '/shared/run dir/slurm/logs/unit-5.77.log');
});

test('the final job runs after every given array, whatever their end (afterany)', () => {
  const s = finishScript(ctx(), ['12', '9']);
  assert.ok(s.includes('#SBATCH --dependency=afterany:12:9\n'), s);
  assert.ok(s.includes('#SBATCH --time=01:00:00\n'));
  assert.ok(
    s.includes(
      `exec '/opt/node/bin/node' '/shared/npasd/bin/npasd.mjs' 'finish' '/shared/run dir'\n`,
    ),
  );
});
