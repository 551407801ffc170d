import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultTime, slurmDuration, slurmOptions } from '../../../src/experiment/slurm/options.ts';
import { slurmMessages } from '../../../src/messages/index.ts';

test('defaults: 1 CPU, 2G, no partition or limit, time 3x the longest unit (at least 1 h)', () => {
  assert.deepEqual(slurmOptions({}, 600), {
    partition: null,
    time: '01:00:00',
    cpusPerTask: 1,
    mem: '2G',
    maxParallel: null,
    finishTime: '01:00:00',
  });
  assert.equal(slurmOptions({}, 4000).time, '03:20:00');
  assert.equal(defaultTime(null), '1-00:00:00', 'recorded data: no estimate, a day');
  assert.equal(slurmDuration(26 * 3600 + 61), '1-02:02:00');
});

test('given values are kept; bad ones name the option, the value and what is allowed', () => {
  const o = slurmOptions(
    { partition: 'long', time: '2-00:00:00', cpusPerTask: 4, mem: '8000M', maxParallel: 10 },
    null,
  );
  assert.deepEqual(
    [o.partition, o.time, o.cpusPerTask, o.mem, o.maxParallel],
    ['long', '2-00:00:00', 4, '8000M', 10],
  );
  assert.equal(slurmOptions({ time: 90 }, null).time, '90', 'minutes, as sbatch reads them');
  const bad: [Record<string, unknown>, string, string][] = [
    [{ time: '2h' }, 'time', 'a Slurm time such as 02:00:00 or 1-12:00:00'],
    [{ mem: '2 GB' }, 'mem', 'a Slurm size such as 2G or 4000M'],
    [{ cpusPerTask: 0 }, 'cpus-per-task', 'an integer >= 1'],
    [{ maxParallel: 'x' }, 'max-parallel', 'an integer >= 1'],
    [{ partition: 'a;b' }, 'partition', 'a partition name'],
  ];
  for (const [args, name, allowed] of bad) {
    const value = Object.values(args)[0];
    assert.throws(() => slurmOptions(args, null), {
      message: slurmMessages.badOption(name, value, allowed),
    });
  }
});
