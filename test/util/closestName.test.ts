import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closestName, editDistance } from '../../src/util/closestName.ts';

test('editDistance by hand', () => {
  assert.equal(editDistance('', ''), 0);
  assert.equal(editDistance('abc', ''), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('tabel1', 'table1'), 2);
  assert.equal(editDistance('epoch', 'epochs'), 1);
});

test('closestName: a typo finds its name, another word finds none', () => {
  const specs = ['dcase2020', 'fig4', 'grid-example', 'snr-sweep', 'table1'];
  assert.equal(closestName('tabel1', specs), 'table1');
  assert.equal(closestName('Table1', specs), 'table1');
  assert.equal(closestName('snr_sweep', specs), 'snr-sweep');
  assert.equal(closestName('figure', specs), null);
  assert.equal(closestName('x', []), null);
});
