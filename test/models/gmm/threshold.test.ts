import { test } from 'node:test';
import assert from 'node:assert/strict';
import { thresholdAtRho } from '../../../src/models/gmm/threshold.ts';
import { gmmMessages } from '../../../src/messages/index.ts';

test('phi_rho is the floor(rho Kd)-th largest normal score (1-based)', () => {
  const scores = Array.from({ length: 100 }, (_, i) => i + 1); // 1 .. 100
  assert.equal(thresholdAtRho(scores, 0.05), 96); // 5th largest
  assert.equal(
    thresholdAtRho(scores.slice().reverse(), 0.05),
    96,
    'order of the input does not matter',
  );
  assert.equal(thresholdAtRho(scores.slice(0, 39), 0.05), 39, 'floor(1.95) = 1: the maximum');
  // With L > phi, floor(rho Kd) - 1 = 4 of 100 distinct normal scores are flagged.
  assert.equal(scores.filter((s) => s > thresholdAtRho(scores)).length, 4);
});

test('phi_rho with ties and degenerate input', () => {
  assert.equal(thresholdAtRho([3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3, 3]), 3);
  assert.throws(
    () => thresholdAtRho([1, 2, 3], 0.05),
    new RangeError(gmmMessages.rhoTooFewScores(0.05, 3)),
  );
  assert.equal(
    gmmMessages.rhoTooFewScores(0.05, 3).endsWith('need at least 20 normal scores'),
    true,
  );
  assert.throws(
    () => thresholdAtRho([], 0.05),
    new RangeError(gmmMessages.rhoTooFewScores(0.05, 0)),
  );
  const withNaN = Array.from({ length: 40 }, (_, i) => i);
  withNaN[17] = NaN;
  assert.throws(() => thresholdAtRho(withNaN), new RangeError(gmmMessages.rhoNaN(17)));
  assert.throws(() => thresholdAtRho([1, 2], 1.5), new RangeError(gmmMessages.rho(1.5)));
  assert.throws(() => thresholdAtRho([1, 2], NaN), new RangeError(gmmMessages.rho(NaN)));
});
