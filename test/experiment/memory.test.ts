/**
 * The memory estimate and the machine limits: a spec that would not fit the memory available is
 * refused by the check (before the corpus is planned) unless allowLarge; the estimate grows with
 * what allocates (network, batch, data, parallel workers) and not with what does not (epochs).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadExperiment } from '../../src/experiment/load.ts';
import {
  estimateMemory,
  formatBytes,
  melBytes,
  PROCESS_BASE_BYTES,
} from '../../src/experiment/memory.ts';
import type { ExperimentSpec } from '../../src/experiment/schema.ts';

const specDir = fileURLToPath(new URL('../../experiments', import.meta.url));
const GB = 1e9;
const load = (sets: string[], availableBytes = 16 * GB, allowLarge = false) =>
  loadExperiment({
    spec: 'table1',
    scale: 'smoke',
    specDir,
    sets,
    limits: { parallel: 2, availableBytes, allowLarge },
  });
const specOf = (sets: string[]): ExperimentSpec =>
  loadExperiment({ spec: 'table1', scale: 'smoke', specDir, sets }).cells[0].spec;

test('log-mel bytes: frames of D and O x nMels x 4 bytes', () => {
  const spec = specOf([]);
  // table1 smoke: 40 s of D and 40 s of O at 16 kHz, hop 256, 64 mels.
  assert.equal(melBytes(spec), ((80 * 16000) / 256) * 64 * 4);
});

test('the estimate grows with the network, the batch and the workers, not with epochs', () => {
  const base = estimateMemory(specOf([]), 1).bytes;
  assert.ok(base > PROCESS_BASE_BYTES && base < 1 * GB, formatBytes(base));
  assert.ok(estimateMemory(specOf(['train.hidden=[4096,4096]']), 1).bytes > base + 0.5 * GB);
  assert.ok(estimateMemory(specOf(['train.batchSize=65536']), 1).bytes > base);
  assert.equal(estimateMemory(specOf(['train.epochs=100000']), 1).bytes, base);
  const one = estimateMemory(specOf(['train.hidden=[4096,4096]']), 1);
  const two = estimateMemory(specOf(['train.hidden=[4096,4096]']), 2);
  assert.equal(two.parallel, 2);
  assert.equal(two.bytes - PROCESS_BASE_BYTES, 2 * (one.bytes - PROCESS_BASE_BYTES));
});

test('a spec beyond the available memory is refused, naming the fields to change', () => {
  const big = ['train.hidden=[16384,16384,16384,16384]'];
  assert.throws(
    () => load(big),
    (e: Error) => {
      assert.match(e.message, /table1\.json: needs about \d+ GB of memory/);
      assert.match(e.message, /more than the 16 GB available/);
      assert.match(e.message, /train\.hidden/);
      assert.match(e.message, /--allow-large/);
      return true;
    },
  );
  // The same spec with the override, or on a machine with the memory, passes.
  assert.equal(load(big, 16 * GB, true).cells.length, 1);
  assert.equal(load(big, 1e15).cells.length, 1);
  // table1 smoke itself fits a small machine.
  assert.equal(load([], 2 * GB).cells.length, 1);
});

test('formatBytes: MB below a gigabyte, one decimal below ten, whole above', () => {
  assert.equal(formatBytes(850e6), '850 MB');
  assert.equal(formatBytes(3.24e9), '3.2 GB');
  assert.equal(formatBytes(123.4e9), '123 GB');
});
