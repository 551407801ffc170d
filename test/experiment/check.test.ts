/**
 * The spec check refuses, before anything is written, what would fail (or hang) at run time:
 * every numeric field has a range, and values each in range but unworkable together are refused
 * by the cross-field checks, each message naming the field(s). The bad specs are --set overrides
 * of table1 at its smoke scale, so the corpus of cases is the list below.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadExperiment } from '../../src/experiment/load.ts';
import { experimentSchema } from '../../src/experiment/schema.ts';
import type { Schema } from '../../src/spec/schema.ts';

const specDir = fileURLToPath(new URL('../../experiments', import.meta.url));
const load = (...sets: string[]) =>
  loadExperiment({ spec: 'table1', scale: 'smoke', specDir, sets });

/** The error of loading table1 smoke with `sets`, which must name every one of `fields`. */
function refused(sets: string[], fields: string[], detail?: RegExp): void {
  let message = '';
  const started = Date.now();
  try {
    load(...sets);
  } catch (e) {
    message = (e as Error).message;
  }
  assert.ok(message, `${sets.join(' ')}: accepted`);
  for (const f of fields) assert.ok(message.includes(f), `${sets.join(' ')}: ${message}`);
  if (detail) assert.match(message, detail);
  // Refused by arithmetic, not by trying: nothing proportional to the bad value runs first.
  assert.ok(Date.now() - started < 5000, `${sets.join(' ')}: took ${Date.now() - started} ms`);
}

test('table1 smoke as it is passes the checks', () => {
  assert.equal(load().cells.length, 1);
});

test('out-of-range sizes are refused by the schema, naming the field', () => {
  refused(['data.otherSec=1e12'], ['data.otherSec'], /expected a number in \[0, /);
  refused(['data.normalTrainSec=1e9'], ['data.normalTrainSec']);
  refused(['data.sampleRate=1e12'], ['data.sampleRate']);
  refused(['train.hidden=[1000000]'], ['train.hidden[0]']);
  refused(['train.batchSize=1e8'], ['train.batchSize']);
  refused(['train.epochs=1e9'], ['train.epochs']);
  refused(['seed=1e300'], ['seed']);
  refused(['seeds=100000'], ['seeds']);
  refused(['frontend.nFft=1048576'], ['frontend.nFft']);
  refused(['frontend.hop=100000'], ['frontend.hop']);
  refused(['frontend.pb=100000'], ['frontend.pb']);
  refused(['train.components=100000'], ['train.components']);
  refused(['train.learningRate=1e30'], ['train.learningRate']);
  refused(['overrides.prop.learningRate=1e30'], ['overrides.prop.learningRate']);
  refused(['data.test.clipSec=1e-6'], ['data.test.clipSec']);
});

test('every number of the experiment schema has a min and a max; every list a max length', () => {
  const open: string[] = [];
  const walk = (node: Schema, path: string): void => {
    if (node.kind === 'object' || node.kind === 'partial') {
      for (const [k, f] of Object.entries(node.fields)) walk(f, path ? `${path}.${k}` : k);
    } else if (node.kind === 'number') {
      if (node.min === undefined || node.max === undefined) open.push(path);
    } else if (node.kind === 'array') {
      if (node.maxLength === undefined) open.push(path);
      walk(node.item, `${path}[]`);
    }
  };
  walk(experimentSchema, '');
  assert.deepEqual(open, []);
});

test('fMin above fMax, or fMax above half the sample rate, names the fields', () => {
  refused(['frontend.fMin=5000', 'frontend.fMax=4000'], ['frontend.fMin', 'frontend.fMax']);
  refused(['frontend.fMin=9000'], ['frontend.fMin', 'data.sampleRate']);
  refused(['frontend.fMax=9000'], ['frontend.fMax', 'data.sampleRate']);
});

test('a test clip too short for one context window names clipSec and the front end', () => {
  refused(['data.test.clipSec=0.01'], ['data.test.clipSec', 'frontend.pb']);
  refused(['frontend.nFft=32768'], ['data.test.clipSec', 'frontend.nFft']);
  refused(['frontend.hop=30000', 'frontend.nFft=32768'], ['frontend.hop']);
  refused(['frontend.pb=200'], ['frontend.pb', 'frontend.pf']);
});

test('a hop longer than the FFT (audio skipped) names frontend.hop and frontend.nFft', () => {
  refused(['frontend.hop=1024', 'frontend.nFft=512'], ['frontend.hop', 'frontend.nFft']);
});

test('more GMM components than training vectors names the components field', () => {
  // table1 smoke: 5 s of D give 1 + floor((80000 - 512) / 256) - 20 = 291 training vectors.
  const short = 'data.normalTrainSec=5';
  refused(
    [short, 'train.components=1000'],
    ['train.components', 'data.normalTrainSec'],
    /291 training vectors/,
  );
  refused([short, 'overrides.prop.components=1000'], ['overrides.prop.components']);
  // PROP refits on refitSubset vectors (table1 smoke: 500).
  refused(['prop.refitSubset=10', 'train.components=16'], ['prop.refitSubset']);
});

test('rho too small for a single training vector above phi_rho names prop.rho', () => {
  refused(['prop.rho=1e-9'], ['prop.rho', 'data.normalTrainSec']);
  refused(['overrides.vae.rho=1e-9'], ['overrides.vae.rho']);
});

test('a method or rule listed twice is refused, naming the list', () => {
  refused(['methods=["prop","prop"]'], ['methods'], /"prop" twice/);
  refused(['evaluation.rules=["oracle","oracle"]'], ['evaluation.rules'], /"oracle" twice/);
});

test('too many corpus files (fileSec small against the durations) names data.fileSec', () => {
  refused(['data.fileSec=1', 'data.otherSec=360000'], ['data.fileSec']);
});
