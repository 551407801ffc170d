/**
 * Training throughput of the project's own models, run by bench/run.ts.
 * The paper network (METHOD.md section 3: 1344-512-512-512-32, mirror decoder, batch 100, Adam,
 * dropout 0.2 / 0.5, L2) trained by src/models exactly as an experiment trains it
 * (trainAutoencoder, trainProp: mini-batch assembly, upload, step, loss read-back), on synthetic
 * standardised data: N(0, 1) "log-mel" frames, 64 bands, context 10 + 10 (Q = 1344), |D| = |O| =
 * 2,000 vectors. Each run has `stepsPerEpoch` steps per epoch; the first epoch is warm-up and the
 * value is K * steps / median seconds of the other epochs (EpochLog.seconds).
 * Each of the three lines below is measured at batch 100 and 1000, on the native matmuls with 1
 * and 2 threads (backend 'wasm+dnnl', when in use) and on the wasm kernels in the same process
 * (fields batch, threads, kernel; `vs_wasm` = ratio to the wasm figure of the same run).
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
import { perVariant, type Row, type Variant } from './engine.ts';
import { medianOf } from './timing.ts';

/** Vectors in each of D and O; Q = 64 bands x 21 frames. */
const VECTORS = 2000;
const N_MELS = 64;
/** Steps per epoch, and epochs (the first is warm-up; fewer at batch 1000). */
const STEPS = 10;
const EPOCHS = 6;
const EPOCHS_1000 = 4;

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
  const med = medianOf(result.log.slice(1).map((l) => l.seconds));
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
  // One native thread each: 2 processes x 1 thread, what `--jobs 2` does on two cores.
  const env = { ...process.env, NPASD_THREADS: '1' };
  const children = [0, 1].map(() =>
    fork(url, [], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'], env }),
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
    unit: 'samples/s',
    network: '1344-512-512-512-32, mirror decoder',
    steps_per_epoch: STEPS,
    data: `synthetic N(0,1), |D| = |O| = ${VECTORS}`,
  };
  const lines: string[] = [];
  const label = (v: Variant) =>
    v.kernel === 'dnnl' ? `${v.backend} x${v.threads}` : v.kernel === 'n/a' ? v.backend : 'wasm';
  for (const batch of [100, 1000]) {
    const epochs = batch === 100 ? EPOCHS : EPOCHS_1000;
    for (const model of ['vae', 'ae', 'prop'] as const) {
      const bench = `train_${model}_samples_per_s`;
      const extra =
        model === 'prop'
          ? { refit_every_steps: STEPS, refit_included: true, refit_vectors: VECTORS }
          : {};
      const got: { v: Variant; r: ReturnType<typeof measure> }[] = [];
      perVariant((v) => {
        const s = benchSettings({
          batchSize: batch,
          epochs,
          ...(model === 'prop' && { refitEvery: STEPS }),
        });
        got.push({ v, r: measure(model, data, s) });
      }, false);
      const wasm = got.find((g) => g.v.kernel !== 'dnnl')?.r.samplesPerS ?? NaN;
      for (const { v, r } of got)
        emit({
          bench,
          value: r.samplesPerS,
          ...common,
          backend: v.backend,
          backend_info: info.backend_info,
          kernel: v.kernel,
          ...(v.threads !== undefined && { threads: v.threads }),
          batch,
          timed_epochs: epochs - 1,
          ms_per_step: r.msPerStep,
          vs_wasm: r.samplesPerS / wasm,
          ...extra,
          ...(model === 'prop' && { acceptance: r.log.at(-1)?.acceptance }),
        });
      const fmt = got.map(({ v, r }) => `${label(v)} ${r.samplesPerS.toFixed(0)}`).join(', ');
      const target =
        model === 'vae' && batch === 100
          ? ' (target >= 6900: tuned PyTorch on the machine it was set on; this one: peer line)'
          : '';
      lines.push(`${bench.padEnd(25)} batch ${String(batch).padEnd(5)} ${fmt}${target}`);
    }
  }
  // refitEvery beyond the run's last step: the only refit is the one at step 0 (warm-up epoch).
  const noRefit = measure('prop', data, benchSettings({ refitEvery: EPOCHS * STEPS }));
  emit({
    bench: 'train_prop_samples_per_s_no_refit',
    value: noRefit.samplesPerS,
    ...common,
    ...info,
    batch: 100,
    timed_epochs: EPOCHS - 1,
    ms_per_step: noRefit.msPerStep,
    refit_every_steps: null,
    refit_included: false,
    note: 'one refit at step 0, in the warm-up epoch',
    acceptance: noRefit.log.at(-1)?.acceptance,
  });
  const two = await twoProcesses();
  emit({
    bench: 'train_vae_samples_per_s_2proc',
    value: two.total,
    ...common,
    ...info,
    batch: 100,
    threads: 1,
    processes: 2,
    per_process: two.each,
  });
  return [
    ...lines,
    `train_prop_samples_per_s_no_refit batch 100 ${info.backend} ${noRefit.samplesPerS.toFixed(0)} (the only refit in the warm-up epoch)`,
    `train_vae_samples_per_s_2proc batch 100 ${info.backend} ${two.total.toFixed(0)} aggregate of 2 processes x 1 thread (${two.each.map((v) => v.toFixed(0)).join(' + ')})`,
  ];
}
