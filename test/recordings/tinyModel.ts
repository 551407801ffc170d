/**
 * A tiny model directory as `npasd train` writes one (detector.json, weights.bin, model.json),
 * made in milliseconds from tinyDetector (16 bands at 16 kHz, a [16] network), for tests of
 * `npasd detect` that need a model but not a trained one. Also a short WAV to score.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeWav } from '../../src/audio/wavWriter.ts';
import { initBackend } from '../../src/engine/backend.ts';
import { saveDetector } from '../../src/models/io.ts';
import { MODEL_FORMAT, MODEL_JSON, MODEL_VERSION } from '../../src/recordings/model.ts';
import { gaussian, makeRng } from '../../src/util/rng.ts';
import { tinyDetector } from '../models/helpers.ts';

/** Writes a model directory at `dir`; phiClip is set so that no plausible clip score reaches it. */
export async function writeTinyModel(dir: string): Promise<void> {
  await initBackend();
  const { detector } = tinyDetector({
    variational: true,
    context: 2,
    withOther: false,
    purpose: 'tiny-model',
    seed: 3,
  });
  await saveDetector(detector, dir);
  const info = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    phiRho: detector.phi,
    phiClip: 1e9,
    clipSec: 1,
    clipFrames: 60,
    aggregation: 'max',
  };
  writeFileSync(join(dir, MODEL_JSON), `${JSON.stringify(info, null, 2)}\n`);
  detector.dispose();
}

/** A 1 s WAV of seeded noise at 16 kHz. */
export function writeNoiseWav(path: string, seed = 1): void {
  const rng = makeRng(seed, 'tiny-model-wav');
  const x = Float32Array.from({ length: 16000 }, () => 0.1 * gaussian(rng));
  writeWav(path, x, 16000);
}
