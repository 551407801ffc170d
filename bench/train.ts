/**
 * Training throughput of the project's own models, run by bench/run.ts.
 * The paper network (METHOD.md section 3: 1344-512-512-512-32, mirror decoder, batch 100, Adam,
 * dropout 0.2 / 0.5, L2) trained by src/models exactly as an experiment trains it
 * (trainAutoencoder, trainProp: mini-batch assembly, upload, step, loss read-back), on synthetic
 * standardised data: N(0, 1) "log-mel" frames, 64 bands, context 10 + 10 (Q = 1344), |D| = |O| =
 * 2,000 vectors. Each run has `stepsPerEpoch` steps per epoch; the first epoch is warm-up and the
 * value is K * steps / median seconds of the other epochs (EpochLog.seconds).
 *   train_vae_samples_per_s          VAE steps (eq. 19 + 20) on D and O together
 *   train_ae_samples_per_s           AE steps
 *   train_prop_samples_per_s         full PROP steps: VAE step on x_o, sampler, decode of x_a, NP
 *                                    step; refitEvery = steps per epoch, so every timed epoch holds
 *                                    exactly one refit (features of all of D + warm-started EM)
 *   train_prop_samples_per_s_no_refit  the same with the only refit in the warm-up epoch
 *   train_vae_samples_per_s_2proc    aggregate of two VAE runs in two processes at once (what
 *                                    `--jobs 2` does with two cores); ./train-worker.ts
 */
import { fork } from 'node:child_process';
import { backendInfo, type BackendInfo } from '../src/engine/backend.ts';
import { ContextIndex } from '../src/features/context.ts';
import { trainAutoencoder } from '../src/models/autoencoder.ts';
import type { TrainData } from '../src/models/data.ts';
import { trainProp } from '../src/models/prop.ts';
import { resolveSettings, type ModelSettings } from '../src/models/settings.ts';
import type { EpochLog, TrainResult } from '../src/models/train.ts';
import { fillGaussian, makeRng } from '../src/util/rng.ts';
import type { Row } from './engine.ts';

/** Vectors in each of D and O; Q = 64 bands x 21 frames. */
const VECTORS = 2000;
const N_MELS = 64;
/** Steps per epoch, and epochs (the first is warm-up). */
const STEPS = 10;
const EPOCHS = 6;

/** Synthetic standardised D and O (N(0, 1) frames; seeded). */
export function syntheticData(): TrainData {
  const set = (purpose: string) => {
    const nFrames = VECTORS + 20;
    const data = new Float32Array(nFrames * N_MELS);
    fillGaussian(makeRng(0, `bench-train-${purpose}`), data);
    return new ContextIndex([{ data, nFrames, nMels: N_MELS }]);
  };
  return { normal: set('d'), other: set('o') };
}

export type Model = 'vae' | 'ae' | 'prop';

/** Paper settings (section 3) with the bench's epoch length. */
export function benchSettings(overrides: Partial<ModelSettings> = {}): ModelSettings {
  return resolveSettings({ epochs: EPOCHS, stepsPerEpoch: STEPS, ...overrides });
}

/** Trains `model` and returns samples/s over the timed epochs (median epoch). */
export function measure(
  model: Model,
  data: TrainData,
  s: ModelSettings,
): { samplesPerS: number; msPerStep: number; log: EpochLog[] } {
  const options = { seed: 0 };
  const result: TrainResult =
    model === 'prop'
      ? trainProp(data, s, options)
      : trainAutoencoder(model === 'vae', data, s, options);
  result.detector.dispose();
  const secs = result.log
    .slice(1)
    .map((l) => l.seconds)
    .sort((a, b) => a - b);
  const med = secs[Math.floor(secs.length / 2)];
  return {
    samplesPerS: (s.batchSize * s.stepsPerEpoch) / med,
    msPerStep: (1000 * med) / s.stepsPerEpoch,
    log: result.log,
  };
}

function backendFields(info: BackendInfo): { backend: string; backend_info: object } {
  const { backend, ...rest } = info;
  return { backend, backend_info: rest };
}

/** Runs two VAE trainings in two child processes at once; aggregate samples/s. */
async function twoProcesses(): Promise<{ total: number; each: number[] }> {
  const url = new URL('./train-worker.ts', import.meta.url);
  const children = [0, 1].map(() =>
    fork(url, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }),
  );
  const ready = children.map((c) => new Promise<void>((res) => c.once('message', () => res())));
  await Promise.all(ready);
  const results = children.map(
    (c) =>
      new Promise<number>((res, rej) => {
        c.once('message', (m) => res((m as { samplesPerS: number }).samplesPerS));
        c.once('exit', (code) => code !== 0 && rej(new Error(`train-worker exited ${code}`)));
      }),
  );
  for (const c of children) c.send('go');
  const each = await Promise.all(results);
  return { total: each[0] + each[1], each };
}

/** Emits the training rows; returns the human summary lines. */
export async function trainBench(emit: (row: Row) => void): Promise<string[]> {
  const info = backendFields(await backendInfo());
  const data = syntheticData();
  const common = {
    ...info,
    unit: 'samples/s',
    network: '1344-512-512-512-32, mirror decoder',
    batch: 100,
    steps_per_epoch: STEPS,
    timed_epochs: EPOCHS - 1,
    data: `synthetic N(0,1), |D| = |O| = ${VECTORS}`,
  };
  const out: Record<string, number> = {};
  const row = (bench: string, r: { samplesPerS: number; msPerStep: number }, extra = {}) => {
    out[bench] = r.samplesPerS;
    emit({
      bench,
      value: r.samplesPerS,
      ...common,
      ms_per_step: r.msPerStep,
      ...extra,
    });
  };
  row('train_vae_samples_per_s', measure('vae', data, benchSettings()));
  row('train_ae_samples_per_s', measure('ae', data, benchSettings()));
  const prop = measure('prop', data, benchSettings({ refitEvery: STEPS }));
  row('train_prop_samples_per_s', prop, {
    refit_every_steps: STEPS,
    refit_included: true,
    refit_vectors: VECTORS,
    acceptance: prop.log.at(-1)?.acceptance,
  });
  const noRefit = measure('prop', data, benchSettings({ refitEvery: 1e9 }));
  row('train_prop_samples_per_s_no_refit', noRefit, {
    refit_every_steps: null,
    refit_included: false,
    note: 'one refit at step 0, in the warm-up epoch',
    acceptance: noRefit.log.at(-1)?.acceptance,
  });
  const two = await twoProcesses();
  out.train_vae_samples_per_s_2proc = two.total;
  emit({
    bench: 'train_vae_samples_per_s_2proc',
    value: two.total,
    ...common,
    processes: 2,
    per_process: two.each,
  });
  const f = (b: string) => out[b].toFixed(0).padStart(5);
  return [
    `train_vae_samples_per_s       ${f('train_vae_samples_per_s')} samples/s (target >= 1250; tuned PyTorch 6900)`,
    `train_ae_samples_per_s        ${f('train_ae_samples_per_s')} samples/s`,
    `train_prop_samples_per_s      ${f('train_prop_samples_per_s')} samples/s (refit every ${STEPS} steps on ${VECTORS} vectors, included; without refits ${f('train_prop_samples_per_s_no_refit')})`,
    `train_vae_samples_per_s_2proc ${f('train_vae_samples_per_s_2proc')} samples/s aggregate of 2 processes (${two.each.map((v) => v.toFixed(0)).join(' + ')}; 1 process ${f('train_vae_samples_per_s')})`,
  ];
}
