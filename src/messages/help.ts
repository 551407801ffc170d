/**
 * The `--help` of each command beyond its options: examples (each a command line as typed, `$0`
 * standing for npasd, and what it does) and a closing paragraph, in one layout for every
 * command (src/cli/help.ts adds them). test/cli/helpExamples.test.ts parses every example, and
 * runs the cheap ones (validate, list; the spec part of reproduce and train through validate).
 * Examples use paths a reader replaces with their own (rec/..., models/...); `<hash>` stands
 * for the run directory's name that reproduce prints.
 */
import { ownDataMessages } from './recordings.ts';

export interface HelpExample {
  /** The command line, `$0` first; words separated by single spaces, no quotes. */
  cmd: string;
  what: string;
}

export interface CommandHelp {
  examples: HelpExample[];
  epilog: string;
}

/** The visible commands' help; hidden commands (unit, finish) have none. */
export const commandHelp: Record<string, CommandHelp> = {
  reproduce: {
    examples: [
      { cmd: '$0 reproduce table1', what: 'Table I at the default (quick) scale' },
      { cmd: '$0 reproduce table1 --scale smoke', what: 'a tiny network in about a minute' },
      {
        cmd: '$0 reproduce table1 --set train.epochs=20 --set prop.rho=0.1 --jobs 2',
        what: 'spec fields overridden, two units at a time',
      },
      {
        cmd: '$0 reproduce grid-example --executor slurm --dry-run',
        what: 'the Slurm batch scripts, nothing submitted',
      },
    ],
    epilog:
      'Writes the run directory (data, features, per unit the detector and its scores, ' +
      'metrics CSVs, charts and report.md / report.html) and prints Table I. Running the same ' +
      'command again resumes an interrupted run; a finished one is reused. `npasd validate` ' +
      'checks the same arguments in a second. Exit code 2 on any error.',
  },
  validate: {
    examples: [
      { cmd: '$0 validate table1', what: 'cells, units and the estimated run time' },
      {
        cmd: '$0 validate table1 --scale paper --set train.epochs=50',
        what: 'check overrides before a long run',
      },
      { cmd: '$0 validate table1 --explain', what: 'every spec field that --set takes' },
      {
        cmd: '$0 validate table1 --scale paper --jobs 1 --backend wasm+dnnl',
        what: 'the paper scale estimated for one unit at a time on the native matmuls',
      },
    ],
    epilog:
      'Writes nothing. A bad spec, scale or --set is named with its file and field; exit ' +
      'code 2 then, 0 when the spec is valid.',
  },
  list: {
    examples: [
      { cmd: '$0 list', what: 'every spec and scale with its estimated run time' },
      { cmd: '$0 list --jobs 1', what: 'the estimates for one worker process' },
      { cmd: '$0 list --backend wasm', what: 'the estimates on the plain wasm kernels' },
    ],
    epilog:
      "Estimates come from this machine's bench figures for the backend a run would use " +
      '(--backend, else the one that loads, found without loading TensorFlow.js) and its native ' +
      'threads per unit (cores / --jobs); DCASE specs have no estimate before their data is ' +
      'downloaded. Exit code 2 when a spec is broken (named on stderr).',
  },
  report: {
    examples: [
      {
        cmd: '$0 report results/table1/quick-<hash>',
        what: 'redo the charts and the report of the run reproduce printed',
      },
    ],
    epilog:
      'Writes <run-dir>/charts (PNG, SVG and Vega-Lite per chart) and report.md / report.html ' +
      'from the run files, without retraining. Exit code 2 when the run is not finished (the ' +
      'missing file is named).',
  },
  train: {
    examples: [
      {
        cmd: '$0 train --normal rec/normal --other rec/other --out models/pump',
        what: 'PROP with table1 quick settings',
      },
      {
        cmd: '$0 train --normal rec/normal --method vae --scale smoke --out /tmp/m',
        what: 'a tiny VAE in seconds',
      },
      {
        cmd: '$0 train --normal rec/normal --set prop.rho=0.01 --set train.epochs=20 --out models/pump',
        what: 'spec fields overridden',
      },
    ],
    epilog: ownDataMessages.trainEpilog(),
  },
  detect: {
    examples: [
      { cmd: '$0 detect models/pump rec/today/a.wav', what: 'CSV on stdout; exit 1 if anomalous' },
      {
        cmd: '$0 detect models/pump rec/today --frames none --out today.csv',
        what: 'every audio file of a folder, one row per file',
      },
      {
        cmd: '$0 detect models/pump a.flac b.wav --format json --plot plots',
        what: 'JSON and a plot per file',
      },
    ],
    epilog: ownDataMessages.detectEpilog(),
  },
  data: {
    examples: [
      { cmd: '$0 data --out data/quick', what: 'the default (quick) corpus and its test set' },
      { cmd: '$0 data --out /tmp/smoke --scale smoke', what: 'a tiny corpus in seconds' },
      { cmd: '$0 data --real-bench --out data/real-bench', what: 'the real-sound benchmark' },
    ],
    epilog:
      'Writes 16 kHz WAV files with manifest.json, and the test set with labels.csv under ' +
      'DIR/test. Running the same command again resumes; a directory holding another corpus is ' +
      'refused. reproduce makes its own corpus: this command is for looking at the data. Exit ' +
      'code 1 when writing fails, 2 on bad arguments.',
  },
  download: {
    examples: [
      {
        cmd: '$0 download dcase2020 --out data/dcase2020 --machines fan',
        what: 'one machine type',
      },
      {
        cmd: '$0 download dcase2023 --out data/dcase2023 --delete-archives',
        what: 'every machine type, archives removed once unpacked',
      },
    ],
    epilog:
      "Each archive's md5 is checked against the catalogue before it is unpacked into " +
      'DIR/<machine_type>/{train,test}/; running the same command again resumes and skips what ' +
      'is done. Exit code 1 on a network or server failure (run again to resume), 2 on a bad ' +
      'option, a wrong checksum, an unsafe archive or a local failure.',
  },
  status: {
    examples: [
      {
        cmd: '$0 status results/grid-example/smoke-<hash>',
        what: 'after reproduce --executor slurm',
      },
    ],
    epilog:
      'Reads the run directory and asks Slurm (squeue, and sacct when the cluster keeps ' +
      'accounting); changes nothing. Failed units are listed with their log. Running the same ' +
      'reproduce command again submits the failed and missing units.',
  },
};
