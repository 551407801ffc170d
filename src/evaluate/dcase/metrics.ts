/**
 * DCASE Task 2 metrics, computed as the official code does (pure, over arrays):
 * - per unit (machine type x ID or section): AUC and pAUC, the McClish-standardised partial AUC
 *   up to FPR 0.1, i.e. scikit-learn's roc_auc_score(y, s) and roc_auc_score(y, s, max_fpr=0.1)
 *   (src/evaluate/metrics/roc.ts; the DCASE 2020 baseline's 01_test.py);
 * - with source/target domains (DCASE 2022+), as the 2022-2025 evaluators: AUC (source) over the
 *   source normals and every anomaly of the unit (both domains), AUC (target) likewise; pAUC over
 *   the whole unit; precision/recall/F1 per domain over that domain's files only;
 * - per machine type the arithmetic mean over its units (the baselines' "Average") and the
 *   harmonic mean; over the dataset the official score, the harmonic mean of
 *   max(eps, x) for x in [AUC (source)..., AUC (target)..., pAUC...] over every unit
 *   (dcase2023_task2_evaluator); units without domains use [AUC..., pAUC...].
 * Labels: 1 = anomaly, 0 = normal; scores: higher = more anomalous.
 */
import { dcaseMessages } from '../../messages/index.ts';
import { prfAt, type Prf } from '../metrics/prf.ts';
import { auc, partialAuc } from '../metrics/roc.ts';
import type { Labels } from '../metrics/validate.ts';
import type { Domain } from '../../data/dcase/layout.ts';

/** The evaluators' floor before the harmonic mean: Python's sys.float_info.epsilon. */
const HMEAN_FLOOR = Number.EPSILON;
/** The DCASE pAUC range: FPR in [0, 0.1]. */
const DCASE_MAX_FPR = 0.1;

/** One unit's test scores (one entry per test file, in the same order). */
export interface UnitScores {
  machineType: string;
  /** `id_XX` or `section_XX`. */
  unitId: string;
  scores: ArrayLike<number>;
  labels: Labels;
  /** Per test file, DCASE 2022+; omitted when the names carry no domain. */
  domains?: readonly Domain[];
}

/** AUC-type metrics of one unit, each in [0, 1]. */
export interface UnitMetrics {
  machineType: string;
  unitId: string;
  /** Test files and, of them, anomalies. */
  files: number;
  anomalies: number;
  /** AUC over every test file of the unit. */
  auc: number;
  /** McClish-standardised partial AUC, FPR <= maxFpr (0.5 = chance, 1 = perfect). */
  pauc: number;
  /** Domain AUCs (file comment); absent without domains or without a normal of that domain. */
  aucSource?: number;
  aucTarget?: number;
}

const unitName = (u: { machineType: string; unitId: string }): string =>
  `${u.machineType} ${u.unitId}`;

/** Run f, prefixing an error's message with the unit's name. */
function forUnit<T>(u: UnitScores, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof Error) e.message = dcaseMessages.unitFailed(unitName(u), e.message);
    throw e;
  }
}

function pick<T>(values: ArrayLike<T>, keep: (i: number) => boolean): T[] {
  const out: T[] = [];
  for (let i = 0; i < values.length; i++) if (keep(i)) out.push(values[i]);
  return out;
}

function checkDomains(u: UnitScores): void {
  if (u.domains !== undefined && u.domains.length !== u.scores.length) {
    throw new RangeError(
      dcaseMessages.domainsLength(unitName(u), u.domains.length, u.scores.length),
    );
  }
}

/** AUC, pAUC and (with domains) AUC (source), AUC (target) of one unit. */
export function unitMetrics(u: UnitScores, maxFpr = DCASE_MAX_FPR): UnitMetrics {
  checkDomains(u);
  return forUnit(u, () => {
    const out: UnitMetrics = {
      machineType: u.machineType,
      unitId: u.unitId,
      files: u.scores.length,
      anomalies: pick(u.labels, (i) => u.labels[i] === 1).length,
      auc: auc(u.scores, u.labels),
      pauc: partialAuc(u.scores, u.labels, maxFpr).mcclish,
    };
    const domains = u.domains;
    if (domains === undefined) return out;
    for (const [domain, field] of [
      ['source', 'aucSource'],
      ['target', 'aucTarget'],
    ] as const) {
      const keep = (i: number): boolean => u.labels[i] !== 0 || domains[i] === domain;
      const hasNormal = domains.some((d, i) => d === domain && u.labels[i] === 0);
      if (hasNormal) out[field] = auc(pick(u.scores, keep), pick(u.labels, keep));
    }
    return out;
  });
}

/** P/R/F1 of the decision score > threshold: over the unit, and per domain with domains. */
export interface UnitPrf {
  all: Prf;
  /** Over the domain's files only; absent without domains or without an anomaly there. */
  source?: Prf;
  target?: Prf;
}

/** P/R/F1 at a given threshold (e.g. the deployable phi_rho), src/evaluate/metrics/prf.ts conventions. */
export function unitPrf(u: UnitScores, threshold: number): UnitPrf {
  checkDomains(u);
  return forUnit(u, () => {
    const out: UnitPrf = { all: prfAt(u.scores, u.labels, threshold) };
    const domains = u.domains;
    if (domains === undefined) return out;
    for (const domain of ['source', 'target'] as const) {
      const keep = (i: number): boolean => domains[i] === domain;
      const labels = pick(u.labels, keep);
      if (labels.includes(1)) out[domain] = prfAt(pick(u.scores, keep), labels, threshold);
    }
    return out;
  });
}

function checkValues(values: ArrayLike<number>, what: string): void {
  if (values.length === 0) throw new RangeError(dcaseMessages.noValues(what));
  for (let i = 0; i < values.length; i++) {
    if (!(Number.isFinite(values[i]) && values[i] >= 0)) {
      throw new RangeError(dcaseMessages.badMeanValue(what, i, values[i]));
    }
  }
}

/** numpy.mean: the arithmetic mean of finite values >= 0 (an error for none). */
export function arithmeticMean(values: ArrayLike<number>, what = 'arithmetic mean'): number {
  checkValues(values, what);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s / values.length;
}

/**
 * scipy.stats.hmean(numpy.maximum(values, eps)): n / sum(1 / max(x, floor)), as the evaluators'
 * official score (floor HMEAN_FLOOR keeps a zero AUC from making the mean undefined).
 */
export function harmonicMean(
  values: ArrayLike<number>,
  what = 'harmonic mean',
  floor = HMEAN_FLOOR,
): number {
  checkValues(values, what);
  let s = 0;
  for (let i = 0; i < values.length; i++) s += 1 / Math.max(values[i], floor);
  return values.length / s;
}

/** Means of each metric; the domain AUCs only when every unit has them. */
export interface MeanMetrics {
  auc: number;
  pauc: number;
  aucSource?: number;
  aucTarget?: number;
}

interface TypeSummary {
  machineType: string;
  units: number;
  /** Arithmetic means over the type's units (the baselines' "Average" rows). */
  mean: MeanMetrics;
  /** Harmonic means over the type's units (floored as HMEAN_FLOOR). */
  hmean: MeanMetrics;
}

export interface DcaseSummary {
  /** Machine types in order of first appearance. */
  types: TypeSummary[];
  /** Over every unit. */
  mean: MeanMetrics;
  hmean: MeanMetrics;
  /** The official score (file comment), in [0, 1]. */
  officialScore: number;
}

function means(units: readonly UnitMetrics[], f: (v: number[], what: string) => number) {
  const out: MeanMetrics = {
    auc: f(
      units.map((u) => u.auc),
      'AUC',
    ),
    pauc: f(
      units.map((u) => u.pauc),
      'pAUC',
    ),
  };
  for (const k of ['aucSource', 'aucTarget'] as const) {
    const v = units.map((u) => u[k]);
    if (v.every((x) => x !== undefined)) out[k] = f(v as number[], k);
  }
  return out;
}

/** The official score over units (file comment). */
export function officialScore(units: readonly UnitMetrics[]): number {
  const withDomains = units.every((u) => u.aucSource !== undefined && u.aucTarget !== undefined);
  const values = withDomains
    ? [
        ...units.map((u) => u.aucSource as number),
        ...units.map((u) => u.aucTarget as number),
        ...units.map((u) => u.pauc),
      ]
    : [...units.map((u) => u.auc), ...units.map((u) => u.pauc)];
  return harmonicMean(values, 'official score');
}

/** Per machine type and overall arithmetic and harmonic means, and the official score. */
export function summarize(units: readonly UnitMetrics[]): DcaseSummary {
  if (units.length === 0) throw new RangeError(dcaseMessages.noValues('DCASE summary'));
  const typeNames = [...new Set(units.map((u) => u.machineType))];
  const am = (v: number[], what: string): number => arithmeticMean(v, what);
  const hm = (v: number[], what: string): number => harmonicMean(v, what);
  const types = typeNames.map((machineType) => {
    const of = units.filter((u) => u.machineType === machineType);
    return { machineType, units: of.length, mean: means(of, am), hmean: means(of, hm) };
  });
  return {
    types,
    mean: means(units, am),
    hmean: means(units, hm),
    officialScore: officialScore(units),
  };
}
