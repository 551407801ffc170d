/**
 * SoX for everything our WAV codec does not cover: other formats (FLAC, OGG, MP3, AIFF...) and
 * sample-rate conversion. We run the `sox` binary directly (spawn, no shell) rather than the
 * `node-sox` npm package, which depends on the npm placeholder packages `child_process` and
 * `events` and is unmaintained.
 *
 * SoX writes raw little-endian 32-bit float on stdout. Raw rather than WAV because a WAV header
 * written to a pipe cannot be patched afterwards, so its declared length may be wrong.
 */
import { spawn } from 'node:child_process';
import { audioMessages as M } from '../messages.ts';
import { AudioError } from './errors.ts';
import { viewAs } from './pcm.ts';

/** Format options for raw little-endian float32 (on stdin or stdout). -V1: errors only. */
const RAW_F32 = ['-t', 'raw', '-e', 'floating-point', '-b', '32', '-L'];

/** The sox binary: $NPASD_SOX when set (tests point it at a missing path), else `sox`. */
export function soxBinary(): string {
  return process.env.NPASD_SOX || 'sox';
}

/**
 * Run sox with `args`, feeding `input` on stdin when given, and resolve with its stdout.
 * `file` and `why` (why SoX is needed) go into the error messages.
 */
function runSox(args: string[], file: string, why: string, input?: Uint8Array): Promise<Buffer> {
  const bin = soxBinary();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const fail = (e: AudioError) => {
      if (!settled) reject(e);
      settled = true;
    };
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT')
        fail(new AudioError(file, M.soxMissing(file, why, bin), { cause: e }));
      else
        fail(new AudioError(file, M.soxFailed(file, `cannot run ${bin}`, e.message), { cause: e }));
    });
    child.on('close', (code, signal) => {
      if (settled) return;
      if (code === 0) {
        settled = true;
        resolve(Buffer.concat(out));
        return;
      }
      const exit = signal ? `killed by ${signal}` : `exit code ${code}`;
      fail(new AudioError(file, M.soxFailed(file, exit, Buffer.concat(err).toString('utf8'))));
    });
    // sox may exit before reading all of stdin (bad input); its exit code reports that.
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
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
  if (!Number.isInteger(channels) || channels < 1) throw new AudioError(file, M.zeroChannels(file));
  return channels;
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
  const out = await runSox(
    ['-V1', pathArg(file), ...RAW_F32, '-', 'rate', '-h', String(sampleRate)],
    file,
    why,
  );
  return toFloat32(out);
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
