import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  defaults,
  describeNumber,
  s,
  SpecError,
  validate,
  type Infer,
} from '../../src/spec/schema.ts';
import { specField, specNotFinite } from '../../src/messages/index.ts';

const schema = s.object('an example', {
  seed: s.number({ doc: 'seed', default: 1, integer: true, min: 0 }),
  rho: s.number({ doc: 'FPR', default: 0.05, min: 0, max: 1, exclusive: true }),
  name: s.string({ doc: 'name', default: 'x' }),
  fast: s.boolean({ doc: 'fast', default: false }),
  snrs: s.array({
    doc: 'SNRs',
    default: [-10, 0],
    item: s.number({ doc: 'dB', default: 0 }),
    minLength: 1,
  }),
  models: s.array({
    doc: 'models',
    default: [{ kind: 'ae' as const }],
    item: s.object('a model', {
      kind: s.enum({ doc: 'kind', default: 'ae', values: ['ae', 'vae', 'prop'] as const }),
    }),
  }),
  train: s.object('training', {
    epochs: s.number({ doc: 'epochs', default: 500, integer: true, min: 1 }),
  }),
});
type Spec = Infer<typeof schema>;

test('defaults fill every field; the inferred type matches', () => {
  const d: Spec = defaults(schema);
  assert.deepEqual(d, {
    seed: 1,
    rho: 0.05,
    name: 'x',
    fast: false,
    snrs: [-10, 0],
    models: [{ kind: 'ae' }],
    train: { epochs: 500 },
  });
  const v = validate(schema, { train: {} });
  assert.deepEqual(v, d);
  assert.notEqual(v.snrs, schema.fields.snrs.default, 'defaults are copies');
});

test('errors name the field path, the value and what is allowed', () => {
  const err = (value: unknown) => {
    try {
      validate(schema, value);
    } catch (e) {
      assert.ok(e instanceof SpecError);
      return e.message;
    }
    assert.fail('no error');
  };
  assert.equal(
    err({ models: [{ kind: 'ae' }, { kind: 'vae' }, { kind: 'propp' }] }),
    specField('models[2].kind', 'unknown "propp" (known: ae, vae, prop)'),
  );
  assert.equal(err({ rho: 1 }), specField('rho', 'got 1, expected a number in (0, 1)'));
  assert.equal(err({ seed: 1.5 }), specField('seed', 'got 1.5, expected an integer >= 0'));
  assert.equal(err({ snrs: [] }), specField('snrs', 'got 0 items, expected at least 1'));
  assert.equal(err({ snrs: [0, '5'] }), specField('snrs[1]', 'got "5", expected a number'));
  assert.equal(
    err({ train: { epoch: 3 } }),
    specField('train.epoch', 'unknown field (did you mean "epochs"?) (known: epochs)'),
  );
  assert.equal(err({ fast: 'yes' }), specField('fast', 'got "yes", expected true or false'));
  assert.equal(err({ train: 5 }), specField('train', 'got 5, expected an object'));
  assert.equal(err({ rho: NaN }), specField('rho', specNotFinite('NaN', 'a number in (0, 1)')));
  assert.equal(err([]), specField('(root)', 'got [], expected an object'));
});

test('describeNumber words every kind of range', () => {
  assert.equal(describeNumber(s.number({ doc: '', default: 0 })), 'a number');
  assert.equal(describeNumber(s.number({ doc: '', default: 0, max: 3 })), 'a number <= 3');
  assert.equal(
    describeNumber(s.number({ doc: '', default: 1, min: 0, exclusive: true })),
    'a number > 0',
  );
  assert.equal(
    describeNumber(s.number({ doc: '', default: 1, min: 1, max: 4, integer: true })),
    'an integer in [1, 4]',
  );
});
