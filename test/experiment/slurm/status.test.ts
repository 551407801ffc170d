import assert from 'node:assert/strict';
import { test } from 'node:test';
import { classify } from '../../../src/experiment/slurm/status.ts';
import type { SlurmPlan, Submission } from '../../../src/experiment/slurm/record.ts';
import { slurmOptions } from '../../../src/experiment/slurm/options.ts';
import { slurmMessages } from '../../../src/messages/index.ts';

const plan = {
  runDir: '/r',
  units: ['a', 'b', 'c', 'd', 'e'].map((id) => ({ id })),
} as unknown as SlurmPlan;
const sub = (arrayJob: string, indices: number[]): Submission => ({
  submitted: '',
  arrayJob,
  finishJob: null,
  indices,
  options: slurmOptions({}, null),
});

test('finished from the files, running from squeue, failed when submitted and gone, else missing', () => {
  const s = classify(
    plan,
    (i) => i === 0,
    [sub('10', [0, 1, 2, 3]), sub('11', [2])],
    [
      { job: '11', task: 2, state: 'RUNNING' },
      { job: '99', task: 3, state: 'RUNNING' }, // another run's array: not ours
      { job: '10', task: null, state: 'PENDING' },
    ],
    [{ job: '10', task: 3, state: 'TIMEOUT', exitCode: '0:0' }],
    (i) => (i === 1 ? 'out of memory' : null),
  );
  assert.deepEqual(
    s.finished.map((u) => u.unit),
    ['a'],
  );
  assert.deepEqual(
    s.running.map((u) => [u.unit, u.state, u.log]),
    [['c', 'RUNNING', '/r/slurm/logs/unit-2.11.log']],
    'the later submission of a unit wins',
  );
  assert.deepEqual(
    s.failed.map((u) => [u.unit, u.state, u.message, u.log]),
    [
      ['b', null, 'out of memory', '/r/slurm/logs/unit-1.10.log'],
      ['d', 'TIMEOUT', null, '/r/slurm/logs/unit-3.10.log'],
    ],
  );
  assert.deepEqual(
    s.missing.map((u) => [u.unit, u.log]),
    [['e', null]],
  );
  assert.equal(s.accounting, true);
  assert.equal(slurmMessages.statusCounts(s), 'finished 1, running 1, failed 2, missing 1');
  assert.equal(
    slurmMessages.statusFailed(s.failed[1]),
    '  d (task 10_3, TIMEOUT 0:0); log: /r/slurm/logs/unit-3.10.log',
  );
  assert.equal(
    slurmMessages.statusFailed(s.failed[0]),
    '  b (task 10_1): out of memory; log: /r/slurm/logs/unit-1.10.log',
  );
});

test('without accounting a killed task is "ended without finishing", with its log', () => {
  const s = classify(
    plan,
    () => false,
    [sub('10', [0])],
    [],
    null,
    () => null,
  );
  assert.equal(s.accounting, false);
  assert.equal(
    slurmMessages.statusFailed(s.failed[0]),
    '  a (task 10_0): ended without finishing (killed, timed out or failed); log: /r/slurm/logs/unit-0.10.log',
  );
});
