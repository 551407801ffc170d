/**
 * `reproduce` end to end on the `folders` data source (smoke settings): recordings in
 * directories, no O, a FLAC anomaly through SoX when sox is installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { reproduce } from '../../src/experiment/runner.ts';
import { engineGenerator, defaultEngineParams } from '../../src/synth/engine.ts';
import { renderAll } from '../../src/synth/source.ts';
import { makeRng } from '../../src/util/rng.ts';

const HAVE_SOX = spawnSync('sox', ['--version']).status === 0;
const SR = 16000;
const root = mkdtempSync(join(tmpdir(), 'npasd-folders-e2e-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const quiet = { write: () => true, isTTY: false } as unknown as NodeJS.WriteStream;

const engine = (sec: number, seed: number): Float32Array =>
  renderAll(engineGenerator.create(defaultEngineParams, makeRng(seed, 'f'), SR), sec * SR);
const knock = (sec: number): Float32Array =>
  Float32Array.from({ length: sec * SR }, (_, i) => Math.exp(-i / 400) * Math.sin(i * 0.3));

/** normal/ (4 x 12 s), other/ (2 x 8 s), anomalies/{sudden/knock.wav, flat.wav}. */
function fixture(name: string): Record<'normal' | 'other' | 'anomalies', string> {
  const dir = join(root, name);
  const d = { normal: join(dir, 'normal'), other: join(dir, 'other'), anomalies: join(dir, 'an') };
  for (const p of [d.normal, d.other, join(d.anomalies, 'sudden')])
    mkdirSync(p, { recursive: true });
  for (let i = 0; i < 4; i++) writeWav(join(d.normal, `n${i}.wav`), engine(12, i), SR);
  for (let i = 0; i < 2; i++) writeWav(join(d.other, `o${i}.wav`), engine(8, 10 + i), SR);
  writeWav(join(d.anomalies, 'sudden', 'knock.wav'), knock(1), SR);
  writeWav(join(d.anomalies, 'flat one.wav'), knock(3), SR);
  return d;
}

test('reproduce on folders without O (smoke settings): every stage runs, test clips are mixed from them', async (t) => {
  const d = fixture('run');
  if (HAVE_SOX) {
    const wav = join(root, 'whine.wav');
    writeWav(
      wav,
      Float32Array.from({ length: SR }, (_, i) => 0.3 * Math.sin(i * 0.2)),
      SR,
    );
    mkdirSync(join(d.anomalies, 'sustained'));
    const r = spawnSync('sox', [wav, '-r', '22050', join(d.anomalies, 'sustained', 'whine.flac')]);
    assert.equal(r.status, 0, String(r.stderr));
  } else {
    t.diagnostic('sox is not installed: the FLAC anomaly is left out');
  }
  const out = join(root, 'run-out');
  const r = await reproduce({
    spec: 'table1',
    scale: 'smoke',
    sets: [
      'data.source=folders',
      `data.folders.normal=${d.normal}`,
      `data.folders.anomalies=${d.anomalies}`,
      'data.fileSec=5',
      'data.test.snrsDb=[0]',
      // The paper's three methods: the reference methods read folders through the same code.
      'methods=["ae","vae","prop"]',
    ],
    out,
    cacheDir: join(root, 'cache-run'),
    jobs: 1,
    stream: quiet,
  });
  assert.match(r.table, /^PROP /m);
  // Recordings are not the paper's protocol: no paper lines beside ours.
  assert.doesNotMatch(r.table, /^ {2}paper|Koizumi/m);
  const scores = readdirSync(out);
  assert.ok(scores.includes('table1.csv') && scores.includes('report.html'));
  const clips = readFileSync(join(out, 'scores.csv'), 'utf8');
  const anomalous = clips.split('\n').filter((l) => l.includes(',anomaly,'));
  const n = HAVE_SOX ? 3 : 2;
  assert.equal(anomalous.length, 3 * n, 'one clip per anomaly per method');
  if (HAVE_SOX) assert.ok(clips.includes('anomaly_sustained-whine'));
});
