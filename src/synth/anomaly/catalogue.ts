/**
 * A, the 45 anomalous sounds (METHOD.md section 8): 15 sustained, 15 time-varying, 15 sudden.
 * Each category has five families (generators) and each family three variants drawn from
 * disjoint ranges of its main parameter, so all 45 differ audibly.
 *
 * The catalogue is a pure function of the seed; a clip is a pure function of (entry, seed,
 * sample rate): rendering uses the random stream makeRng(seed, `anomaly/<id>`), the same one a
 * corpus writer gets by calling the registered generator's create() with that stream.
 */
import { makeRng } from '../../util/rng.ts';
import { unknownAnomaly } from '../../messages/index.ts';
import { renderAll } from '../source.ts';
import type { AnomalyCategory, AnyAnomalyGenerator, ClipParams } from './clip.ts';
import { sustainedFamilies } from './sustained.ts';
import { suddenFamilies } from './sudden.ts';
import { timeVaryingFamilies } from './timevarying.ts';
import { sweeperCollision } from './collision.ts';

export type { AnomalyCategory } from './clip.ts';

/** Categories in catalogue order. */
const anomalyCategories: readonly AnomalyCategory[] = ['sustained', 'time-varying', 'sudden'];

/** The catalogue's 15 families, by category order. */
const catalogueFamilies: readonly AnyAnomalyGenerator[] = [
  ...sustainedFamilies,
  ...timeVaryingFamilies,
  ...suddenFamilies,
];

/** Every anomaly family: the catalogue's, then those only specs select (e.g. Fig. 4's collision). */
export const anomalyGenerators: readonly AnyAnomalyGenerator[] = [
  ...catalogueFamilies,
  sweeperCollision,
];

/** Variants per family: 5 families x 3 variants = 15 per category. */
const VARIANTS = 3;

export interface AnomalyEntry {
  /** Stable id, e.g. "sustained-03-bearing-whine" (category, 01-15, family). */
  id: string;
  category: AnomalyCategory;
  /** Registered generator (family) name. */
  generator: string;
  /** The family's parameters (JSON), including durationSec. */
  params: ClipParams & Record<string, unknown>;
  /** Clip length, s (= params.durationSec). */
  durationSec: number;
}

/** The 45 anomalies for a corpus seed, in category order. */
export function anomalyCatalogue(seed: number | string): AnomalyEntry[] {
  const out: AnomalyEntry[] = [];
  for (const category of anomalyCategories) {
    const families = catalogueFamilies.filter((g) => g.category === category);
    let k = 0;
    for (let v = 0; v < VARIANTS; v++) {
      for (const g of families) {
        const params = g.variant(makeRng(seed, `anomaly-params/${g.name}/${v}`), v) as ClipParams &
          Record<string, unknown>;
        const id = `${category}-${String(++k).padStart(2, '0')}-${g.name}`;
        out.push({ id, category, generator: g.name, params, durationSec: params.durationSec });
      }
    }
  }
  return out;
}

/**
 * `perFamily` anomalies of each named family instead of the catalogue: entry k of a family is
 * variant k mod 3 (its parameter range) with parameters from its own random stream. Ids are
 * `<category>-<NN>-<family>`, numbered per category in list order.
 */
export function familyEntries(
  seed: number | string,
  families: readonly string[],
  perFamily: number,
): AnomalyEntry[] {
  const count = new Map<AnomalyCategory, number>();
  const out: AnomalyEntry[] = [];
  for (const name of families) {
    const g = anomalyGenerators.find((a) => a.name === name);
    if (!g) throw new Error(unknownAnomaly(name));
    for (let k = 0; k < perFamily; k++) {
      const params = g.variant(
        makeRng(seed, `anomaly-params/${name}/${k}`),
        k % VARIANTS,
      ) as ClipParams & Record<string, unknown>;
      const n = (count.get(g.category) ?? 0) + 1;
      count.set(g.category, n);
      const id = `${g.category}-${String(n).padStart(2, '0')}-${name}`;
      out.push({
        id,
        category: g.category,
        generator: name,
        params,
        durationSec: params.durationSec,
      });
    }
  }
  return out;
}

/** Renders one entry to its samples: deterministic in (entry, seed, sampleRate). */
export function renderAnomaly(
  entry: AnomalyEntry,
  seed: number | string,
  sampleRate: number,
): Float32Array {
  const g = anomalyGenerators.find((a) => a.name === entry.generator);
  if (!g) throw new Error(unknownAnomaly(entry.id));
  const source = g.create(entry.params, makeRng(seed, `anomaly/${entry.id}`), sampleRate);
  return renderAll(source, Math.round(entry.durationSec * sampleRate));
}
