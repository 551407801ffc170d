/**
 * Every command's --help (one layout: options, then "Examples:", then a closing paragraph) and
 * its examples: each example is shown whole on one line of at most 96 characters (the help is
 * wrapped at 100), and parses with yargs' own checks (unknown options, choices, required
 * arguments) to its command without running it. The cheap ones run for real: validate and list
 * examples, and the spec part (spec, --scale, --set) of reproduce and train examples through
 * validate, so a misspelt spec field in an example fails here. Hidden commands have no help.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exampleLine } from '../../src/cli/help.ts';
import { parser, ParsedOnly } from '../../src/cli/parser.ts';
import { commandHelp } from '../../src/messages/index.ts';

/** Runs `fn` with process.stdout.write captured; returns what it wrote. */
async function captured(fn: () => Promise<unknown>): Promise<string> {
  const write = process.stdout.write.bind(process.stdout);
  let text = '';
  process.stdout.write = ((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  }) as typeof process.stdout.write;
  try {
    await fn();
  } finally {
    process.stdout.write = write;
  }
  return text;
}

/** Runs a command line in process, as main() would; throws on any error or exit code 2. */
async function run(args: string[]): Promise<string> {
  const before = process.exitCode;
  try {
    const text = await captured(() => parser(args).parseAsync());
    assert.notEqual(process.exitCode, 2, `${args.join(' ')} set exit code 2`);
    return text;
  } finally {
    process.exitCode = before;
  }
}

const words = (cmd: string): string[] => cmd.split(' ').slice(1);

/** Parses `args` without running the command; the parsed arguments. */
async function parsed(args: string[]): Promise<Record<string, unknown>> {
  try {
    await parser(args, { parseOnly: true }).parseAsync();
  } catch (e) {
    if (e instanceof ParsedOnly) return e.argv;
    throw e;
  }
  throw new Error(`${args.join(' ')}: the command ran or nothing was parsed`);
}

const commands = Object.keys(commandHelp);

test('the top-level help lists exactly the commands that have examples; hidden ones stay hidden', async () => {
  const help = await run(['--help']);
  const listed = [...help.matchAll(/^ {2}npasd (\w+)/gm)].map((m) => m[1]);
  assert.deepEqual([...listed].sort(), [...commands].sort());
  assert.ok(!listed.includes('unit') && !listed.includes('finish'));
});

for (const command of commands) {
  test(`${command} --help: options, the examples whole, the closing paragraph`, async () => {
    const help = await run([command, '--help']);
    const { examples, epilog } = commandHelp[command];
    assert.ok(examples.length > 0);
    const at = help.indexOf('\nExamples:\n');
    assert.ok(help.indexOf('\nOptions:\n') >= 0 && at > help.indexOf('\nOptions:\n'), help);
    for (const e of examples) {
      const line = exampleLine(e.cmd);
      assert.ok(line.length <= 96, `${line}: longer than 96 characters`);
      assert.ok(help.includes(`\n  ${line}\n      ${e.what}\n`), `${line} shown whole`);
    }
    const firstWords = epilog.split(' ').slice(0, 4).join(' ');
    assert.ok(help.indexOf(firstWords) > at, 'the closing paragraph after the examples');
  });

  test(`${command}: every example parses to the command (and the cheap ones run)`, async () => {
    for (const e of commandHelp[command].examples) {
      assert.match(e.cmd, /^\$0 \S+( \S+)*$/, 'single spaces, no quotes');
      const args = words(e.cmd);
      const argv = await parsed(args);
      assert.equal(argv._ instanceof Array && argv._[0], command, e.cmd);
      if (command === 'validate' || command === 'list') {
        const out = await run(args);
        assert.ok(out.length > 0, `${e.cmd} printed nothing`);
      } else if (command === 'reproduce' || command === 'train') {
        const spec = String(argv.spec ?? 'table1');
        const scale = argv.scale === undefined ? [] : ['--scale', String(argv.scale)];
        const sets = ((argv.set as string[] | undefined) ?? []).flatMap((s) => ['--set', s]);
        const out = await run(['validate', spec, ...scale, ...sets]);
        assert.match(out, /valid/i, `${e.cmd}: its spec part validates`);
      }
    }
  });
}

test('parse-only still refuses what the command would refuse', async () => {
  await assert.rejects(parsed(['detect', 'm', 'a.wav', '--frames', 'some']), /frames/);
  await assert.rejects(parsed(['validate', 'table1', '--bogus']), /bogus/);
});
