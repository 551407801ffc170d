/**
 * The tuned-PyTorch peer of the VAE training line, measured in the same run (bench/run.ts group
 * `peer`). Rounds alternate one of our VAE runs (bench/train.ts, batch 100, one native thread)
 * with one PyTorch run of the same network and step (./peer/torch_vae.py, one thread), so both
 * see the same load on a shared machine; the ratio is the median of the per-round ratios.
 *   peer_torch_vae_samples_per_s   PyTorch, median over the rounds
 *   train_vae_vs_torch             ours / PyTorch, median of the rounds' ratios
 * PyTorch runs with its own environment only: OpenBLAS's AVX-512 kernels
 * (OPENBLAS_CORETYPE=SkylakeX; the script checks a product against float64 first) and glibc
 * malloc keeping freed memory. Python: NPASD_PEER_PYTHON, else Debian's /usr/bin/python3
 * (`apt-get install python3-torch libopenblas0-pthread`). Without it the group says why and
 * emits nothing.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { backendName, setBackendThreads } from '../src/engine/backend.ts';
import { dnnlLoaded } from '../src/engine/dnnl.ts';
import type { Row } from './engine.ts';
import { medianOf } from './timing.ts';
import { benchSettings, measure, syntheticData } from './train.ts';

const ROUNDS = 5;
const BATCH = 100;
const TORCH_STEPS = 100;

const TORCH_ENV = {
  OPENBLAS_CORETYPE: 'SkylakeX',
  OPENBLAS_NUM_THREADS: '1',
  MALLOC_MMAP_THRESHOLD_: '1000000000',
  MALLOC_TRIM_THRESHOLD_: '1000000000',
  MALLOC_TOP_PAD_: '1000000000',
};

interface TorchRun {
  samples_per_s: number;
  ms_per_step: number;
  torch: string;
  threads: number;
  matmul_max_rel_error_vs_float64: number;
}

/** One PyTorch run of `steps` timed steps, or the reason it could not run. */
function torchRun(python: string, steps: number): TorchRun | string {
  const script = fileURLToPath(new URL('./peer/torch_vae.py', import.meta.url));
  const r = spawnSync(python, [script, String(BATCH), '1', String(steps)], {
    env: { ...process.env, ...TORCH_ENV },
    encoding: 'utf8',
  });
  if (r.error) return `${python}: ${r.error.message}`;
  if (r.status !== 0)
    return `${python} ${script} exited ${r.status}: ${r.stderr.trim().split('\n').at(-1)}`;
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(last) as TorchRun;
  } catch {
    return `${script} printed no result line: ${last.slice(0, 200)}`;
  }
}

/** Emits the peer rows; returns the human summary lines. */
export function peerBench(emit: (row: Row) => void): string[] {
  const python = process.env.NPASD_PEER_PYTHON || '/usr/bin/python3';
  // A one-step probe: is PyTorch there, and which version (its figure is not used).
  const first = torchRun(python, 1);
  if (typeof first === 'string') return [`peer (tuned PyTorch) skipped: ${first}`];
  const dnnl = dnnlLoaded();
  const threadsBefore = dnnl?.threads();
  if (dnnl) setBackendThreads(1);
  const data = syntheticData();
  const ours: number[] = [];
  const torch: number[] = [];
  try {
    for (let r = 0; r < ROUNDS; r++) {
      ours.push(measure('vae', data, benchSettings({ batchSize: BATCH })).samplesPerS);
      const t = torchRun(python, TORCH_STEPS);
      if (typeof t === 'string') return [`peer (tuned PyTorch) failed: ${t}`];
      torch.push(t.samples_per_s);
    }
  } finally {
    if (threadsBefore !== undefined) setBackendThreads(threadsBefore);
  }
  const ratios = ours.map((o, i) => o / torch[i]);
  const [torchMid, oursMid, ratioMid] = [torch, ours, ratios].map(medianOf);
  const common = { batch: BATCH, threads: 1, rounds: ROUNDS, network: '1344-512-512-512-32' };
  emit({
    bench: 'peer_torch_vae_samples_per_s',
    value: torchMid,
    unit: 'samples/s',
    backend: `torch ${first.torch} (OpenBLAS)`,
    ...common,
    per_round: torch,
    env: TORCH_ENV,
    matmul_max_rel_error_vs_float64: first.matmul_max_rel_error_vs_float64,
  });
  emit({
    bench: 'train_vae_vs_torch',
    value: ratioMid,
    unit: 'ratio',
    backend: backendName(),
    ...common,
    ours_per_round: ours,
    ratio_per_round: ratios,
  });
  return [
    `peer_torch_vae_samples_per_s batch 100, 1 thread: torch ${first.torch} ${torchMid.toFixed(0)}, ` +
      `ours (${backendName()} x1) ${oursMid.toFixed(0)}; ratio ${ratioMid.toFixed(2)} ` +
      `(rounds ${ratios.map((x) => x.toFixed(2)).join(' ')}; target >= 1.0)`,
  ];
}
