/**
 * A run directory's spec.resolved.json (its record of the spec and plan it runs), read when a
 * run is resumed. A damaged one is an error naming it and what to do: the run cannot tell
 * whether the directory holds this plan's run.
 */
import { runMessages } from '../messages/index.ts';
import { BadJsonFile, readJsonFile } from '../util/readJson.ts';

export function readRunSpec(path: string): { plan?: string } {
  try {
    return readJsonFile<{ plan?: string }>(path);
  } catch (e) {
    if (!(e instanceof BadJsonFile)) throw e;
    throw new Error(`${e.message}; ${runMessages.runSpecDamaged()}`, { cause: e });
  }
}
