/**
 * `npasd train` and `npasd detect`: the commands for your own recordings (src/cli/main.ts adds
 * them to its parser).
 *   npasd train --normal DIR [--other DIR] [--method prop|vae|ae] [--spec S] [--scale S]
 *               [--set k=v ...] --out MODEL_DIR [--force] [--backend B]
 *   npasd detect MODEL_DIR FILE|DIR... [--format csv|json] [--frames all|above|none]
 *               [--out FILE] [--plot DIR] [--backend B]
 * TensorFlow.js is imported only when one of them runs. Exit codes of detect: 0 when every file
 * is normal, 1 when any is anomalous, 2 on any error (set as process.exitCode).
 */
import type { Argv } from 'yargs';
import { expandAudioPaths } from '../audio/folder.ts';
import { loadExperiment } from '../experiment/load.ts';
import { ownDataMessages } from '../messages/index.ts';
import type { ModelName } from '../models/detector.ts';
import { backendOption, out, setOption, specOverrides } from './options.ts';
import { withHelp } from './help.ts';

interface TrainArgs {
  normal: string;
  other?: string;
  method: ModelName;
  spec: string;
  scale?: string;
  set?: string[];
  out: string;
  force: boolean;
  backend?: string;
}

async function trainCommand(a: TrainArgs, specDir: string): Promise<void> {
  const exp = loadExperiment({ spec: a.spec, specDir, ...specOverrides(a) });
  if (exp.cells.length !== 1) throw new Error(ownDataMessages.gridSpec(exp.file, exp.cells.length));
  const { initBackend } = await import('../engine/backend.ts');
  await initBackend(a.backend);
  const { trainRecordings } = await import('../recordings/train.ts');
  const info = await trainRecordings({
    normalDir: a.normal,
    ...(a.other !== undefined ? { otherDir: a.other } : {}),
    method: a.method,
    spec: exp.cells[0].spec,
    specInfo: { name: exp.name, file: exp.file, scale: exp.scale, sets: exp.sets },
    out: a.out,
    force: a.force,
  });
  out(ownDataMessages.trained(a.out, info.method, info.phiClip, info.clipSec, info.phiRho));
}

interface DetectArgs {
  model: string;
  files: string[];
  format: 'csv' | 'json';
  frames: 'all' | 'above' | 'none';
  out?: string;
  plot?: string;
  backend?: string;
}

async function detectCommand(a: DetectArgs): Promise<void> {
  // A folder stands for its audio files (as train reads --normal); an empty one stops here.
  const files = expandAudioPaths(a.files.map(String));
  const { checkDetectOut, DetectOutput } = await import('../recordings/detectOutput.ts');
  // --out: checked and its temporary sibling created before anything is scored (an input, the
  // model's own files or an unwritable place are refused first); renamed into place at the end.
  if (a.out !== undefined) checkDetectOut(a.out, a.model, files);
  const output = a.out === undefined ? null : new DetectOutput(a.out);
  try {
    const { initBackend } = await import('../engine/backend.ts');
    await initBackend(a.backend);
    const { detectFiles } = await import('../recordings/detectFiles.ts');
    const s = await detectFiles({
      modelDir: a.model,
      files,
      format: a.format,
      frames: a.frames,
      write: output ? (text) => output.write(text) : (text) => void process.stdout.write(text),
      ...(a.plot !== undefined ? { plotDir: a.plot } : {}),
    });
    output?.commit();
    process.stderr.write(`${ownDataMessages.detectSummary(s.anomalous, s.normal, s.failed)}\n`);
    process.exitCode = s.failed > 0 ? 2 : s.anomalous > 0 ? 1 : 0;
  } finally {
    output?.abort();
  }
}

/** Adds `train` and `detect` to the parser; `specDir` is where spec names are looked up. */
export function ownDataCommands<T>(y: Argv<T>, specDir: string, specNames: string[]): Argv<T> {
  return y
    .command(
      'train',
      'train one detector on your recordings and save it in a model directory',
      (c) =>
        withHelp(
          c
            .option('normal', {
              type: 'string',
              demandOption: true,
              requiresArg: true,
              describe: 'folder of normal recordings of the machine (D), read recursively',
            })
            .option('other', {
              type: 'string',
              requiresArg: true,
              describe:
                "folder of other machines' sounds (O; optional: without it AE and VAE train on D " +
                "alone and PROP's VAE step learns from D)",
            })
            .option('method', {
              type: 'string',
              choices: ['prop', 'vae', 'ae'],
              default: 'prop',
              describe: 'feature extractor: PROP (the paper), VAE or AE',
            })
            .option('spec', {
              type: 'string',
              default: 'table1',
              requiresArg: true,
              describe: `spec to take the settings from (${specNames.join(', ')}) or a .json path`,
            })
            .option('scale', {
              type: 'string',
              requiresArg: true,
              describe: "named scale of the spec (default: the spec's; table1: quick)",
            })
            .option('set', setOption('train.epochs=20'))
            .option('out', {
              type: 'string',
              demandOption: true,
              requiresArg: true,
              describe: 'model directory to create (written whole at the end)',
            })
            .option('force', {
              type: 'boolean',
              default: false,
              describe: 'replace an existing model directory at --out',
            })
            .option('backend', backendOption),
          'train',
        ),
      (a) => trainCommand(a as unknown as TrainArgs, specDir),
    )
    .command(
      'detect <model> <files..>',
      'score recordings with a trained model: clip score, decision, frame scores',
      (c) =>
        withHelp(
          c
            .positional('model', { type: 'string', describe: 'model directory of npasd train' })
            .positional('files', {
              type: 'string',
              describe:
                'audio files (any length, any format SoX reads) or folders of them (read ' +
                'recursively, in name order, as train reads --normal)',
            })
            .option('format', {
              type: 'string',
              choices: ['csv', 'json'],
              default: 'csv',
              describe: 'output format (see README: "Your own recordings")',
            })
            .option('frames', {
              type: 'string',
              choices: ['all', 'above', 'none'],
              default: 'all',
              describe:
                'frame scores in the output: every frame, only those above the threshold, or ' +
                'none (one clip row per file)',
            })
            .option('out', {
              type: 'string',
              requiresArg: true,
              describe: 'write the output to this file (default: stdout)',
            })
            .option('plot', {
              type: 'string',
              requiresArg: true,
              describe: 'write the Fig. 4 view of each file here (<name>.png, .svg, .vl.json)',
            })
            .option('backend', backendOption),
          'detect',
        ),
      (a) => detectCommand(a as unknown as DetectArgs),
    );
}
