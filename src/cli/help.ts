/**
 * One help layout for every command, as a manual page: after yargs' usage, description,
 * positionals and options, an "Examples:" section (each command line whole on its own line, what
 * it does indented below, so long lines are not broken into yargs' two columns) and the
 * command's closing paragraph, from src/messages/help.ts.
 */
import type { Argv } from 'yargs';
import { commandHelp, type CommandHelp } from '../messages/index.ts';

/** An example's command line as the user types it. */
export const exampleLine = (cmd: string): string => cmd.replace(/^\$0\b/, 'npasd');

/** The text after the options: examples, then the closing paragraph. */
export function helpEpilog(help: CommandHelp): string {
  const examples = help.examples.map((e) => `  ${exampleLine(e.cmd)}\n      ${e.what}`);
  return `Examples:\n${examples.join('\n')}\n\n${help.epilog}`;
}

/** Adds the examples and closing paragraph of `command` to its builder. */
export function withHelp<T>(y: Argv<T>, command: string): Argv<T> {
  const help = commandHelp[command];
  if (!help) throw new Error(`no help for the command ${command}`);
  return y.epilog(helpEpilog(help));
}
