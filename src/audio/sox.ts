/**
 * SoX for everything our WAV codec does not cover: other formats (FLAC, OGG, MP3, AIFF...) and
 * sample-rate conversion. We run the `sox` binary directly (spawn, no shell) rather than the
 * `node-sox` npm package, which depends on the npm placeholder packages `child_process` and
 * `events` and is unmaintained.
 *
 * SoX writes raw little-endian 32-bit float on stdout. Raw rather than WAV because a WAV header
 * written to a pipe cannot be patched afterwards, so its declared length may be wrong.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { audioMessages } from '../messages/index.ts';
import { AudioError } from './errors.ts';
import { viewAs } from './pcm.ts';

/** Format options for raw little-endian float32 (on stdin or stdout). -V1: errors only. */
const RAW_F32 = ['-t', 'raw', '-e', 'floating-point', '-b', '32', '-L'];

/** The sox binary: $NPASD_SOX when set (tests point it at a missing path), else `sox`. */
function soxBinary(): string {
  return process.env.NPASD_SOX || 'sox';
}

/** A running sox: its process, and its outcome once it has exited. */
export interface SoxRun {
  child: ChildProcessWithoutNullStreams;
  /** Resolves (never rejects) with null on exit code 0, else the AudioError to report. */
  exit: Promise<AudioError | null>;
}

/**
 * Start sox with `args`, feeding `input` on stdin when given (stdin is closed either way); the
 * caller reads stdout. `file` and `why` (why SoX is needed) go into the error messages.
 */
function startSox(args: string[], file: string, why: string, input?: Uint8Array): SoxRun {
  const bin = soxBinary();
  const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
  const err: Buffer[] = [];
  child.stderr.on('data', (b: Buffer) => err.push(b));
  // The first of 'error' (sox could not be started) and 'close' decides.
  const exit = new Promise<AudioError | null>((resolve) => {
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT')
        resolve(new AudioError(file, audioMessages.soxMissing(file, why, bin), { cause: e }));
      else
        resolve(
          new AudioError(file, audioMessages.soxFailed(file, `cannot run ${bin}`, e.message), {
            cause: e,
          }),
        );
    });
    child.on('close', (code, signal) => {
      if (code === 0) {
        resolve(null);
        return;
      }
      const status = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve(
        new AudioError(
          file,
          audioMessages.soxFailed(file, status, Buffer.concat(err).toString('utf8')),
        ),
      );
    });
  });
  // sox may exit before reading all of stdin (bad input); its exit code reports that.
  child.stdin.on('error', () => {});
  child.stdin.end(input);
  return { child, exit };
}

/** Run sox as startSox does and resolve with its whole stdout. */
async function runSox(
  args: string[],
  file: string,
  why: string,
  input?: Uint8Array,
): Promise<Buffer> {
  const { child, exit } = startSox(args, file, why, input);
  const out: Buffer[] = [];
  child.stdout.on('data', (b: Buffer) => out.push(b));
  const failure = await exit; // 'close' comes after stdout has ended
  if (failure) throw failure;
  return Buffer.concat(out);
}

/** A path sox cannot mistake for an option. */
function pathArg(file: string): string {
  return file.startsWith('-') ? `./${file}` : file;
}

/** Float32 samples from sox's raw little-endian output. */
function toFloat32(bytes: Buffer): Float32Array {
  const n = Math.floor(bytes.length / 4);
  return viewAs(Float32Array, bytes, 0, n).slice();
}

/** Channel count of an audio file in any format SoX reads (`sox --i -c`). */
export async function soxChannels(file: string, why: string): Promise<number> {
  const out = await runSox(['--i', '-c', pathArg(file)], file, why);
  const channels = Number.parseInt(out.toString('utf8').trim(), 10);
  if (!Number.isInteger(channels) || channels < 1)
    throw new AudioError(file, audioMessages.zeroChannels(file));
  return channels;
}

/** sox arguments decoding `file` to raw float32 on stdout at `sampleRate` Hz (all channels). */
function decodeArgs(file: string, sampleRate: number): string[] {
  return ['-V1', pathArg(file), ...RAW_F32, '-', 'rate', '-h', String(sampleRate)];
}

/**
 * Decode any SoX-readable `file` to interleaved float32 at `sampleRate` Hz (all channels kept;
 * length = frames * channels). Resampling uses SoX's high-quality `rate` effect.
 */
export async function soxDecode(
  file: string,
  sampleRate: number,
  why: string,
): Promise<Float32Array> {
  return toFloat32(await runSox(decodeArgs(file, sampleRate), file, why));
}

/**
 * soxDecode as a running sox whose stdout carries the raw little-endian float32 samples as they
 * are decoded; the caller reads it and awaits `exit`.
 */
export function soxDecodeStream(file: string, sampleRate: number, why: string): SoxRun {
  return startSox(decodeArgs(file, sampleRate), file, why);
}

/** Resample a mono signal from `fromRate` to `toRate` Hz through SoX (stdin to stdout). */
export async function soxResample(
  samples: Float32Array,
  fromRate: number,
  toRate: number,
  file: string,
): Promise<Float32Array> {
  const why = `resampling from ${fromRate} Hz to ${toRate} Hz`;
  const input = new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength);
  const args = ['-V1', ...RAW_F32, '-r', String(fromRate), '-c', '1', '-', ...RAW_F32, '-'];
  const out = await runSox([...args, 'rate', '-h', String(toRate)], file, why, input);
  return toFloat32(out);
}
