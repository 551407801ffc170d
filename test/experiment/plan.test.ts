/**
 * Unit keys and train.epochBasis: the default "natural" leaves every unit key as it was before
 * the setting existed (a resumed run reuses its finished units); "normal" is a different
 * computation and gets other keys. The paper scale of table1 reads "500 epochs" as one pass over
 * D for every method.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadExperiment } from '../../src/experiment/load.ts';
import { planRun } from '../../src/experiment/plan.ts';

const smoke = () => loadExperiment({ spec: 'table1', scale: 'smoke' }).cells;

test('epochBasis "natural" (the default) keeps the unit keys of settings without the field', () => {
  const cells = smoke();
  assert.equal(cells[0].spec.train.epochBasis, 'natural');
  // The same cells as a spec from before the setting: no epochBasis anywhere.
  const before = cells.map((c) => {
    const train: Record<string, unknown> = { ...c.spec.train };
    delete train.epochBasis;
    return { ...c, spec: { ...c.spec, train } as typeof c.spec };
  });
  const now = planRun(cells, 'wasm');
  const old = planRun(before, 'wasm');
  assert.equal(old.units[0].settings.epochBasis, undefined, 'the old settings lack the field');
  assert.deepEqual(
    now.units.map((u) => u.key),
    old.units.map((u) => u.key),
  );
  assert.equal(now.hash, old.hash, 'the same run directory');
});

test('epochBasis "normal" gives other unit keys (a different computation for AE and VAE)', () => {
  const natural = planRun(smoke(), 'wasm');
  const normal = planRun(
    loadExperiment({ spec: 'table1', scale: 'smoke', sets: ['train.epochBasis=normal'] }).cells,
    'wasm',
  );
  for (const [i, u] of normal.units.entries()) {
    assert.equal(u.settings.epochBasis, 'normal');
    assert.notEqual(u.key, natural.units[i].key, u.id);
  }
});

test('the paper scales of table1 and the specs that extend it read an epoch as one pass over D', () => {
  for (const spec of ['table1', 'fig4', 'snr-sweep', 'grid-example']) {
    const { cells } = loadExperiment({ spec, scale: 'paper' });
    for (const c of cells) {
      assert.equal(c.spec.train.epochs, 500, spec);
      assert.equal(c.spec.train.stepsPerEpoch, 0, spec);
      assert.equal(c.spec.train.epochBasis, 'normal', spec);
    }
  }
  // The other scales keep the natural reading (their step budgets are set by stepsPerEpoch).
  assert.equal(
    loadExperiment({ spec: 'table1', scale: 'quick' }).cells[0].spec.train.epochBasis,
    'natural',
  );
});
