/**
 * The pure parts of the real-sound benchmark: the OpenTTD sound catalogue reader, the Debian
 * copyright parser and licence check, and the typing sessions made from key recordings.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWav } from '../../../src/audio/wav.ts';
import { isUsableLicence, licenceOf, parseCopyright } from '../../../src/data/realBench/licence.ts';
import { parseCat, titleAndLicence } from '../../../src/data/realBench/opensfxCat.ts';
import { typingSession } from '../../../src/data/realBench/typing.ts';
import { realBenchMessages } from '../../../src/messages/index.ts';
import { makeRng } from '../../../src/util/rng.ts';
import { defaultSfxNames, FIXTURE_SR, makeCat } from './fixture.ts';

test('parseCat reads every entry: title, licence, credits and the WAV bytes', () => {
  const entries = parseCat(makeCat(defaultSfxNames), 'x.cat');
  assert.equal(entries.length, 4);
  assert.deepEqual(
    entries.map((e) => [e.index, e.title, e.licence]),
    [
      [0, 'Mill', 'Creative Commons Attribution 3.0 Unported'],
      [1, 'Hiss', 'Creative Commons Zero 1.0'],
      [2, 'Horn', 'Creative Commons Attribution-ShareAlike 3.0 Unported'],
      [3, 'Bang', 'Creative Commons Attribution 3.0 Unported'],
    ],
  );
  assert.equal(entries[2].description, defaultSfxNames[2]);
  const wav = decodeWav(entries[1].wav);
  assert.equal(wav.sampleRate, FIXTURE_SR);
  assert.equal(wav.samples.length, Math.round(0.6 * FIXTURE_SR));
});

test('parseCat masks the flag bit of the first offset (as OpenSFX sets it)', () => {
  const cat = Buffer.from(makeCat(defaultSfxNames.slice(0, 2)));
  cat.writeUInt32LE((cat.readUInt32LE(0) | 0x80000000) >>> 0, 0);
  assert.deepEqual(
    parseCat(cat, 'x.cat').map((e) => e.title),
    ['Mill', 'Hiss'],
  );
});

test('parseCat refuses what is not a catalogue, naming the file', () => {
  assert.throws(() => parseCat(Uint8Array.of(1, 2), 'a.cat'), {
    message: realBenchMessages.badCat('a.cat', 'shorter than one entry'),
  });
  const cat = Buffer.from(makeCat(defaultSfxNames.slice(0, 1)));
  assert.throws(() => parseCat(cat.subarray(0, cat.length - 10), 'b.cat'), {
    message: realBenchMessages.badCat('b.cat', 'entry 0 runs past the end of the file'),
  });
  const junk = Buffer.alloc(16);
  junk.writeUInt32LE(7, 0);
  assert.throws(() => parseCat(junk, 'c.cat'), {
    message: realBenchMessages.badCat('c.cat', 'the entry table does not fit the file'),
  });
});

test('titleAndLicence: a version number does not end the licence; no licence gives ""', () => {
  assert.deepEqual(titleAndLicence('"A". By B. License: Creative Commons Attribution 3.0. Tail.'), {
    title: 'A',
    licence: 'Creative Commons Attribution 3.0',
  });
  assert.deepEqual(titleAndLicence('Trivial. No licence here'), { title: 'Trivial', licence: '' });
});

test('parseCopyright and licenceOf: the last matching Files stanza wins', () => {
  const text = [
    'Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/',
    'Upstream-Name: x',
    '',
    'Files: *',
    'Copyright: 2020 A',
    'License: GPL-2+ or CDDL',
    '',
    'Files: src/wav/*',
    ' extra/*.wav',
    'Copyright: various',
    'License: CC-BY-SA-3.0',
    'Comment: per file',
    '',
    'License: GPL-2+',
    ' full text',
  ].join('\n');
  const stanzas = parseCopyright(text);
  assert.deepEqual(stanzas, [
    { files: ['*'], licence: 'GPL-2+ or CDDL' },
    { files: ['src/wav/*', 'extra/*.wav'], licence: 'CC-BY-SA-3.0' },
  ]);
  assert.equal(licenceOf(stanzas, 'usr/share/x.cat'), 'GPL-2+ or CDDL');
  assert.equal(licenceOf(stanzas, 'src/wav/a.wav'), 'CC-BY-SA-3.0');
  assert.equal(licenceOf(stanzas, 'extra/b.wav'), 'CC-BY-SA-3.0');
  assert.equal(licenceOf([], 'a'), '');
});

test('isUsableLicence accepts free licences and refuses NC, ND, unknown and empty', () => {
  for (const ok of [
    'GPL-2+',
    'GPL-3+',
    'GPL-2+ or CDDL',
    'CC0-1.0',
    'CC-BY-SA-3.0',
    'Creative Commons Zero 1.0',
    'Creative Commons Attribution 3.0 Unported',
    'Creative Commons Attribution-ShareAlike 3.0 Unported',
    'Creative Commons Attribution 4.0 International',
  ])
    assert.ok(isUsableLicence(ok), ok);
  for (const bad of [
    '',
    'Proprietary',
    'CC-BY-NC-3.0',
    'Creative Commons Attribution-NonCommercial 3.0 Unported',
    'Creative Commons Attribution-NoDerivatives 4.0 International',
  ])
    assert.ok(!isUsableLicence(bad), bad);
});

test('typingSession: the length asked, seeded, and continuous (no silent stretch)', () => {
  const sr = 1000;
  // Each "recording" is a constant over 0.33 s, so the sum shows where keystrokes land.
  const keys = [
    { press: new Float32Array(330).fill(0.1), release: new Float32Array(330).fill(0.05) },
    { press: new Float32Array(330).fill(0.2), release: new Float32Array(330).fill(0.07) },
  ];
  const cfg = { length: 5000, sampleRate: sr };
  const a = typingSession(keys, cfg, makeRng(1, 't'));
  const b = typingSession(keys, cfg, makeRng(1, 't'));
  const c = typingSession(keys, cfg, makeRng(2, 't'));
  assert.equal(a.length, 5000);
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.ok(
    a.every((v) => v > 0),
    'intervals < recording length: no gap',
  );
  // Mean level: about (press + release) x 0.33 s per stroke over a mean interval of 0.21 s.
  const mean = a.reduce((s, v) => s + v, 0) / a.length;
  const expected = ((0.15 + 0.06) * 0.33) / 0.21;
  assert.ok(Math.abs(mean - expected) / expected < 0.15, `mean ${mean} vs ${expected}`);
  assert.throws(() => typingSession([], cfg, makeRng(1, 't')), /no key recordings/);
});
