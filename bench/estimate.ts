/**
 * The run-time estimate's constants besides the training rates (src/experiment/estimateRates.ts),
 * run by bench/run.ts (`--only estimate`). Each line is measured on every matmul kernel set in use
 * (oneDNN with 1 and 2 threads when 'wasm+dnnl' loads, and the wasm kernels) in the same run, so
 * their ratios hold on a loaded machine even when the absolute figures do not:
 *   estimate_forward_vectors_per_s   F of the paper network (1344-512-512-512-32) over 8,192
 *                                    vectors in batches of 2,048 (features for refits and scoring)
 *   estimate_tiny_step_ms            ms per training step of the smoke network (1344-32-4, batch
 *                                    100): the per-step floor of AE, VAE and PROP (PROP without
 *                                    refits)
 *   estimate_dcase_ae_step_s         s per step of the DCASE baseline AE (batch 512, 640 inputs),
 *                                    its per-epoch validation pass included
 *   estimate_em_s_per_iter           one EM iteration, 200,000 x 32 features, C = 16 (warm start)
 */
import { ContextIndex } from '../src/features/context.ts';
import type { FrontEndOptions } from '../src/features/frontEnd.ts';
import type { Standardizer } from '../src/features/standardize.ts';
import { trainAutoencoder } from '../src/models/autoencoder.ts';
import { trainDcaseAe } from '../src/models/dcaseAe/train.ts';
import { fitGmm } from '../src/models/gmm/em.ts';
import { createEncoder, disposeLayers, encoderLayers } from '../src/models/network.ts';
import { extractFeatures } from '../src/models/normal.ts';
import { trainProp } from '../src/models/prop.ts';
import { resolveSettings } from '../src/models/settings.ts';
import { fillGaussian, makeRng } from '../src/util/rng.ts';
import { perVariant, type Row, type Variant } from './engine.ts';
import { median } from './timing.ts';

/** N(0, 1) standardised log-mel frames in one file, `vectors` context vectors of nMels x width. */
function frames(vectors: number, nMels: number, context: number, purpose: string): ContextIndex {
  const nFrames = vectors + context;
  const data = new Float32Array(nFrames * nMels);
  fillGaussian(makeRng(0, `bench-estimate-${purpose}`), data);
  const pb = Math.floor(context / 2);
  return new ContextIndex([{ data, nFrames, nMels }], { pb, pf: context - pb });
}

const UNITS: Record<string, string> = {
  estimate_forward_vectors_per_s: 'vectors/s',
  estimate_tiny_step_ms: 'ms',
  estimate_dcase_ae_step_s: 's',
  estimate_em_s_per_iter: 's',
};

/** Median seconds of the epochs after the first (warm-up). */
const epochMedian = (log: { seconds: number }[]): number => {
  const s = log
    .slice(1)
    .map((l) => l.seconds)
    .sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
};

/** Emits the rows; returns the human summary lines. */
export function estimateBench(emit: (row: Row) => void): string[] {
  const paperD = frames(8192, 64, 20, 'd');
  const tinyD = frames(2000, 64, 20, 'tiny-d');
  const tinyO = frames(2000, 64, 20, 'tiny-o');
  const dcaseD = frames(12_000, 128, 4, 'dcase');
  const em = new Float32Array(200_000 * 32);
  fillGaussian(makeRng(0, 'bench-estimate-em'), em);
  for (let i = 0; i < 200_000; i++)
    for (let j = 0; j < 32; j++) em[i * 32 + j] += 3 * Math.sin((i % 16) * 7 + j);
  const emInit = fitGmm(em, 32, { components: 16, rng: makeRng(0, 'bench-em'), maxIter: 3 }).gmm;

  const out: Record<string, { v: Variant; value: number }[]> = {};
  const add = (bench: string, v: Variant, value: number) => (out[bench] ??= []).push({ v, value });
  perVariant((v) => {
    // F alone, as refits and scoring run it.
    const s = resolveSettings();
    const enc = createEncoder(paperD.dim, s, makeRng(0, 'bench-estimate-init'), true);
    extractFeatures(enc, s, paperD); // warm-up
    const t = median(() => extractFeatures(enc, s, paperD), 3);
    disposeLayers(encoderLayers(enc));
    add('estimate_forward_vectors_per_s', v, paperD.count / t);

    // The per-step floor: the smoke network.
    const tiny = resolveSettings({
      hidden: [32],
      featureDim: 4,
      components: 2,
      epochs: 4,
      stepsPerEpoch: 20,
      refitEvery: 1000,
    });
    const data = { normal: tinyD, other: tinyO };
    for (const model of ['ae', 'vae', 'prop'] as const) {
      const r =
        model === 'prop'
          ? trainProp(data, tiny, { seed: 0 })
          : trainAutoencoder(model === 'vae', data, tiny, { seed: 0 });
      r.detector.dispose();
      add(`estimate_tiny_step_ms_${model}`, v, (1000 * epochMedian(r.log)) / tiny.stepsPerEpoch);
    }

    // The DCASE baseline (its recipe: batch 512); front end and standardiser are only stored.
    const dcase = trainDcaseAe({ normal: dcaseD, other: dcaseD }, resolveSettings({ epochs: 4 }), {
      seed: 0,
      frontend: {} as FrontEndOptions,
      standardizer: {} as Standardizer,
    });
    dcase.detector.dispose();
    add('estimate_dcase_ae_step_s', v, epochMedian(dcase.log) / dcase.log[0].steps);

    // EM: 12 minus 2 warm-started iterations, per iteration (cancels the per-fit setup).
    const t12 = median(() => fitGmm(em, 32, { init: emInit, maxIter: 12, tol: 0 }), 3);
    const t2 = median(() => fitGmm(em, 32, { init: emInit, maxIter: 2, tol: 0 }), 3);
    add('estimate_em_s_per_iter', v, (t12 - t2) / 10);
  }, false);

  const label = (v: Variant) =>
    v.kernel === 'dnnl' ? `${v.backend} x${v.threads}` : v.kernel === 'n/a' ? v.backend : 'wasm';
  const lines: string[] = [];
  for (const [bench, got] of Object.entries(out)) {
    const wasm = got.find((g) => g.v.kernel !== 'dnnl')?.value ?? NaN;
    for (const { v, value } of got)
      emit({
        bench,
        value,
        unit: UNITS[bench.replace(/_(ae|vae|prop)$/, '')],
        backend: v.backend,
        kernel: v.kernel,
        ...(v.threads !== undefined && { threads: v.threads }),
        vs_wasm: value / wasm,
      });
    const digits = (x: number) => (x >= 100 ? x.toFixed(0) : x.toPrecision(3));
    lines.push(
      `${bench.padEnd(34)} ${got.map((g) => `${label(g.v)} ${digits(g.value)}`).join(', ')}`,
    );
  }
  return lines;
}
