/**
 * `npasd train` on a folder of silence (all-zero audio) or of constant audio (a DC level) would train a model of nothing: it is refused before any training, naming
 * the folder, and no model directory is written. The bad-input corpus is made here, a few
 * seconds of WAV files.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { loadExperiment } from '../../src/experiment/load.ts';
import { ownDataMessages } from '../../src/messages/index.ts';
import { trainRecordings } from '../../src/recordings/train.ts';
import { makeRng } from '../../src/util/rng.ts';
import { frontendOf } from '../../src/experiment/schema.ts';
import { LogMelExtractor } from '../../src/features/logmel.ts';
import { logMelSpread, MIN_LOG_MEL_SPREAD } from '../../src/features/standardize.ts';

const root = mkdtempSync(join(tmpdir(), 'npasd-silence-'));
test.after(() => rmSync(root, { recursive: true, force: true }));
const specDir = fileURLToPath(new URL('../../experiments', import.meta.url));
const spec = loadExperiment({ spec: 'table1', scale: 'smoke', specDir }).cells[0].spec;

function folder(name: string, make: (n: number, file: number) => Float32Array): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (let f = 0; f < 2; f++) writeWav(join(dir, `${f}.wav`), make(3 * 16000, f), 16000);
  return dir;
}

const train = (normalDir: string, out: string) =>
  trainRecordings({
    normalDir,
    method: 'ae',
    spec,
    specInfo: { name: 'table1', file: 'table1.json', scale: 'smoke', sets: [] },
    out,
    stream: { write: () => true } as unknown as NodeJS.WriteStream,
  });

test('a folder of digital silence is refused before training, naming it', async () => {
  const dir = folder('zeros', (n) => new Float32Array(n));
  const out = join(root, 'model-zeros');
  await assert.rejects(train(dir, out), (e: Error) => {
    assert.ok(e.message.startsWith(`${dir}: `), e.message);
    assert.match(e.message, /silent or constant/);
    return true;
  });
  assert.ok(!existsSync(out));
});

test('a constant (DC) signal, the same spectrum in every frame, is refused too', async () => {
  const dir = folder('dc', (n) => new Float32Array(n).fill(0.3));
  await assert.rejects(train(dir, join(root, 'model-dc')), /silent or constant/);
});

test('the check measures spread, not level: quiet noise is far above the threshold', async () => {
  assert.match(ownDataMessages.constantAudio('/x', 0.001), /at most 0\.001 nats/);
  const rng = makeRng(1, 'noise');
  const noise = Float32Array.from({ length: 3 * 16000 }, () => 1e-3 * (rng() - 0.5));
  const extractor = await LogMelExtractor.create(frontendOf(spec));
  try {
    const quiet = logMelSpread([extractor.extract(noise)]);
    const silent = logMelSpread([extractor.extract(new Float32Array(noise.length))]);
    assert.ok(quiet > 10 * MIN_LOG_MEL_SPREAD, `quiet noise: ${quiet}`);
    assert.ok(silent < MIN_LOG_MEL_SPREAD, `silence: ${silent}`);
  } finally {
    extractor.dispose();
  }
});
