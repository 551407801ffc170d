/**
 * The real-sound benchmark builder on tiny locally built .debs (fixture.ts; no network):
 * the folders layout, 16 kHz mono audio, provenance (package versions, .deb sha256, source
 * paths, licences, credits), rerun and refusal behaviour, and that a recording without a
 * usable licence stops the build before any output exists.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeWav } from '../../../src/audio/wav.ts';
import { buildRealBench } from '../../../src/data/realBench/build.ts';
import { realBenchMessages } from '../../../src/messages/index.ts';
import { defaultSfxNames, fixtureCatalog, fixtureDebs, fixturePackages } from './fixture.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-realbench-'));
test.after(() => rmSync(root, { recursive: true, force: true }));

const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');
const common = {
  seed: 5,
  fileSec: 2,
  normalFiles: 3,
  normalTestFiles: 2,
  catalog: fixtureCatalog,
  packages: fixturePackages,
};

// One pair of default .debs shared by the tests that do not vary the packages.
const base = fixtureDebs(join(root, 'base'));

test('builds the folders layout with provenance and licences', async () => {
  const { fetch, debs } = base;
  const out = join(root, 'a', 'bench');
  const m = await buildRealBench({ out, fetch, ...common });
  assert.deepEqual(readdirSync(out).sort(), [
    'anomalies',
    'debs',
    'licences',
    'manifest.json',
    'normal',
    'normalTest',
    'other',
  ]);
  assert.deepEqual(readdirSync(join(out, 'normal')), [
    'typing-00.wav',
    'typing-01.wav',
    'typing-02.wav',
  ]);
  assert.deepEqual(readdirSync(join(out, 'normalTest')), ['typing-00.wav', 'typing-01.wav']);
  assert.deepEqual(readdirSync(join(out, 'other')), ['opensfx-00-mill.wav']);
  assert.deepEqual(readdirSync(join(out, 'anomalies')).sort(), [
    'sudden',
    'sustained',
    'time-varying',
  ]);
  assert.deepEqual(readdirSync(join(out, 'anomalies', 'time-varying')), ['opensfx-02-horn.wav']);
  assert.ok(!existsSync(`${out}.partial`), 'the temporary build directory is renamed away');
  assert.ok(!existsSync(join(out, 'pkgs')), 'unpacked packages are removed');
  // Provenance of each package.
  for (const p of m.packages) {
    assert.equal(p.version, '1.2-3');
    assert.equal(p.sha256, sha(debs[p.name as keyof typeof debs]));
    assert.equal(p.sha256, sha(join(out, 'debs', p.deb)));
    assert.ok(existsSync(join(out, 'licences', `${p.name}.copyright`)));
  }
  assert.deepEqual(m.packages[1].copyright, [{ files: ['*'], licence: 'GPL-2+ or CDDL' }]);
  // Every file: 16 kHz mono, sha256 as written, a source and a licence.
  assert.equal(m.files.length, 3 + 2 + 4);
  for (const f of m.files) {
    const wav = decodeWav(readFileSync(join(out, f.path)));
    assert.equal(wav.sampleRate, 16000);
    assert.equal(sha(join(out, f.path)), f.sha256);
    assert.ok(Math.abs(f.seconds - wav.samples.length / 16000) < 1e-9);
    assert.ok(f.licence.length > 0 && f.source.length > 0);
  }
  const normal = m.files.filter((f) => f.role === 'normal');
  assert.ok(
    normal.every((f) => f.seconds === 2 && f.licence === 'GPL-2+' && f.pkg === 'fake-keys'),
  );
  assert.match(normal[0].source, /3 keys, seed 5/, 'keys without a release recording are skipped');
  const horn = m.files.find((f) => f.role === 'time-varying');
  assert.equal(horn?.licence, 'Creative Commons Attribution-ShareAlike 3.0 Unported');
  assert.equal(horn?.credits, defaultSfxNames[2], 'credits are kept for attribution');
  assert.equal(horn?.source, 'usr/share/sfx/sfx.cat#2');
  // Resampled from 44.1 kHz: 0.7 s stays 0.7 s.
  assert.ok(Math.abs((horn?.seconds ?? 0) - 0.7) < 1e-3);
});

test('the same seed gives the same files; a rerun keeps the built benchmark', async () => {
  const { fetch } = base;
  const m1 = await buildRealBench({ out: join(root, 'b1', 'bench'), fetch, ...common });
  const m2 = await buildRealBench({ out: join(root, 'b2', 'bench'), fetch, ...common });
  assert.deepEqual(
    m1.files.map((f) => f.sha256),
    m2.files.map((f) => f.sha256),
  );
  const m3 = await buildRealBench({
    out: join(root, 'b2', 'bench'),
    fetch,
    ...common,
    seed: 6,
  });
  assert.deepEqual(m3, m2, 'an existing benchmark is returned as it is');
  const m4 = await buildRealBench({
    out: join(root, 'b3', 'bench'),
    fetch,
    ...common,
    seed: 6,
  });
  assert.notEqual(m4.files[0].sha256, m1.files[0].sha256, 'another seed types other sessions');
});

test('a non-empty directory without a benchmark is refused', async () => {
  const { fetch } = base;
  const out = join(root, 'c', 'bench');
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, 'notes.txt'), 'mine');
  await assert.rejects(buildRealBench({ out, fetch, ...common }), {
    message: realBenchMessages.notEmpty(out),
  });
  assert.deepEqual(readdirSync(out), ['notes.txt']);
});

test('a recording without a usable licence stops the build before any output', async () => {
  const names = [...defaultSfxNames];
  names[3] = '"Bang". By E. License: Creative Commons Attribution-NonCommercial 3.0 Unported.';
  const { fetch } = fixtureDebs(join(root, 'd'), { sfxNames: names });
  const out = join(root, 'd', 'bench');
  await assert.rejects(buildRealBench({ out, fetch, ...common }), {
    message: realBenchMessages.unusableLicence(
      'usr/share/sfx/sfx.cat entry 3 "Bang"',
      'Creative Commons Attribution-NonCommercial 3.0 Unported',
    ),
  });
  assert.ok(!existsSync(out));

  names[3] = '"Bang". By E.';
  const e = fixtureDebs(join(root, 'e'), { sfxNames: names });
  const outE = join(root, 'e', 'bench');
  await assert.rejects(buildRealBench({ out: outE, fetch: e.fetch, ...common }), {
    message: realBenchMessages.noLicence('usr/share/sfx/sfx.cat entry 3 "Bang"'),
  });
  assert.ok(!existsSync(outE));

  const f = fixtureDebs(join(root, 'f'), { keysLicence: 'Proprietary' });
  await assert.rejects(
    buildRealBench({ out: join(root, 'f', 'bench'), fetch: f.fetch, ...common }),
    {
      message: realBenchMessages.unusableLicence('fake-keys: usr/share/keys', 'Proprietary'),
    },
  );
  const g = fixtureDebs(join(root, 'g'), { withCopyright: false });
  await assert.rejects(
    buildRealBench({ out: join(root, 'g', 'bench'), fetch: g.fetch, ...common }),
    {
      message: /fake-keys: no copyright file at/,
    },
  );
});

test('a catalogue without a picked title is an error naming the title', async () => {
  const { fetch } = fixtureDebs(join(root, 'h'), { sfxNames: defaultSfxNames.slice(0, 3) });
  const out = join(root, 'h', 'bench');
  await assert.rejects(buildRealBench({ out, fetch, ...common }), {
    message: /no sound titled "Bang"/,
  });
  assert.ok(!existsSync(out));
});
