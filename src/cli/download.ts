/**
 * `npasd download` (`npm run download -- ...`): a DCASE Task 2 development set (src/cli/main.ts
 * adds it).
 *   npasd download <dataset> --out DIR [--machines fan,pump] [--base-url URL] [--catalogue FILE]
 *                  [--retries N] [--delete-archives]
 * Downloads the dataset from its Zenodo record (record ids, archives and md5 checksums in
 * data-scripts/datasets.json), verifies each archive's md5, and unpacks it into
 * DIR/<machine_type>/{train,test}/. Running the same command again resumes an interrupted
 * download and skips what is done. Exit codes: 0 done, 1 network or server failure (run again to
 * resume), 2 bad option, wrong checksum, unsafe/unexpected/oversized archive or a local failure
 * (a full disk, a read-only --out).
 */
import type { Argv } from 'yargs';
import { defaultCataloguePath, loadCatalogue } from '../data/download/catalogue.ts';
import { downloadDataset } from '../data/download/dataset.ts';
import { exitCodeOf } from '../data/download/errors.ts';
import { DEFAULT_MAX_EXPANDED_BYTES } from '../data/download/unzip.ts';
import { byteProgress } from '../data/download/progress.ts';
import { downloadMessages } from '../messages/index.ts';
import { withHelp } from './help.ts';

interface DownloadArgs {
  dataset: string;
  out: string;
  machines?: string;
  'base-url'?: string;
  catalogue: string;
  retries: number;
  'delete-archives': boolean;
  'max-expanded-gb': number;
}

async function downloadCommand(a: DownloadArgs): Promise<void> {
  // Thrown: main prints the message alone and exits 2.
  if (!Number.isInteger(a.retries) || a.retries < 0) {
    throw new Error(downloadMessages.badRetries(a.retries));
  }
  const maxGb = a['max-expanded-gb'];
  if (!(typeof maxGb === 'number' && maxGb > 0))
    throw new Error(downloadMessages.badMaxExpanded(maxGb));
  // yargs does not carry the positional's type through .command().
  const dataset = String(a.dataset);
  const progress = byteProgress();
  try {
    const catalogue = loadCatalogue(a.catalogue);
    const machines = a.machines
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    const archives = await downloadDataset({
      catalogue,
      dataset,
      out: a.out,
      machines,
      baseUrl: a['base-url'],
      retries: a.retries,
      deleteArchives: a['delete-archives'],
      limits: { maxExpandedBytes: maxGb * 2 ** 30 },
      onProgress: progress.update,
      log: progress.print,
    });
    progress.close(downloadMessages.done(dataset, archives.length, a.out));
  } catch (e) {
    progress.close(e instanceof Error ? e.message : String(e));
    process.exitCode = exitCodeOf(e);
  }
}

/** Adds `download` to the parser. */
export function downloadCommands<T>(y: Argv<T>): Argv<T> {
  return y.command(
    'download <dataset>',
    'download, verify and unpack a DCASE Task 2 development set',
    (c) =>
      withHelp(
        c
          .positional('dataset', {
            type: 'string',
            demandOption: true,
            describe: 'dataset id in the catalogue (dcase2020, dcase2023)',
          })
          .option('out', {
            type: 'string',
            demandOption: true,
            requiresArg: true,
            describe: 'output directory',
          })
          .option('machines', {
            type: 'string',
            requiresArg: true,
            describe: 'comma-separated machine types (default: all of the dataset)',
          })
          .option('base-url', {
            type: 'string',
            requiresArg: true,
            describe:
              "scheme and host replacing the catalogue's (a mirror), e.g. http://127.0.0.1:8080",
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
          .option('max-expanded-gb', {
            type: 'number',
            default: DEFAULT_MAX_EXPANDED_BYTES / 2 ** 30,
            describe:
              "refuse an archive whose entries add up to more than this many GiB (or 20 times the archive's size)",
          })
          .option('delete-archives', {
            type: 'boolean',
            default: false,
            describe: 'remove each archive from DIR/.download once unpacked',
          }),
        'download',
      ),
    (a) => downloadCommand(a as unknown as DownloadArgs),
  );
}
