/**
 * Resumable download of one file over HTTP(S) with node:http/https (redirects followed, as
 * Zenodo redirects). Bytes go to `<path>.part`; a kept .part is continued with
 * `Range: bytes=N-` and appended to, on a later run or on a retry after a lost connection. A
 * server that ignores the range (200 instead of 206) or answers another range gets the file
 * from the start. The .part is renamed to `<path>` only when it holds every byte announced.
 *
 * Not fetch(): its body is a web stream, which drops the chunks it has queued when the
 * connection fails, so a resumed .part would lose bytes that had arrived. Here every chunk is
 * written (synchronously) as it arrives, so the .part holds all that was received.
 *
 * Time bounds: an attempt silent for `idleTimeoutMs`, or receiving fewer than `stallBytes` in
 * any `stallMs` window (a trickle of a byte every few seconds), is dropped and retried; the file
 * as a whole must arrive before its deadline (`deadlineMs`, default 10 min plus the time at
 * 32 KiB/s for its size when known), else the download stops with the .part kept for a resume.
 * A failure to write the .part (a full disk, a read-only --out) is a local error naming the
 * path, never retried or reported as a network failure.
 */
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { downloadMessages, fsReason } from '../../messages/index.ts';
import { DownloadError } from './errors.ts';

export interface FetchFileOptions {
  /** Name of the file in messages. */
  label: string;
  /** Expected size when known: a .part of exactly that size is not requested again. */
  expectedBytes?: number | null;
  /** Further attempts after the first one fails (lost connection, 5xx); default 3. */
  retries?: number;
  /** Wait before retry k is k x this; default 2000 ms. */
  retryDelayMs?: number;
  /** An attempt whose connection is silent for this long is dropped; default 60 s. */
  idleTimeoutMs?: number;
  /** An attempt receiving fewer than stallBytes in stallMs is dropped; defaults 16 KiB, 60 s. */
  stallBytes?: number;
  stallMs?: number;
  /** The whole file (all attempts) must arrive within this; default 10 min + size / 32 KiB/s. */
  deadlineMs?: number;
  /** Bytes in the file so far (kept .part included) and the total when known. */
  onProgress?: (done: number, total: number | undefined) => void;
  /** One line on a retry or a restart from zero. */
  onNote?: (line: string) => void;
}

export interface FetchFileResult {
  /** Size of the whole file. */
  bytes: number;
}

/** What one attempt ended with; `status` for an HTTP error status. */
type Attempt = { done: true } | { done: false; reason: string; status?: number };

/** A file-system failure while writing the .part: local, not the network. */
class LocalWriteError extends Error {}

const MIN_RATE = 32 * 1024;

const retryable = (status: number) => status >= 500 || status === 408 || status === 429;

export async function fetchFile(
  url: string,
  path: string,
  opts: FetchFileOptions,
): Promise<FetchFileResult> {
  const part = `${path}.part`;
  const retries = opts.retries ?? 3;
  let last: Attempt = { done: false, reason: '' };
  let attempt = 0;
  const started = Date.now();
  const clock = {
    deadline: (total: number | undefined): number =>
      started + (opts.deadlineMs ?? 600_000 + ((total ?? 0) / MIN_RATE) * 1000),
    passed: false,
  };
  while (attempt <= retries) {
    attempt++;
    if (attempt > 1 && !last.done) {
      opts.onNote?.(
        downloadMessages.retrying(opts.label, last.reason, sizeOf(part), attempt, retries + 1),
      );
      await sleep((attempt - 1) * (opts.retryDelayMs ?? 2000));
    }
    try {
      last = await fetchOnce(url, part, opts, clock);
    } catch (e) {
      if (!(e instanceof LocalWriteError)) throw e;
      throw new DownloadError(downloadMessages.localWrite(opts.label, part, fsReason(e.cause)), 2);
    }
    if (clock.passed) {
      const sec = (Date.now() - started) / 1000;
      throw new DownloadError(downloadMessages.deadline(opts.label, sec, part, sizeOf(part)), 1);
    }
    if (last.done) {
      await local(() => rename(part, path)).catch((e: LocalWriteError) => {
        throw new DownloadError(
          downloadMessages.localWrite(opts.label, path, fsReason(e.cause)),
          2,
        );
      });
      return { bytes: sizeOf(path) };
    }
    if (last.status !== undefined && !retryable(last.status))
      throw new DownloadError(downloadMessages.httpStatus(opts.label, url, last.status), 1);
  }
  const why = last.done ? '' : last.reason;
  throw new DownloadError(
    downloadMessages.downloadFailed(opts.label, attempt, why, part, sizeOf(part)),
    1,
  );
}

/** One request: continue the .part from its size, or start it over. */
async function fetchOnce(
  url: string,
  part: string,
  opts: FetchFileOptions,
  clock: { deadline: (total: number | undefined) => number; passed: boolean },
): Promise<Attempt> {
  const expected = opts.expectedBytes ?? undefined;
  let offset = sizeOf(part);
  if (expected !== undefined && offset > expected) {
    await local(() => rm(part));
    offset = 0;
  }
  if (expected !== undefined && offset === expected && offset > 0) return { done: true };
  const idleMs = opts.idleTimeoutMs ?? 60_000;
  let res: IncomingMessage;
  try {
    res = await get(url, offset > 0 ? { Range: `bytes=${offset}-` } : {}, idleMs);
  } catch (e) {
    return { done: false, reason: describe(e) };
  }
  const status = res.statusCode ?? 0;
  const contentRange = res.headers['content-range'];
  let total: number | undefined;
  if (status === 206) {
    const range = parseContentRange(contentRange);
    if (!range || range.start !== offset) {
      res.destroy();
      await rm(part, { force: true });
      return { done: false, reason: downloadMessages.otherRange(offset, contentRange ?? '') };
    }
    total = range.total;
  } else if (status === 200) {
    if (offset > 0) opts.onNote?.(downloadMessages.rangeIgnored(opts.label, offset));
    offset = 0;
    total = lengthOf(res.headers['content-length']);
  } else if (status === 416 && offset > 0) {
    // The .part may already be whole (its size was unknown); otherwise start over.
    res.resume();
    if (parseContentRange(contentRange)?.total === offset) return { done: true };
    await rm(part, { force: true });
    return { done: false, reason: downloadMessages.status(status) };
  } else {
    res.resume();
    return { done: false, reason: downloadMessages.status(status), status };
  }
  total ??= expected;
  let fd: number;
  try {
    fd = openSync(part, offset > 0 ? 'a' : 'w');
  } catch (e) {
    res.destroy();
    throw new LocalWriteError('open', { cause: e });
  }
  let bytes = offset;
  const stallMs = opts.stallMs ?? 60_000;
  const stallBytes = opts.stallBytes ?? 16 * 1024;
  let windowStart = bytes;
  const stall = setInterval(() => {
    if (bytes - windowStart < stallBytes)
      res.destroy(new Error(downloadMessages.stalled(bytes - windowStart, stallMs / 1000)));
    windowStart = bytes;
  }, stallMs);
  const deadline = setTimeout(
    () => {
      clock.passed = true;
      res.destroy(new Error('deadline'));
    },
    Math.max(0, clock.deadline(total) - Date.now()),
  );
  let localError: unknown = null;
  try {
    opts.onProgress?.(bytes, total);
    await new Promise<void>((resolve, reject) => {
      res.on('data', (chunk: Buffer) => {
        // Written before the next event: on a lost connection the .part has every byte received.
        try {
          for (let at = 0; at < chunk.length;) at += writeSync(fd, chunk, at);
        } catch (e) {
          localError = e;
          res.destroy(e as Error);
          return;
        }
        bytes += chunk.length;
        opts.onProgress?.(bytes, total);
      });
      res.on('end', resolve);
      res.on('error', reject);
      res.on('close', () =>
        res.complete ? resolve() : reject(new Error(downloadMessages.connectionClosed())),
      );
    });
  } catch (e) {
    if (localError) throw new LocalWriteError('write', { cause: localError });
    return { done: false, reason: describe(e) };
  } finally {
    clearInterval(stall);
    clearTimeout(deadline);
    closeSync(fd);
  }
  if (total !== undefined && bytes > total) {
    await rm(part, { force: true });
    return { done: false, reason: downloadMessages.longBody(bytes, total) };
  }
  if (total !== undefined && bytes < total)
    return { done: false, reason: downloadMessages.shortBody(bytes, total) };
  return { done: true };
}

/** GET `url`, following up to `redirects` redirects; the socket may idle `idleMs` at most. */
function get(
  url: string,
  headers: Record<string, string>,
  idleMs: number,
  redirects = 10,
): Promise<IncomingMessage> {
  const u = new URL(url);
  const client = u.protocol === 'https:' ? https : u.protocol === 'http:' ? http : undefined;
  if (!client) return Promise.reject(new Error(downloadMessages.unsupportedUrl(url)));
  return new Promise((resolve, reject) => {
    const req = client.get(u, { headers }, (res) => {
      const location = res.headers.location;
      if ([301, 302, 303, 307, 308].includes(res.statusCode ?? 0) && location) {
        res.resume();
        if (redirects === 0) reject(new Error(downloadMessages.tooManyRedirects(url)));
        else resolve(get(new URL(location, u).href, headers, idleMs, redirects - 1));
      } else {
        resolve(res);
      }
    });
    req.setTimeout(idleMs, () => req.destroy(new Error(downloadMessages.idle(idleMs / 1000))));
    req.on('error', reject);
  });
}

/** "bytes 100-199/200" -> {start: 100, total: 200}; "bytes * /200" (416) -> {start: -1, ...}. */
export function parseContentRange(
  header: string | undefined,
): { start: number; total: number | undefined } | undefined {
  const text = header?.trim() ?? '';
  const match = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(text);
  if (match) return { start: Number(match[1]), total: lengthOf(match[3]) };
  const unsatisfied = /^bytes \*\/(\d+)$/.exec(text);
  return unsatisfied ? { start: -1, total: Number(unsatisfied[1]) } : undefined;
}

function lengthOf(v: string | undefined): number | undefined {
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

function describe(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code && !err.message.includes(err.code) ? `${err.message} (${err.code})` : err.message;
}

/** Runs a file-system step; its failure is a LocalWriteError. */
async function local<T>(f: () => Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw new LocalWriteError('fs', { cause: e });
  }
}

function sizeOf(path: string): number {
  return existsSync(path) ? statSync(path).size : 0;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
