/**
 * What the real-sound development benchmark is made of: which Debian packages, which of their
 * recordings play which role. Data only (the builder is build.ts).
 *
 * - normal (D, and the normal test audio): one real machine, the IBM Model M buckling-spring
 *   keyboard recorded key by key (bucklespring-data: a press and a release recording per key),
 *   arranged into continuous typing sessions (typing.ts). An impulsive machine with a
 *   repeating mechanism and natural variation between keys, like the valve and slider
 *   machines of DCASE.
 * - other (O): recordings of other machines and vehicles from OpenSFX (openttd-opensfx):
 *   lift, helicopter, lorry and buses, jackhammer, smithy, circular saw, maglev and monorail.
 * - anomalies: other OpenSFX recordings, none of them in O, by kind: sustained (sparking,
 *   steam, chainsaw, jet and propeller engines), time-varying (whistles, horns, level crossing
 *   bell, jet take-offs, Morse), sudden (crashes, breakdowns, explosion, skid, falling tree).
 * OpenSFX sounds are picked by title (the text before the first full stop of the catalogue
 * entry), so a package version that renames or drops one is an error, not a silent swap.
 */

/** A Debian package the benchmark uses. */
export interface BenchPackage {
  /** Debian package name (apt-get download). */
  name: string;
  /** What the package contributes. */
  role: string;
}

export type AnomalyKind = 'sustained' | 'time-varying' | 'sudden';

/** One OpenSFX catalogue entry the benchmark uses, with the folder it goes to. */
export interface CatalogPick {
  /** The entry's title, exactly as in the catalogue (without quotes). */
  title: string;
  /** `other` (O) or an anomaly kind. */
  role: 'other' | AnomalyKind;
}

export interface BenchCatalog {
  /** Package holding the key recordings, and their folder inside it. */
  keys: { pkg: string; dir: string };
  /** Package holding the OpenSFX catalogue, and the catalogue's path inside it. */
  sfx: { pkg: string; cat: string };
  picks: CatalogPick[];
}

export const benchPackages: BenchPackage[] = [
  { name: 'bucklespring-data', role: 'normal: IBM Model M key press and release recordings' },
  { name: 'openttd-opensfx', role: 'other machines (O) and anomalies: OpenSFX recordings' },
];

const other = (title: string): CatalogPick => ({ title, role: 'other' });
const sustained = (title: string): CatalogPick => ({ title, role: 'sustained' });
const varying = (title: string): CatalogPick => ({ title, role: 'time-varying' });
const sudden = (title: string): CatalogPick => ({ title, role: 'sudden' });

export const defaultCatalog: BenchCatalog = {
  keys: { pkg: 'bucklespring-data', dir: 'usr/share/buckle/wav' },
  sfx: { pkg: 'openttd-opensfx', cat: 'usr/share/games/openttd/baseset/opensfx/opensfx.cat' },
  picks: [
    other('Mining machinery'),
    other('Helicopter'),
    other('Truck/old bus start, pull away'),
    other('Modern bus start'),
    other('Old bus start'),
    other('Jackhammer'),
    other('Building bridge'),
    other('Sawmill'),
    other('Maglev train station departure'),
    other('Monorail train station departure'),
    sustained('Electric sparking'),
    sustained('Steam (of steam engine)'),
    sustained('Lumber mill: Chainsaw'),
    sustained('Early jet take off'),
    sustained('Propeller plane start'),
    varying('Factory Whistle'),
    varying('Steam train station departure'),
    varying('Ship horn'),
    varying('Ferry horn'),
    varying('Diesel/electric train station departure'),
    varying('Level crossing'),
    varying('Modern car horn'),
    varying('Mach 1+ Jet take off'),
    varying('Modern jet take off'),
    varying('Morse'),
    sudden('Road vehicle breakdown'),
    sudden('Train/ship breakdown'),
    sudden('Crash'),
    sudden('Explosion'),
    sudden('Big crash'),
    sudden('Plane wheels touching ground'),
    sudden('Toyland: Road vehicle breakdown'),
    sudden('Lumber mill: Crashing tree'),
    sudden('Toyland: Train breakdown'),
    sudden('Splat (building docks/canals/river)'),
  ],
};
