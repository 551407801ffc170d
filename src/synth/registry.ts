/**
 * Every generator by name. An unknown name is an error listing the known names.
 * Roles: `normal` (D: the engine, or Fig. 4's printer), `other` (O, the various machines), `anomaly` (A families).
 */
import { unknownGenerator, duplicateGenerator } from '../messages/index.ts';
import { engineGenerator } from './engine.ts';
import { printerGenerator } from './printer.ts';
import { otherGenerators } from './other/index.ts';
import { anomalyGenerators } from './anomaly/catalogue.ts';
import type { AnyGenerator } from './source.ts';

/** Which part of the corpus a generator serves. `continuous` = normal and other (streams). */
export type GeneratorRole = 'normal' | 'other' | 'anomaly';

const roles = new Map<string, GeneratorRole>();
const generators = new Map<string, AnyGenerator>();

function register(role: GeneratorRole, list: readonly AnyGenerator[]): void {
  for (const g of list) {
    if (generators.has(g.name)) throw new Error(duplicateGenerator(g.name));
    generators.set(g.name, g);
    roles.set(g.name, role);
  }
}

register('normal', [engineGenerator, printerGenerator]);
register('other', otherGenerators);
register('anomaly', anomalyGenerators);

/** The generator called `name`; throws listing the known names when there is none. */
export function getGenerator(name: string): AnyGenerator {
  const g = generators.get(name);
  if (!g) throw new Error(unknownGenerator(name, [...generators.keys()]));
  return g;
}

/** Registered names in registration order, optionally of one role (`continuous`: normal+other). */
export function generatorNames(role?: GeneratorRole | 'continuous'): string[] {
  return [...generators.keys()].filter((n) => {
    const r = roles.get(n);
    return role === undefined || r === role || (role === 'continuous' && r !== 'anomaly');
  });
}

/** The role of a registered generator. */
export function generatorRole(name: string): GeneratorRole {
  getGenerator(name);
  return roles.get(name) as GeneratorRole;
}

/** The O machine types (role `other`), in registration order. */
export function otherMachineNames(): string[] {
  return generatorNames('other');
}
