/**
 * Saving and loading a trained detector (the detector file format), with plain Node file I/O (no
 * tfjs-node file handler). A detector directory holds:
 *   detector.json  format tag "npasd-detector", version, model kind, resolved settings, context
 *                  window and band count, GMM (float64 values as JSON numbers, exact), phi_rho,
 *                  standardisation statistics, front-end settings, the encoder's layer shapes,
 *                  and the TensorFlow.js backend it was saved from (provenance);
 *   weights.bin    F's weights and biases as raw little-endian float32, layers in the order of
 *                  encoderLayers() (hidden..., mean, logVar), each W (in x out, row-major) then b.
 * Everything is stored exactly, so a loaded detector gives bit-identical scores. Only F is saved:
 * G is needed for training, not for detection.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { endianness } from 'node:os';
import { join } from 'node:path';
import { resolveContext } from '../features/context.ts';
import { backendInfo, tf, type BackendInfo } from '../engine/backend.ts';
import { resolveFrontEnd, type FrontEndOptions } from '../features/frontEnd.ts';
import { validateGmm, type Gmm } from './gmm/model.ts';
import { modelMessages } from '../messages/index.ts';
import { Detector, type FrameDetector, type ModelName } from './detector.ts';
import { ReconstructionDetector } from './dcaseAe/detector.ts';
import { loadReconstructionDetector, saveReconstructionDetector } from './dcaseAe/io.ts';
import { encoderLayers, type Dense, type Encoder } from './network.ts';
import { resolveSettings } from './settings.ts';

const DETECTOR_FORMAT = 'npasd-detector';
const DETECTOR_VERSION = 1;
export const DETECTOR_JSON = 'detector.json';
const WEIGHTS_BIN = 'weights.bin';
const KINDS: readonly ModelName[] = ['ae', 'vae', 'prop', 'logmel-gmm'];

type Shape = [number, number];

interface DetectorFile {
  format: string;
  version: number;
  kind: ModelName;
  settings: unknown;
  context: { pb: number; pf: number };
  nMels: number;
  phi: number;
  gmm: { c: number; d: number; weights: number[]; means: number[]; variances: number[] };
  standardizer?: { mean: number[]; std: number[]; frames: number };
  frontend?: FrontEndOptions;
  /** Provenance: the TensorFlow.js backend the detector was saved from (informative only). */
  backend?: BackendInfo;
  /** W shapes (in, out) of F's layers: hidden..., mean, then logVar when present; no F: absent. */
  layers?: { hidden: Shape[]; mean: Shape; logVar?: Shape };
}

function checkEndian(): void {
  if (endianness() !== 'LE') throw new Error(modelMessages.bigEndian());
}

/** Writes `det` into `dir` (created if needed; refuses a directory that already holds one). */
export async function saveDetector(det: FrameDetector, dir: string): Promise<void> {
  checkEndian();
  if (det instanceof ReconstructionDetector) return saveReconstructionDetector(det, dir);
  if (!(det instanceof Detector))
    throw new TypeError(modelMessages.unknownModel(det.kind, [...KINDS, 'dcase-ae']));
  const jsonPath = join(dir, DETECTOR_JSON);
  if (existsSync(jsonPath)) throw new Error(modelMessages.saveExists(dir));
  await mkdir(dir, { recursive: true });
  const layers = det.encoder ? encoderLayers(det.encoder) : [];
  const parts: Buffer[] = [];
  for (const l of layers) {
    for (const v of [l.w, l.b]) {
      const a = v.dataSync() as Float32Array;
      parts.push(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
    }
  }
  const shape = (l: Dense): Shape => [l.w.shape[0], l.w.shape[1]];
  const e = det.encoder;
  const file: DetectorFile = {
    format: DETECTOR_FORMAT,
    version: DETECTOR_VERSION,
    kind: det.kind,
    settings: det.settings,
    context: { pb: det.context.pb, pf: det.context.pf },
    nMels: det.nMels,
    phi: det.phi,
    gmm: {
      c: det.gmm.c,
      d: det.gmm.d,
      weights: Array.from(det.gmm.weights),
      means: Array.from(det.gmm.means),
      variances: Array.from(det.gmm.variances),
    },
    ...(det.standardizer
      ? {
          standardizer: {
            mean: Array.from(det.standardizer.mean),
            std: Array.from(det.standardizer.std),
            frames: det.standardizer.frames,
          },
        }
      : {}),
    ...(det.frontend ? { frontend: det.frontend } : {}),
    backend: await backendInfo(),
    ...(e
      ? {
          layers: {
            hidden: e.hidden.map(shape),
            mean: shape(e.mean),
            ...(e.logVar ? { logVar: shape(e.logVar) } : {}),
          },
        }
      : {}),
  };
  await writeFile(join(dir, WEIGHTS_BIN), Buffer.concat(parts));
  // The JSON last and by rename: a directory with detector.json always has its weights.
  await writeFile(`${jsonPath}.tmp`, JSON.stringify(file, null, 1));
  await rename(`${jsonPath}.tmp`, jsonPath);
}

const isShape = (v: unknown): v is Shape =>
  Array.isArray(v) && v.length === 2 && v.every((x) => Number.isInteger(x) && x >= 1);
const isNumbers = (v: unknown, n: number): v is number[] =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number');

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (err) {
    throw new Error(modelMessages.loadMissing(path, (err as Error).message), { cause: err });
  }
}

/**
 * Reads a GMM detector (ae, vae, prop, logmel-gmm) written by saveDetector; throws naming the file
 * and field on any mismatch, and on a detector of another kind (dcase-ae: loadFrameDetector).
 */
export async function loadDetector(dir: string): Promise<Detector> {
  const det = await loadFrameDetector(dir);
  if (det instanceof Detector) return det;
  det.dispose();
  throw new RangeError(
    modelMessages.badField(join(dir, DETECTOR_JSON), 'kind', `one of ${KINDS.join(', ')}`),
  );
}

/** Reads any detector written by saveDetector (the GMM detectors and dcase-ae). */
export async function loadFrameDetector(dir: string): Promise<FrameDetector> {
  checkEndian();
  const jsonPath = join(dir, DETECTOR_JSON);
  let f: DetectorFile;
  try {
    f = JSON.parse(await readText(jsonPath)) as DetectorFile;
  } catch (err) {
    if (err instanceof SyntaxError) {
      throw new Error(modelMessages.loadMissing(jsonPath, err.message), { cause: err });
    }
    throw err;
  }
  const bad = (field: string, expected: string): Error =>
    new RangeError(modelMessages.badField(jsonPath, field, expected));
  if (f?.format !== DETECTOR_FORMAT) throw new Error(modelMessages.badFormat(jsonPath, f?.format));
  if (f.version !== DETECTOR_VERSION) {
    throw new Error(modelMessages.badVersion(jsonPath, f.version, DETECTOR_VERSION));
  }
  if (f.kind === 'dcase-ae') return loadReconstructionDetector(dir, f);
  if (!KINDS.includes(f.kind)) throw bad('kind', `one of ${[...KINDS, 'dcase-ae'].join(', ')}`);
  const settings = resolveSettings(f.settings as object);
  const context = resolveContext(f.context);
  if (!(Number.isInteger(f.nMels) && f.nMels >= 1)) throw bad('nMels', 'an integer >= 1');
  if (typeof f.phi !== 'number') throw bad('phi', 'a number');
  const g = f.gmm;
  if (!(g && isNumbers(g.weights, g.c) && isNumbers(g.means, g.c * g.d))) {
    throw bad('gmm', 'C weights and C x D means and variances');
  }
  if (!isNumbers(g.variances, g.c * g.d)) throw bad('gmm.variances', `${g.c * g.d} numbers`);
  const gmm: Gmm = {
    c: g.c,
    d: g.d,
    weights: Float64Array.from(g.weights),
    means: Float64Array.from(g.means),
    variances: Float64Array.from(g.variances),
  };
  validateGmm(gmm);
  const st = f.standardizer;
  if (st && !(isNumbers(st.mean, f.nMels) && isNumbers(st.std, f.nMels))) {
    throw bad('standardizer', `mean and std of ${f.nMels} numbers`);
  }
  const frontend = f.frontend === undefined ? undefined : resolveFrontEnd(f.frontend);
  if (frontend && frontend.nMels !== f.nMels) throw bad('frontend.nMels', `${f.nMels} (= nMels)`);
  const L = f.layers;
  const shapes: Shape[] = L && Array.isArray(L.hidden) ? [...L.hidden, L.mean] : [];
  if (L?.logVar !== undefined) shapes.push(L.logVar);
  const noF = f.kind === 'logmel-gmm';
  if (noF ? L !== undefined : !(shapes.length >= 1 && shapes.every(isShape)))
    throw bad('layers', noF ? 'absent (logmel-gmm has no F)' : 'pairs [in, out]');

  const binPath = join(dir, WEIGHTS_BIN);
  let bin: Buffer;
  try {
    bin = await readFile(binPath);
  } catch (err) {
    throw new Error(modelMessages.loadMissing(binPath, (err as Error).message), { cause: err });
  }
  const need = shapes.reduce((acc, [i, o]) => acc + (i * o + o) * 4, 0);
  if (bin.byteLength !== need)
    throw new Error(modelMessages.weightsSize(binPath, bin.byteLength, need));
  // Copy into an aligned buffer (a Node Buffer may sit at any byte offset of its pool).
  const all = new Float32Array(need / 4);
  new Uint8Array(all.buffer).set(bin);
  // A NaN or Inf weight would make every score NaN or blame each recording in turn: refuse it here.
  for (let i = 0; i < all.length; i++) {
    if (!Number.isFinite(all[i]))
      throw new Error(modelMessages.weightsNotFinite(binPath, i, all[i]));
  }
  let at = 0;
  const layers = shapes.map(([i, o]): Dense => {
    const w = all.subarray(at, at + i * o);
    const b = all.subarray(at + i * o, at + i * o + o);
    at += i * o + o;
    return tf.tidy(() => ({
      w: tf.variable(tf.tensor2d(w, [i, o]), true),
      b: tf.variable(tf.tensor1d(b), true),
    }));
  });
  const nh = L?.hidden.length ?? 0;
  const encoder: Encoder | undefined = L && {
    hidden: layers.slice(0, nh),
    mean: layers[nh],
    ...(L.logVar ? { logVar: layers[nh + 1] } : {}),
  };
  return new Detector({
    kind: f.kind,
    settings,
    context,
    nMels: f.nMels,
    ...(encoder ? { encoder } : {}),
    gmm,
    phi: f.phi,
    ...(st
      ? {
          standardizer: {
            mean: Float32Array.from(st.mean),
            std: Float32Array.from(st.std),
            frames: st.frames,
          },
        }
      : {}),
    ...(frontend ? { frontend } : {}),
  });
}
