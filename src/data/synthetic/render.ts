/**
 * Rendering planned corpus files to WAV, in bounded memory: a job is a group of files drawn from
 * one generator stream (all normal files share the continuous engine stream; every O and
 * anomaly file is its own job). Samples are drawn in chunks of CHUNK into one reused buffer and
 * streamed to the WAV writer, which hashes and writes atomically.
 */
import { join } from 'node:path';
import { mkdirSync } from 'node:fs';
import { makeRng } from '../../util/rng.ts';
import { getGenerator } from '../../synth/registry.ts';
import { openWavWriter } from '../../audio/wavWriter.ts';
import type { CorpusPlan, PlannedFile } from './plan.ts';

/** Samples per fill() call: 64 Ki samples = 256 KiB of float32, reused. */
const CHUNK = 1 << 16;

export interface RenderJob {
  generator: string;
  params: Record<string, unknown>;
  seed: number;
  stream: string;
  sampleRate: number;
  /** Files in stream order; each takes the next `samples` samples of the stream. */
  files: PlannedFile[];
}

/** What one written file turned into. */
export interface RenderedFile {
  path: string;
  sha256: string;
  bytes: number;
}

/** Groups a plan's files into jobs (one per generator stream), longest first for load balance. */
export function planJobs(plan: CorpusPlan): RenderJob[] {
  const byStream = new Map<string, RenderJob>();
  for (const f of plan.files) {
    let job = byStream.get(f.stream);
    if (!job) {
      job = {
        generator: f.generator,
        params: f.params,
        seed: f.seed,
        stream: f.stream,
        sampleRate: plan.config.sampleRate,
        files: [],
      };
      byStream.set(f.stream, job);
    }
    job.files.push(f);
  }
  const sized = [...byStream.values()].map((job) => ({
    job,
    samples: job.files.reduce((s, f) => s + f.samples, 0),
  }));
  return sized.sort((a, b) => b.samples - a.samples).map((x) => x.job);
}

/**
 * Renders a job's files under `dir`. Files in `done` are not written again; their samples are
 * still drawn (and discarded) so the files after them in a shared stream come out identical.
 * `onFile` is called after each file is completely written and renamed into place.
 */
export function renderJob(
  job: RenderJob,
  dir: string,
  done: ReadonlySet<string>,
  onFile: (w: RenderedFile) => void,
): void {
  const source = getGenerator(job.generator).create(
    job.params,
    makeRng(job.seed, job.stream),
    job.sampleRate,
  );
  const buf = new Float32Array(CHUNK);
  // A finished tail of the stream need not be drawn at all.
  let last = job.files.length - 1;
  while (last >= 0 && done.has(job.files[last].path)) last--;
  for (let k = 0; k <= last; k++) {
    const file = job.files[k];
    const skip = done.has(file.path);
    const target = join(dir, file.path);
    if (!skip) mkdirSync(join(target, '..'), { recursive: true });
    const writer = skip
      ? null
      : openWavWriter(target, {
          sampleRate: job.sampleRate,
          format: 'pcm16',
          totalSamples: file.samples,
        });
    try {
      for (let at = 0; at < file.samples; at += CHUNK) {
        const chunk = buf.subarray(0, Math.min(CHUNK, file.samples - at));
        source.fill(chunk);
        writer?.write(chunk);
      }
    } catch (e) {
      writer?.abort();
      throw e;
    }
    if (writer) onFile({ path: file.path, ...writer.close() });
  }
}
