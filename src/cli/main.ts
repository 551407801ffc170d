/**
 * `npasd`: the command line (bin/npasd.mjs; `npm run npasd -- ...`, `npm run reproduce -- ...`).
 *   npasd reproduce <spec> [--scale S] [--seeds N] [--set k=v ...] [--jobs N] [--out DIR]
 *                          [--backend B] [--results DIR] [--cache DIR]
 *   npasd validate <spec> [--scale S] [--seeds N] [--set k=v ...] [--jobs N] [--explain]
 *   npasd list [--jobs N]
 *   npasd report <run-dir> (src/cli/report.ts; also npm run figures -- <run-dir>)
 *   npasd train --normal DIR ... --out MODEL_DIR, npasd detect MODEL_DIR FILE... (src/cli/own.ts)
 *   npasd data --out DIR ..., npasd download <dataset> --out DIR ... (src/cli/data.ts, download.ts)
 *   npasd reproduce ... --executor slurm ..., npasd status <run-dir> (src/cli/slurm.ts)
 * Exit codes: 0 success (detect: 1 when a recording is anomalous; data and download: 1 when
 * writing or the network fails); 2 for any error (bad spec or
 * override, unknown option or spec, failed run), with only the message on stderr (NPASD_DEBUG=1
 * adds the stack). Results go to stdout, progress to stderr. Nothing is written before the spec
 * has been loaded and checked.
 */
import './userCwd.ts';
import { hideBin } from 'yargs/helpers';
import { runMessages } from '../messages/index.ts';
import { parser, UsageError } from './parser.ts';

/** Runs the command line; returns the exit code. */
export async function main(args: string[]): Promise<number> {
  try {
    await parser(args).parseAsync();
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    const err = e instanceof Error ? e : new Error(String(e));
    const command =
      [
        'reproduce',
        'validate',
        'list',
        'report',
        'train',
        'detect',
        'data',
        'download',
        'status',
        'unit',
        'finish',
      ].find((c) => args[0] === c) ?? null;
    const message =
      err instanceof UsageError ? runMessages.usage(err.message, command) : err.message;
    process.stderr.write(`${message}\n`);
    if (process.env.NPASD_DEBUG === '1') {
      for (let c: unknown = err; c instanceof Error; c = c.cause) {
        process.stderr.write(`${c.stack ?? c.message}\n`);
      }
    }
    return 2;
  }
}

// A closed stdout (`npasd list | head`) ends the output quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code !== 'EPIPE') throw e;
});
process.exitCode = await main(hideBin(process.argv));
