/**
 * Reading one of our own JSON files (an I/O edge): a file cut short or damaged is an error that
 * names the file (JSON.parse alone says only "Unexpected end of JSON input"). Callers decide what
 * a bad file means: recompute it, rebuild, or stop with what to do.
 */
import { readFileSync } from 'node:fs';
import { badJsonFile } from '../messages/index.ts';

/** A file that exists but does not hold valid JSON. */
export class BadJsonFile extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
    options?: ErrorOptions,
  ) {
    super(badJsonFile(path, reason), options);
  }
}

/** The parsed contents of `path`; throws BadJsonFile (naming it) when it is not valid JSON. */
export function readJsonFile<T = unknown>(path: string): T {
  const text = readFileSync(path, 'utf8');
  if (text.trim() === '') throw new BadJsonFile(path, 'the file is empty');
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new BadJsonFile(path, (e as Error).message, { cause: e });
  }
}
