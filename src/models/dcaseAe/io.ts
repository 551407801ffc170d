/**
 * Saving and loading the DCASE baseline detector in the detector file format (../io.ts): the same
 * detector.json tag and version with kind "dcase-ae", `tensors` (the shapes of the network's
 * variables in dcaseAeVariables order) in place of a GMM and F's layers, and weights.bin holding
 * those variables as raw little-endian float32. Everything is stored exactly.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { backendInfo, tf } from '../../engine/backend.ts';
import { resolveContext } from '../../features/context.ts';
import { resolveFrontEnd, type FrontEndOptions } from '../../features/frontEnd.ts';
import { modelMessages } from '../../messages/index.ts';
import { resolveSettings } from '../settings.ts';
import { ReconstructionDetector } from './detector.ts';
import { createDcaseAe, dcaseAeVariables } from './network.ts';
import { makeRng } from '../../util/rng.ts';

interface ReconstructionFile {
  format: string;
  version: number;
  kind: 'dcase-ae';
  settings: unknown;
  context: { pb: number; pf: number };
  nMels: number;
  phi: number;
  standardizer: { mean: number[]; std: number[]; frames: number };
  frontend: FrontEndOptions;
  backend?: unknown;
  tensors: number[][];
}

export async function saveReconstructionDetector(
  det: ReconstructionDetector,
  dir: string,
): Promise<void> {
  const jsonPath = join(dir, 'detector.json');
  if (existsSync(jsonPath)) throw new Error(modelMessages.saveExists(dir));
  await mkdir(dir, { recursive: true });
  const vars = dcaseAeVariables(det.ae);
  const parts = vars.map((v) => {
    const a = v.dataSync() as Float32Array;
    return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  });
  const file: ReconstructionFile = {
    format: 'npasd-detector',
    version: 1,
    kind: 'dcase-ae',
    settings: det.settings,
    context: { pb: det.context.pb, pf: det.context.pf },
    nMels: det.nMels,
    phi: det.phi,
    standardizer: {
      mean: Array.from(det.standardizer.mean),
      std: Array.from(det.standardizer.std),
      frames: det.standardizer.frames,
    },
    frontend: det.frontend,
    backend: await backendInfo(),
    tensors: vars.map((v) => [...v.shape]),
  };
  await writeFile(join(dir, 'weights.bin'), Buffer.concat(parts));
  await writeFile(`${jsonPath}.tmp`, JSON.stringify(file, null, 1));
  await rename(`${jsonPath}.tmp`, jsonPath);
}

/** Reads a dcase-ae detector whose detector.json (already parsed, format checked) is `raw`. */
export async function loadReconstructionDetector(
  dir: string,
  raw: object,
): Promise<ReconstructionDetector> {
  const jsonPath = join(dir, 'detector.json');
  const f = raw as ReconstructionFile;
  const bad = (field: string, expected: string): Error =>
    new RangeError(modelMessages.badField(jsonPath, field, expected));
  const settings = resolveSettings(f.settings as object);
  const context = resolveContext(f.context);
  if (!(Number.isInteger(f.nMels) && f.nMels >= 1)) throw bad('nMels', 'an integer >= 1');
  if (typeof f.phi !== 'number') throw bad('phi', 'a number');
  if (!f.frontend) throw bad('frontend', 'the front-end settings');
  const frontend = resolveFrontEnd(f.frontend);
  const st = f.standardizer;
  if (!(st && st.mean?.length === f.nMels && st.std?.length === f.nMels))
    throw bad('standardizer', `mean and std of ${f.nMels} numbers`);
  // A fresh network of the recorded shape, then every variable overwritten from weights.bin.
  const ae = createDcaseAe(f.nMels * context.width, makeRng(0, 'models/dcase-ae/load'));
  const vars = dcaseAeVariables(ae);
  const shapes = vars.map((v) => [...v.shape]);
  if (JSON.stringify(shapes) !== JSON.stringify(f.tensors)) {
    for (const v of vars) v.dispose();
    throw bad('tensors', JSON.stringify(shapes));
  }
  const binPath = join(dir, 'weights.bin');
  const bin = await readFile(binPath).catch((err: Error) => {
    for (const v of vars) v.dispose();
    throw new Error(modelMessages.loadMissing(binPath, err.message), { cause: err });
  });
  const need = vars.reduce((a, v) => a + v.size * 4, 0);
  if (bin.byteLength !== need) {
    for (const v of vars) v.dispose();
    throw new Error(modelMessages.weightsSize(binPath, bin.byteLength, need));
  }
  const all = new Float32Array(need / 4);
  new Uint8Array(all.buffer).set(bin);
  let at = 0;
  for (const v of vars) {
    tf.tidy(() => v.assign(tf.tensor(all.subarray(at, at + v.size), v.shape)));
    at += v.size;
  }
  return new ReconstructionDetector({
    settings,
    context,
    nMels: f.nMels,
    ae,
    phi: f.phi,
    standardizer: {
      mean: Float32Array.from(st.mean),
      std: Float32Array.from(st.std),
      frames: st.frames,
    },
    frontend,
  });
}
