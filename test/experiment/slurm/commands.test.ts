import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseSacct, parseSbatch, parseSqueue } from '../../../src/experiment/slurm/commands.ts';

test('sbatch --parsable: the job id, with or without a cluster name', () => {
  assert.equal(parseSbatch('1234\n'), '1234');
  assert.equal(parseSbatch('1234;cluster\n'), '1234');
  assert.throws(() => parseSbatch('sbatch: error: Batch job submission failed'), /sbatch failed/);
});

test('squeue -r lines: array tasks by index, plain jobs with task null', () => {
  assert.deepEqual(parseSqueue('12|0|RUNNING\n12|3|PENDING\n13|N/A|PENDING\n\n'), [
    { job: '12', task: 0, state: 'RUNNING' },
    { job: '12', task: 3, state: 'PENDING' },
    { job: '13', task: null, state: 'PENDING' },
  ]);
});

test('sacct -P lines: single array tasks only, the state without who cancelled', () => {
  const out = [
    '12_0|COMPLETED|0:0',
    '12_1|CANCELLED by 0|0:15',
    '12_2|TIMEOUT|0:0',
    '12_[3-5%2]|PENDING|0:0',
    '13|FAILED|2:0',
  ].join('\n');
  assert.deepEqual(parseSacct(out), [
    { job: '12', task: 0, state: 'COMPLETED', exitCode: '0:0' },
    { job: '12', task: 1, state: 'CANCELLED', exitCode: '0:15' },
    { job: '12', task: 2, state: 'TIMEOUT', exitCode: '0:0' },
  ]);
});
