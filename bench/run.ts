/**
 * `npm run bench`: throughput of the numeric core. Prints one JSON object per line on
 * stdout, {"bench", "value", "unit", "backend", ...}, and a human summary on stderr. Medians of
 * repeated runs; peers are measured in the same run so ratios are comparable on a noisy machine.
 *   frontend_rtf            log-mel + all context vectors (mini-batches of 100 into one reused
 *                           buffer) of 10 min of 16 kHz audio, one core; seconds of audio per second
 *   gmm_em_s_per_iter       one EM iteration, 200,000 x 32 features, C = 16, diagonal
 *   gmm_score_samples_per_s anomaly scores of 200,000 x 32 features
 *   matmul_gflops, engine_vae_step_samples_per_s
 *                           native (oneDNN, 1 and 2 threads) vs explicit-transpose vs stock wasm
 *                           matmul kernels, batch 100 and 1000 (bench/engine.ts)
 *   train_vae_samples_per_s, train_ae_samples_per_s, train_prop_samples_per_s (+ _no_refit),
 *   train_vae_samples_per_s_2proc
 *                           the real src/models training loops, native and wasm side by side,
 *                           batch 100 and 1000, 1 and 2 threads (bench/train.ts)
 *   estimate_*              the run-time estimate's other constants: F's inference rate, the
 *                           per-step floor, the DCASE baseline's step, EM (bench/estimate.ts)
 *   peer_torch_vae_samples_per_s, train_vae_vs_torch
 *                           tuned PyTorch training the same VAE, alternating with ours in the
 *                           same run, and the ratio (bench/peer.ts; skipped without PyTorch)
 *   load_average            the machine's 1-minute load average at the start and at the end
 *                           (other processes share the cores: read absolute figures with it)
 * `--only frontend,gmm,engine,train,estimate,peer` runs some groups only.
 */
import { loadavg } from 'node:os';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { backendInfo, backendName, initBackend } from '../src/engine/backend.ts';
import { engineBench } from './engine.ts';
import { estimateBench } from './estimate.ts';
import { peerBench } from './peer.ts';
import { trainBench } from './train.ts';
import { ContextIndex } from '../src/features/context.ts';
import { LogMelExtractor } from '../src/features/logmel.ts';
import { fitGmm } from '../src/models/gmm/em.ts';
import { anomalyScores } from '../src/models/gmm/score.ts';
import { scoreSamples } from '../src/models/gmm/score-tf.ts';
import { fillGaussian, makeRng } from '../src/util/rng.ts';
import { median } from './timing.ts';

const rows: {
  bench: string;
  value: number;
  unit: string;
  backend: string;
  [k: string]: unknown;
}[] = [];
function emit(row: (typeof rows)[number]): void {
  rows.push(row);
  process.stdout.write(JSON.stringify(row) + '\n');
}
async function frontend(): Promise<void> {
  const sr = 16000;
  const seconds = 600;
  const x = new Float32Array(sr * seconds);
  fillGaussian(makeRng(0, 'bench-audio'), x);
  for (let i = 0; i < x.length; i++)
    x[i] = 0.1 * x[i] + 0.3 * Math.sin((2 * Math.PI * 440 * i) / sr);
  for (const engine of ['pffft', 'fftjs'] as const) {
    const ex = await LogMelExtractor.create({}, engine);
    const mel = new Float32Array(ex.frameCount(x.length) * 64);
    const batch = new Float32Array(100 * 1344);
    const ids = new Int32Array(100);
    const s = median(() => {
      const m = ex.extract(x, mel);
      const index = new ContextIndex([m]);
      for (let g = 0; g < index.count; g += 100) {
        const n = Math.min(100, index.count - g);
        for (let i = 0; i < n; i++) ids[i] = g + i;
        index.assemble(ids, batch, 0, n);
      }
    }, 7);
    ex.dispose();
    emit({
      bench: engine === 'pffft' ? 'frontend_rtf' : 'frontend_rtf_fftjs_peer',
      value: seconds / s,
      unit: 'x realtime',
      backend: engine === 'pffft' ? 'pffft-wasm-simd' : 'fft.js',
      seconds_per_10min: s,
    });
  }
}

function gmm(): void {
  const n = 200000;
  const d = 32;
  const x = new Float32Array(n * d);
  fillGaussian(makeRng(0, 'bench-features'), x);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < d; j++) x[i * d + j] += 3 * Math.sin((i % 16) * 7 + j);
  const t0 = performance.now();
  const init = fitGmm(x, d, { components: 16, rng: makeRng(0, 'bench-em'), maxIter: 3, tol: 0 });
  const setupAnd3 = (performance.now() - t0) / 1000;
  // Per iteration: difference between 12 and 2 warm-started iterations (cancels the per-fit setup).
  const t12 = median(() => fitGmm(x, d, { init: init.gmm, maxIter: 12, tol: 0 }), 3);
  const t2 = median(() => fitGmm(x, d, { init: init.gmm, maxIter: 2, tol: 0 }), 3);
  const perIter = (t12 - t2) / 10;
  emit({
    bench: 'gmm_em_s_per_iter',
    value: perIter,
    unit: 's',
    backend: backendName(),
    setup_s: t2 - 2 * perIter,
    first_fit_3_iter_s: setupAnd3,
  });
  const out = new Float64Array(n);
  const ts = median(() => scoreSamples(init.gmm, x, { out }), 5);
  emit({
    bench: 'gmm_score_samples_per_s',
    value: n / ts,
    unit: 'samples/s',
    backend: backendName(),
  });
  const tj = median(() => anomalyScores(init.gmm, x), 3);
  emit({
    bench: 'gmm_score_samples_per_s_js_peer',
    value: n / tj,
    unit: 'samples/s',
    backend: 'js-float64',
  });
}

const argv = await yargs(hideBin(process.argv))
  .scriptName('npm run bench --')
  .usage('$0 [--backend B]\n\nThroughput benchmarks: JSON lines on stdout, a summary on stderr.')
  .option('backend', {
    type: 'string',
    describe:
      'TensorFlow.js backend (tensorflow, wasm+dnnl, wasm, cpu); default: the first that loads',
  })
  .option('only', {
    type: 'string',
    describe:
      'comma-separated groups to run: frontend, gmm, engine, train, estimate, peer (default: all)',
  })
  .strict()
  .help()
  .parse();
// Child processes (the 2-process line) inherit the choice through the environment.
if (argv.backend) process.env.NPASD_TF_BACKEND = argv.backend;
try {
  await initBackend(argv.backend);
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(2);
}
process.stderr.write(`backend: ${JSON.stringify(await backendInfo())}\n`);
const groups = new Set((argv.only ?? 'frontend,gmm,engine,train,estimate,peer').split(','));
const load = (when: string) =>
  emit({
    bench: 'load_average',
    value: loadavg()[0],
    unit: '1-min load',
    backend: backendName(),
    when,
  });
load('start');
if (groups.has('frontend')) await frontend();
if (groups.has('gmm')) gmm();
const engineLines = groups.has('engine') ? engineBench(emit) : [];
const trainLines = groups.has('train') ? await trainBench(emit) : [];
const estimateLines = groups.has('estimate') ? estimateBench(emit) : [];
const peerLines = groups.has('peer') ? peerBench(emit) : [];
load('end');
const get = (name: string): number => rows.find((r) => r.bench === name)?.value ?? NaN;
const loads = rows.filter((r) => r.bench === 'load_average').map((r) => r.value.toFixed(2));
const lines = [
  `load average (1 min, 2 cores shared): ${loads.join(' at the start, ')} at the end`,
  ...(groups.has('frontend')
    ? [
        `frontend_rtf            ${get('frontend_rtf').toFixed(0)}x realtime (target >= 5000; fft.js peer ${get('frontend_rtf_fftjs_peer').toFixed(0)}x, ratio ${(get('frontend_rtf') / get('frontend_rtf_fftjs_peer')).toFixed(2)})`,
      ]
    : []),
  ...(groups.has('gmm')
    ? [
        `gmm_em_s_per_iter       ${get('gmm_em_s_per_iter').toFixed(3)} s on ${backendName()} (target <= 0.12)`,
        `gmm_score_samples_per_s ${(get('gmm_score_samples_per_s') / 1e6).toFixed(2)} M/s (target >= 2.4; float64 JS peer ${(get('gmm_score_samples_per_s_js_peer') / 1e6).toFixed(2)} M/s)`,
      ]
    : []),
  ...engineLines,
  ...trainLines,
  ...estimateLines,
  ...peerLines,
];
process.stderr.write(lines.join('\n') + '\n');
