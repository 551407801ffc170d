/**
 * Output of `npasd detect` (pure text builders), written file by file as results arrive.
 *
 * CSV (RFC 4180; header `file,kind,time_s,score_nats,threshold_nats,decision`): per file one
 * `clip` row (the clip score, where it was found, the threshold phiClip and the decision
 * `normal` or `anomalous`), then `frame` rows (time of the frame's centre, its score; threshold
 * and decision left empty: decisions are per clip): every frame (`frames` = 'all', the
 * default), only the frames scoring above the threshold ('above'), or none ('none': one row per
 * file). Files that failed are not in the CSV (their errors go to stderr).
 *
 * JSON: `{ format: "npasd-detect", version, frames, model: {...}, files: [...], errors: [...] }`,
 * each file with its clip score, decision and `frameScores: { timeSec: [...], score: [...] }`
 * holding the same frames as the CSV (left out with 'none'), each error `{ file, message }`.
 */
import { compactJson } from '../report/render.ts';
import type { RecordingResult } from './detect.ts';
import type { LoadedModel } from './model.ts';

export type DetectFormat = 'csv' | 'json';

/** Which frame scores the output holds: every frame, those above the threshold, or none. */
export type DetectFrames = 'all' | 'above' | 'none';

const DETECT_FORMAT = 'npasd-detect';
const DETECT_VERSION = 1;
export const CSV_HEADER = 'file,kind,time_s,score_nats,threshold_nats,decision';

/** A CSV field: quoted when it holds a comma, quote or line break. */
const field = (s: string): string => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** Times to the microsecond (frame centres are exact in far fewer digits). */
const sec = (t: number): number => Math.round(t * 1e6) / 1e6;

const decisionOf = (r: RecordingResult): string => (r.anomalous ? 'anomalous' : 'normal');

/** Indices of the frames of `r` the output holds (in time order). */
function frameIndices(r: RecordingResult, frames: DetectFrames): Iterable<number> {
  if (frames === 'none') return [];
  const all = Array.from({ length: r.scores.length }, (_, i) => i);
  return frames === 'all' ? all : all.filter((i) => r.scores[i] > r.threshold);
}

/** The CSV rows of one file (no header), each ending with "\n", in pieces of `rows` lines. */
function* csvRows(r: RecordingResult, frames: DetectFrames, rows = 4096): Generator<string> {
  const f = field(r.file);
  yield `${f},clip,${sec(r.clipTimeSec)},${r.clipScore},${r.threshold},${decisionOf(r)}\n`;
  let text = '';
  let n = 0;
  for (const i of frameIndices(r, frames)) {
    text += `${f},frame,${sec(r.times[i])},${r.scores[i]},,\n`;
    if (++n % rows === 0) {
      yield text;
      text = '';
    }
  }
  if (text) yield text;
}

/** The JSON object of one file. */
function jsonFile(r: RecordingResult, frames: DetectFrames) {
  const shown = [...frameIndices(r, frames)];
  return {
    file: r.file,
    durationSec: r.durationSec,
    decision: decisionOf(r),
    clipScore: r.clipScore,
    clipTimeSec: sec(r.clipTimeSec),
    threshold: r.threshold,
    windows: r.windows,
    framesAboveThreshold: r.framesAbove,
    ...(frames === 'none'
      ? {}
      : {
          frameScores: {
            timeSec: shown.map((i) => sec(r.times[i])),
            score: shown.map((i) => r.scores[i]),
          },
        }),
  };
}

/** The model part of the JSON output. */
function jsonModel(m: LoadedModel) {
  const i = m.info;
  return {
    dir: m.dir,
    method: i.method,
    threshold: i.phiClip,
    thresholdRule: 'phi-clip',
    clipSec: i.clipSec,
    clipFrames: i.clipFrames,
    aggregation: i.aggregation,
    rho: i.rho,
    phiRho: i.phiRho,
  };
}

/** Writes results in `format` through `write`, file by file; call end() once at the end. */
export class DetectWriter {
  private files = 0;
  private readonly errors: { file: string; message: string }[] = [];

  constructor(
    private readonly format: DetectFormat,
    private readonly write: (text: string) => void,
    model: LoadedModel,
    private readonly frames: DetectFrames = 'all',
  ) {
    if (format === 'csv') {
      write(`${CSV_HEADER}\n`);
    } else {
      const head = {
        format: DETECT_FORMAT,
        version: DETECT_VERSION,
        frames,
        model: jsonModel(model),
      };
      write(`${compactJson(head).slice(0, -2)},\n  "files": [`);
    }
  }

  file(r: RecordingResult): void {
    if (this.format === 'csv') {
      for (const text of csvRows(r, this.frames)) this.write(text);
    } else {
      const json = compactJson(jsonFile(r, this.frames), '    ');
      this.write(`${this.files > 0 ? ',' : ''}\n    ${json}`);
    }
    this.files++;
  }

  error(file: string, message: string): void {
    this.errors.push({ file, message });
  }

  end(): void {
    if (this.format === 'json') {
      const errors = this.errors.map((e) => `\n    ${compactJson(e, '    ')}`).join(',');
      this.write(
        `${this.files > 0 ? '\n  ' : ''}],\n  "errors": [${errors}${errors ? '\n  ' : ''}]\n}\n`,
      );
    }
  }
}
