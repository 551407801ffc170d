/**
 * The corpus plan: which files a (CorpusConfig, seed) pair yields, with every parameter that
 * determines their samples. Pure: no audio is rendered here, so the plan (and its hash) is known
 * before anything is written, and the writer can resume from it.
 *
 * Layout (paths relative to the corpus directory):
 * - normal/train/engine_NNNN.wav, normal/test/engine_NNNN.wav: one continuous engine stream,
 *   cut into files of at most fileSec. The train files cover stream samples
 *   [0, normalTrainSec * rate), the test files the normalTestSec after them, so training and
 *   test audio never overlap (each file records its stream range).
 * - other/<type>/<type>_NNNN.wav: O, machine types round-robin over files, parameters drawn
 *   per file.
 * - anomaly/<category>/<id>.wav: the 45 anomalies of the catalogue.
 */
import { createHash } from 'node:crypto';
import { makeRng } from '../../util/rng.ts';
import type { CorpusConfig } from './config.ts';
import {
  anomalyCatalogue,
  familyEntries,
  type AnomalyCategory,
} from '../../synth/anomaly/catalogue.ts';
import { resolveEngineParams } from '../../synth/engine.ts';
import { resolvePrinterParams } from '../../synth/printer.ts';
import { getGenerator, otherMachineNames } from '../../synth/registry.ts';
import { badCorpusConfig } from '../../messages/index.ts';

/** `test`: a given test file (recorded datasets such as DCASE), not mixed from parts. */
type Role = 'normal' | 'other' | 'anomaly' | 'test';

/** One planned file; the manifest entry is this plus its sha256. */
export interface PlannedFile {
  /** Path relative to the corpus directory, '/'-separated. */
  path: string;
  role: Role;
  /** Normal files: training (D) or held-out test audio. */
  split?: 'train' | 'test';
  /** Anomalies: sustained, time-varying or sudden. */
  category?: AnomalyCategory;
  /** Anomalies: the catalogue id. */
  anomalyId?: string;
  /** Test files: the label from the dataset ('unknown' on evaluation sets) and DCASE domain. */
  label?: 'normal' | 'anomaly' | 'unknown';
  domain?: 'source' | 'target';
  /** Registered generator name. */
  generator: string;
  /** The generator's full parameters (defaults merged), JSON. */
  params: Record<string, unknown>;
  /** Corpus seed; the file's generator stream is makeRng(seed, stream). */
  seed: number;
  /** Purpose name of the random stream ('normal' is shared by all normal files). */
  stream: string;
  /** Length, samples. */
  samples: number;
  durationSec: number;
  /** Normal files: index of the first sample in the continuous engine stream. */
  streamStart?: number;
}

export interface CorpusPlan {
  config: CorpusConfig;
  seed: number;
  files: PlannedFile[];
  /** sha256 of the canonical JSON of (config, seed, files): identifies the corpus content. */
  planHash: string;
}

/** Splits `total` samples into consecutive pieces of at most `size`. */
function pieces(total: number, size: number): number[] {
  const out: number[] = [];
  for (let done = 0; done < total; done += size) out.push(Math.min(size, total - done));
  return out;
}

const pad = (i: number): string => String(i).padStart(4, '0');

/** Checks the config's numbers; throws with the field name and what is allowed. */
function checkCorpusConfig(c: CorpusConfig): void {
  const positive = (field: keyof CorpusConfig, v: number, min = 0, strict = true): void => {
    if (!Number.isFinite(v) || (strict ? v <= min : v < min)) {
      throw new Error(badCorpusConfig(field, v, strict ? `> ${min}` : `>= ${min}`));
    }
  };
  positive('sampleRate', c.sampleRate, 1000);
  positive('normalTrainSec', c.normalTrainSec);
  positive('normalTestSec', c.normalTestSec);
  positive('otherSec', c.otherSec, 0, false);
  positive('fileSec', c.fileSec);
  positive('anomaliesPerFamily', c.anomaliesPerFamily, 1, false);
  for (const t of c.otherTypes) getGenerator(t);
  for (const t of c.anomalyFamilies) getGenerator(t);
}

export function planCorpus(config: CorpusConfig, seed: number): CorpusPlan {
  checkCorpusConfig(config);
  const rate = config.sampleRate;
  const fileSamples = Math.round(config.fileSec * rate);
  const files: PlannedFile[] = [];

  const normalParams = (config.normal === 'printer'
    ? resolvePrinterParams(config.printer)
    : resolveEngineParams(config.engine)) as unknown as Record<string, unknown>;
  let streamStart = 0;
  for (const split of ['train', 'test'] as const) {
    const total = Math.round(
      (split === 'train' ? config.normalTrainSec : config.normalTestSec) * rate,
    );
    pieces(total, fileSamples).forEach((samples, i) => {
      files.push({
        path: `normal/${split}/${config.normal}_${pad(i)}.wav`,
        role: 'normal',
        split,
        generator: config.normal,
        params: normalParams,
        seed,
        stream: 'normal',
        samples,
        durationSec: samples / rate,
        streamStart,
      });
      streamStart += samples;
    });
  }

  const types = config.otherTypes.length > 0 ? config.otherTypes : otherMachineNames();
  pieces(Math.round(config.otherSec * rate), fileSamples).forEach((samples, i) => {
    const type = types[i % types.length];
    const stream = `other/${pad(i)}`;
    const params = getGenerator(type).draw(makeRng(seed, `${stream}/params`));
    files.push({
      path: `other/${type}/${type}_${pad(i)}.wav`,
      role: 'other',
      generator: type,
      params: params as Record<string, unknown>,
      seed,
      stream,
      samples,
      durationSec: samples / rate,
    });
  });

  const anomalies =
    config.anomalyFamilies.length > 0
      ? familyEntries(seed, config.anomalyFamilies, config.anomaliesPerFamily)
      : anomalyCatalogue(seed);
  for (const a of anomalies) {
    const samples = Math.round(a.durationSec * rate);
    files.push({
      path: `anomaly/${a.category}/${a.id}.wav`,
      role: 'anomaly',
      category: a.category,
      anomalyId: a.id,
      generator: a.generator,
      params: a.params as Record<string, unknown>,
      seed,
      stream: `anomaly/${a.id}`,
      samples,
      durationSec: samples / rate,
    });
  }

  // Generator code versions count only once bumped, so older hashes stay valid.
  const versions = Object.fromEntries(
    [...new Set(files.map((f) => f.generator))]
      .map((g) => [g, getGenerator(g).version ?? 1])
      .filter(([, v]) => v !== 1),
  );
  const identity =
    Object.keys(versions).length > 0 ? { config, seed, files, versions } : { config, seed, files };
  const planHash = createHash('sha256').update(JSON.stringify(identity)).digest('hex');
  return { config, seed, files, planHash };
}
