/**
 * `npm run figures -- <run-dir>`: regenerates charts/ and report.md / report.html of a finished
 * run directory from its files, without retraining (src/report/stage.ts).
 * Exit codes: 0 success; 2 for any error (not a finished run: the missing file is named; usage),
 * with only the message on stderr (NPASD_DEBUG=1 adds the stack). Chart warnings (none
 * expected) go to stderr and do not fail the command.
 */
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { figureMessages } from '../messages/index.ts';
import { writeFigures } from './stage.ts';

/** A usage error from yargs (unknown option, missing argument, ...). */
class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const args = await yargs(argv)
    .scriptName('npm run figures --')
    .command('$0 <run-dir>', 'charts and report of a finished run directory (no retraining)')
    .positional('run-dir', {
      type: 'string',
      describe: 'the run directory of a finished npasd reproduce (results/<spec>/<scale>-<hash>)',
    })
    .strict()
    .help()
    .fail((msg: string | null, err: Error | undefined) => {
      if (err) throw err;
      throw new UsageError(
        msg && /non-option arguments|run-dir/.test(msg)
          ? figureMessages.needRunDir()
          : figureMessages.usage(msg ?? ''),
      );
    })
    .parseAsync();
  const dir = String(args.runDir);
  const r = await writeFigures(dir);
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  process.stdout.write(`${figureMessages.wrote(r.charts.length / 3, `${dir}/charts`, r.report)}\n`);
}

main(hideBin(process.argv)).catch((e: unknown) => {
  const err = e instanceof Error ? e : new Error(String(e));
  process.stderr.write(`${process.env.NPASD_DEBUG ? (err.stack ?? err.message) : err.message}\n`);
  process.exitCode = 2;
});
