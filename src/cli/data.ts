/**
 * `npasd data` (`npm run data -- ...`): the seeded synthetic corpus (src/cli/main.ts adds it).
 *   npasd data --out DIR [--scale smoke|quick|paper] [--seed N] [--workers N] [--no-test-set]
 * Generates D (engine), O (other machines) and A (45 anomalies) as 16 kHz WAV files with
 * manifest.json, then the test set (anomalies mixed into held-out engine sound at each SNR, plus
 * normal clips) under DIR/test with labels.csv. Re-running the same command resumes an
 * interrupted run; a directory holding another corpus is refused. Exit codes: 0 done, 1 when
 * writing fails, 2 for a bad option.
 */
import { join } from 'node:path';
import type { Argv } from 'yargs';
import { defaultTestSetConfig } from '../audio/mixTestSet.ts';
import {
  corpusScales,
  defaultCorpusScale,
  type CorpusScaleName,
} from '../data/synthetic/config.ts';
import { planCorpus } from '../data/synthetic/plan.ts';
import { writeCorpus } from '../data/synthetic/write.ts';
import { writeTestSet } from '../data/testSet.ts';
import { buildRealBench } from '../data/realBench/build.ts';
import { badCorpusSeed, corpusTimes, realBenchMessages, unknownScale } from '../messages/index.ts';
import { progressLine } from '../util/progress.ts';
import { withHelp } from './help.ts';

interface DataArgs {
  out: string;
  scale: string;
  seed: number;
  workers: number;
  'test-set': boolean;
  'real-bench': boolean;
}

/** `npasd data --real-bench`: the real-sound benchmark from Debian packages (build.ts). */
async function realBenchCommand(a: DataArgs): Promise<void> {
  try {
    const m = await buildRealBench({
      out: a.out,
      seed: a.seed,
      onStep: (s) => process.stderr.write(`${s}\n`),
    });
    const count: Record<string, number> = {};
    for (const f of m.files) count[f.role] = (count[f.role] ?? 0) + 1;
    const counts = Object.entries(count)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ');
    process.stderr.write(`${realBenchMessages.built(a.out, counts)}\n`);
  } catch (e) {
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}

async function dataCommand(a: DataArgs): Promise<void> {
  // Thrown: main prints the message alone and exits 2.
  if (!(a.scale in corpusScales)) throw new Error(unknownScale(a.scale, Object.keys(corpusScales)));
  if (!Number.isInteger(a.seed)) throw new Error(badCorpusSeed(a.seed));
  if (a['real-bench']) return realBenchCommand(a);
  try {
    const t0 = Date.now();
    const config = corpusScales[a.scale as CorpusScaleName];
    const plan = planCorpus(config, a.seed);
    const hours = (s: number): string => `${(s / config.sampleRate / 3600).toFixed(2)} h`;
    const bar = progressLine('corpus');
    const manifest = await writeCorpus(plan, a.out, {
      workers: a.workers,
      onProgress: (p) =>
        bar.update(
          p.filesDone,
          p.filesTotal,
          `${hours(p.samplesDone)} of ${hours(p.samplesTotal)}`,
        ),
    });
    bar.finish(`${manifest.files.length} files in ${a.out}`);
    const corpusSec = (Date.now() - t0) / 1000;
    if (a['test-set']) {
      const tbar = progressLine('test set');
      const labels = await writeTestSet(
        manifest,
        a.out,
        defaultTestSetConfig,
        join(a.out, 'test'),
        (d, n) => tbar.update(d, n),
      );
      tbar.finish(`${labels.length} clips, labels in ${join(a.out, 'test', 'labels.csv')}`);
    }
    const rssMiB = process.resourceUsage().maxRSS / 1024;
    process.stderr.write(`${corpusTimes(corpusSec, (Date.now() - t0) / 1000, rssMiB)}\n`);
  } catch (e) {
    // A failed write is exit 1 (the bad options above are 2).
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  }
}

/** Adds `data` to the parser. */
export function dataCommands<T>(y: Argv<T>): Argv<T> {
  return y.command(
    'data',
    'generate the synthetic corpus and its test set',
    (c) =>
      withHelp(
        c
          .option('out', {
            type: 'string',
            demandOption: true,
            requiresArg: true,
            describe: 'output directory',
          })
          .option('scale', {
            type: 'string',
            default: defaultCorpusScale,
            describe: `corpus size: ${Object.keys(corpusScales).join(', ')}`,
          })
          .option('seed', { type: 'number', default: 1, describe: 'corpus seed (integer)' })
          .option('workers', { type: 'number', default: 2, describe: 'worker threads (1 = none)' })
          .option('test-set', {
            type: 'boolean',
            default: true,
            describe: 'also write the test set (--no-test-set: the corpus only)',
          })
          .option('real-bench', {
            type: 'boolean',
            default: false,
            describe:
              'instead: build the real-sound benchmark (folders layout) from Debian packages fetched with apt-get download',
          }),
        'data',
      ),
    (a) => dataCommand(a as unknown as DataArgs),
  );
}
