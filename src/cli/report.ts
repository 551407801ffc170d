/**
 * `npasd report <run-dir>` (also `npm run figures -- <run-dir>`): regenerates charts/ and
 * report.md / report.html of a finished run directory from its files, without retraining or
 * rescoring (src/report/stage.ts). Exit code 2 on any error (not a finished run: the missing
 * file is named). Chart warnings (a run without Fig. 4's data, say) go to stderr and do not
 * fail the command.
 */
import type { Argv } from 'yargs';
import { figureMessages } from '../messages/index.ts';
import { withHelp } from './help.ts';

/** Writes the figures of `runDir`; the run directory is checked by writeFigures. */
async function reportCommand(runDir: string | undefined): Promise<void> {
  // An optional positional, so that a missing one gets this message rather than yargs' count.
  if (!runDir) throw new Error(figureMessages.needRunDir());
  // Loaded here: the other commands need none of vega.
  const { writeFigures } = await import('../report/stage.ts');
  const r = await writeFigures(runDir);
  for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
  process.stdout.write(
    `${figureMessages.wrote(r.charts.length / 3, `${runDir}/charts`, r.report)}\n`,
  );
}

/** Adds `report` to the parser. */
export function reportCommands<T>(y: Argv<T>): Argv<T> {
  return y.command(
    'report [run-dir]',
    'charts and report.md / report.html of a finished run directory (no retraining)',
    (c) =>
      withHelp(
        c.positional('run-dir', {
          type: 'string',
          describe:
            'the run directory of a finished npasd reproduce (results/<spec>/<scale>-<hash>)',
        }),
        'report',
      ),
    (a) => reportCommand(a.runDir as string | undefined),
  );
}
