/**
 * npm run data -- --out DIR [--scale smoke|quick|paper] [--seed N] [--workers N] [--no-test-set]
 *
 * Generates the seeded synthetic corpus (D: engine, O: other machines, A: 45 anomalies) as 16 kHz
 * WAV files with manifest.json, then the test set (anomalies mixed into held-out engine sound at
 * each SNR, plus normal clips) under DIR/test with labels.csv. Re-running the same command
 * resumes an interrupted run; a directory holding another corpus is refused.
 */
import { join } from 'node:path';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import {
  corpusScales,
  defaultCorpusScale,
  type CorpusScaleName,
} from '../src/data/synthetic/config.ts';
import { planCorpus } from '../src/data/synthetic/plan.ts';
import { writeCorpus } from '../src/data/synthetic/write.ts';
import { writeTestSet } from '../src/data/testSet.ts';
import { defaultTestSetConfig } from '../src/audio/mixTestSet.ts';
import { progressLine } from '../src/util/progress.ts';
import { unknownScale } from '../src/messages/index.ts';

const argv = await yargs(hideBin(process.argv))
  .scriptName('npm run data --')
  .usage('$0 --out DIR [options]\n\nGenerate the synthetic corpus and its test set.')
  .option('out', { type: 'string', demandOption: true, describe: 'output directory' })
  .option('scale', {
    type: 'string',
    default: defaultCorpusScale,
    describe: `corpus size: ${Object.keys(corpusScales).join(', ')}`,
  })
  .option('seed', { type: 'number', default: 1, describe: 'corpus seed (integer)' })
  .option('workers', { type: 'number', default: 2, describe: 'worker threads (1 = none)' })
  .option('test-set', { type: 'boolean', default: true, describe: 'also write the test set' })
  .strict()
  .help()
  .fail((msg, err) => {
    process.stderr.write(`${err?.message ?? msg}\n`);
    process.exit(2);
  })
  .parse();

if (!(argv.scale in corpusScales)) {
  process.stderr.write(`${unknownScale(argv.scale, Object.keys(corpusScales))}\n`);
  process.exit(2);
}
if (!Number.isInteger(argv.seed)) {
  process.stderr.write(`--seed must be an integer, got ${argv.seed}\n`);
  process.exit(2);
}

try {
  const t0 = Date.now();
  const config = corpusScales[argv.scale as CorpusScaleName];
  const plan = planCorpus(config, argv.seed);
  const hours = (s: number): string => `${(s / config.sampleRate / 3600).toFixed(2)} h`;
  const bar = progressLine('corpus');
  const manifest = await writeCorpus(plan, argv.out, {
    workers: argv.workers,
    onProgress: (p) =>
      bar.update(p.filesDone, p.filesTotal, `${hours(p.samplesDone)} of ${hours(p.samplesTotal)}`),
  });
  bar.finish(`${manifest.files.length} files in ${argv.out}`);
  const corpusSec = (Date.now() - t0) / 1000;
  if (argv['test-set']) {
    const tbar = progressLine('test set');
    const labels = await writeTestSet(
      manifest,
      argv.out,
      defaultTestSetConfig,
      join(argv.out, 'test'),
      (d, n) => tbar.update(d, n),
    );
    tbar.finish(`${labels.length} clips, labels in ${join(argv.out, 'test', 'labels.csv')}`);
  }
  const rssMiB = process.resourceUsage().maxRSS / 1024;
  process.stderr.write(
    `corpus ${corpusSec.toFixed(1)} s, total ${((Date.now() - t0) / 1000).toFixed(1)} s, peak RSS ${rssMiB.toFixed(0)} MiB\n`,
  );
} catch (e) {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
