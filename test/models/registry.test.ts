import assert from 'node:assert/strict';
import { test } from 'node:test';
import { modelMessages } from '../../src/messages/index.ts';
import { getModel, modelNames } from '../../src/models/registry.ts';

test('registry: known names, and an unknown name lists them', () => {
  assert.deepEqual(modelNames(), ['ae', 'vae', 'prop', 'logmel-gmm', 'dcase-ae']);
  assert.equal(getModel('vae').name, 'vae');
  assert.throws(
    () => getModel('propp'),
    new RangeError(modelMessages.unknownModel('propp', modelNames())),
  );
  assert.throws(() => getModel('toString'), /unknown model "toString"/);
});
