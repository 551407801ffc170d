/**
 * Command-line pieces shared by src/cli/main.ts and src/cli/own.ts: the --backend and --set
 * options, the spec overrides as loadExperiment takes them, and a stdout line.
 */

/** A line on stdout (results; progress goes to stderr). */
export const out = (line: string): void => void process.stdout.write(`${line}\n`);

/** --backend: a TensorFlow.js backend by name. */
export const backendOption = {
  type: 'string',
  choices: ['tensorflow', 'wasm+dnnl', 'wasm', 'cpu'],
  describe: 'TensorFlow.js backend (default: the best that loads)',
} as const;

/** --set path=value, repeatable (always an array of strings); `example` is shown in the help. */
export const setOption = (example: string) =>
  ({
    type: 'string',
    requiresArg: true,
    describe:
      `override a spec field, path=value (repeatable), e.g. --set ${example}; ` +
      '`npasd validate <spec> --explain` lists the fields',
    coerce: (v: unknown) => ([] as unknown[]).concat(v ?? []).map(String),
  }) as const;

/** The --scale, --seeds and --set of a command as loadExperiment's (and reproduce's) options. */
export const specOverrides = (a: { scale?: string; set?: string[] }, seeds?: number) => ({
  ...(a.scale !== undefined ? { scale: a.scale } : {}),
  ...(seeds !== undefined ? { seeds } : {}),
  ...(a.set ? { sets: a.set } : {}),
});
