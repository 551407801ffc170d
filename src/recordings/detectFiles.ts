/**
 * `npasd detect` over many recordings (I/O edge): the model is loaded once and one front end
 * serves every file; files are scored one at a time (detect.ts), each result written as soon as
 * it is known (output.ts), with a line per file on the progress stream and, with `plotDir`, the
 * Fig. 4 view per file (<plotDir>/<name>.{vl.json,svg,png}, <name> the file's name without its
 * extension, numbered -2, -3, ... when two files share one). A file that fails is reported with
 * its name and the others are still scored. Everything the model allocates is freed at the end.
 */
import { mkdirSync, statSync, type Stats } from 'node:fs';
import { basename, extname } from 'node:path';
import { detectionChart } from '../report/detectionChart.ts';
import { writeChart } from '../report/render.ts';
import { createFrontEnd, type FrameExtractor } from '../features/frontEnd.ts';
import { ownDataMessages } from '../messages/index.ts';
import { scoreRecording, type RecordingResult } from './detect.ts';
import { loadModel } from './model.ts';
import { DetectWriter, type DetectFormat, type DetectFrames } from './output.ts';
import { OutputError } from './detectOutput.ts';

export interface DetectFilesOptions {
  modelDir: string;
  files: string[];
  format: DetectFormat;
  /** Frame scores in the output: all (default), those above the threshold, or none. */
  frames?: DetectFrames;
  /** Receives the output text, in order; throws an OutputError when the output fails. */
  write: (text: string) => void;
  plotDir?: string;
  /** Seconds of audio per block (default 10). */
  blockSec?: number;
  /** Per-file lines and errors (default: stderr). */
  stream?: NodeJS.WritableStream;
}

export interface DetectSummary {
  anomalous: number;
  normal: number;
  failed: number;
  /** Per file, in order: its result (clip and frame scores), or the error that stopped it. */
  results: (RecordingResult | { file: string; error: string })[];
}

/** Chart names for `files`: base names without extension, numbered when repeated. */
function plotNames(files: readonly string[]): string[] {
  const used = new Map<string, number>();
  return files.map((f) => {
    const base = basename(f, extname(f)) || 'recording';
    const k = (used.get(base) ?? 0) + 1;
    used.set(base, k);
    return k === 1 ? base : `${base}-${k}`;
  });
}

/**
 * Only regular files (and symbolic links to them) are audio: a FIFO would block the reader
 * forever and a device (/dev/zero) never ends. Missing files are left to the reader's message.
 */
function checkRegularFile(file: string): void {
  let st: Stats;
  try {
    st = statSync(file);
  } catch {
    return;
  }
  if (st.isFile()) return;
  const kind = st.isFIFO()
    ? 'a FIFO (named pipe)'
    : st.isCharacterDevice()
      ? 'a character device'
      : st.isBlockDevice()
        ? 'a block device'
        : st.isDirectory()
          ? 'a directory'
          : st.isSocket()
            ? 'a socket'
            : 'a special file';
  throw new Error(ownDataMessages.notRegularFile(file, kind));
}

/** Scores every file; throws only when the model cannot be loaded (nothing written then). */
export async function detectFiles(o: DetectFilesOptions): Promise<DetectSummary> {
  const stream = o.stream ?? process.stderr;
  const model = await loadModel(o.modelDir);
  const summary: DetectSummary = { anomalous: 0, normal: 0, failed: 0, results: [] };
  let extractor: FrameExtractor | undefined;
  try {
    extractor = await createFrontEnd(model.detector.applied().frontend);
    const writer = new DetectWriter(o.format, o.write, model, o.frames ?? 'all');
    if (o.plotDir !== undefined) mkdirSync(o.plotDir, { recursive: true });
    const names = plotNames(o.files);
    const plot = o.plotDir !== undefined;
    for (const [i, file] of o.files.entries()) {
      try {
        checkRegularFile(file);
        const { result, view } = await scoreRecording(model, extractor, file, {
          ...(o.blockSec !== undefined ? { blockSec: o.blockSec } : {}),
          plot,
        });
        if (view && o.plotDir !== undefined) {
          const subtitle = ownDataMessages.plotSubtitle(
            file,
            result.anomalous,
            result.clipScore,
            result.threshold,
          );
          const spec = detectionChart(view, {
            title: ownDataMessages.plotTitle(model.info.method),
            subtitle,
          });
          await writeChart(o.plotDir, names[i], spec);
        }
        writer.file(result);
        summary.results.push(result);
        stream.write(`${ownDataMessages.fileLine(result)}\n`);
        if (result.anomalous) summary.anomalous++;
        else summary.normal++;
      } catch (e) {
        // The output failed (disk full, ...), not this recording: stop, naming the output.
        if (e instanceof OutputError) throw e;
        const message = (e as Error).message;
        const named = message.includes(file) ? message : ownDataMessages.fileFailed(file, message);
        writer.error(file, named);
        summary.results.push({ file, error: named });
        stream.write(`${named}\n`);
        summary.failed++;
      }
    }
    writer.end();
    return summary;
  } finally {
    extractor?.dispose();
    model.detector.dispose();
  }
}
