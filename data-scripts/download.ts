/**
 * npm run download -- <dataset> --out DIR [--machines fan,pump] [--base-url URL] [options]
 *
 * Downloads a DCASE Task 2 development set from its Zenodo record (record ids, archives and
 * md5 checksums in data-scripts/datasets.json), verifies each archive's md5, and unpacks it
 * into DIR/<machine_type>/{train,test}/. Running the same command again resumes an
 * interrupted download and skips what is done. Exit codes: 0 done, 1 network or server
 * failure (run again to resume), 2 bad option, wrong checksum or unsafe/unexpected archive.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { defaultCataloguePath, loadCatalogue } from '../src/data/download/catalogue.ts';
import { downloadDataset } from '../src/data/download/dataset.ts';
import { exitCodeOf } from '../src/data/download/errors.ts';
import { byteProgress } from '../src/data/download/progress.ts';
import { downloadMessages } from '../src/messages/index.ts';

const argv = await yargs(hideBin(process.argv))
  .scriptName('npm run download --')
  .command('$0 <dataset>', 'Download, verify and unpack a DCASE Task 2 development set.', (y) =>
    y.positional('dataset', {
      type: 'string',
      demandOption: true,
      describe: 'dataset id in the catalogue (dcase2020, dcase2023)',
    }),
  )
  .option('out', { type: 'string', demandOption: true, describe: 'output directory' })
  .option('machines', {
    type: 'string',
    describe: 'comma-separated machine types (default: all of the dataset)',
  })
  .option('base-url', {
    type: 'string',
    describe: "scheme and host replacing the catalogue's (a mirror), e.g. http://127.0.0.1:8080",
  })
  .option('catalogue', {
    type: 'string',
    default: defaultCataloguePath,
    defaultDescription: 'data-scripts/datasets.json',
    describe: 'datasets file (records, archives, md5)',
  })
  .option('retries', {
    type: 'number',
    default: 3,
    describe: 'retries per archive after a lost connection (each resumes)',
  })
  .option('delete-archives', {
    type: 'boolean',
    default: false,
    describe: 'remove each archive from DIR/.download once unpacked',
  })
  .strict()
  .version(false)
  .help()
  .fail((msg, err) => {
    process.stderr.write(`${err?.message ?? msg}\n`);
    process.exit(2);
  })
  .parse();

if (!Number.isInteger(argv.retries) || argv.retries < 0) {
  process.stderr.write(`--retries must be an integer >= 0, got ${argv.retries}\n`);
  process.exit(2);
}

// yargs does not carry the positional's type through .command().
const dataset = String(argv.dataset);
const progress = byteProgress();
try {
  const catalogue = loadCatalogue(argv.catalogue);
  const machines = argv.machines
    ?.split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const archives = await downloadDataset({
    catalogue,
    dataset,
    out: argv.out,
    machines,
    baseUrl: argv['base-url'],
    retries: argv.retries,
    deleteArchives: argv['delete-archives'],
    onProgress: progress.update,
    log: progress.print,
  });
  progress.print(downloadMessages.done(dataset, archives.length, argv.out));
} catch (e) {
  progress.print(e instanceof Error ? e.message : String(e));
  process.exit(exitCodeOf(e));
}
