/**
 * DCASE Task 2 file names (pure; the directory walk is in scan.ts). Two layouts, told apart by
 * the name alone:
 * - DCASE 2020: `<root>/<machine_type>/{train,test}/{normal,anomaly}_id_XX_NNNNNNNN.wav`; the
 *   evaluation set's test files carry no label (`id_XX_NNNNNNNN.wav`). Unit = machine type x ID.
 * - DCASE 2022+ (2022-2025 development and evaluation sets):
 *   `section_XX_{source,target}_{train,test}_{normal,anomaly}_NNNN[_<attributes>].wav`, e.g.
 *   `section_00_target_test_anomaly_0003_car_A1_spd_28V_mic_1_noise_1.wav` (some machine types
 *   have none or `noAttribute`); the 2023+ evaluation test files are `section_XX_NNNN.wav`, with
 *   neither label nor domain. Unit = machine type x section.
 * Digit counts are not enforced (IDs and indices are `\d+`), so the additional training sets and
 * renumbered copies parse too. The names are case-sensitive, as the official scripts' globs are;
 * the `.wav` extension is matched case-insensitively.
 */
import { dcaseMessages } from '../../messages/index.ts';

export type DcaseLayout = 'dcase2020' | 'dcase2022+';
export type Split = 'train' | 'test';
export type Domain = 'source' | 'target';
/** 'unknown': the name carries no label (evaluation-set test files). */
type DcaseLabel = 'normal' | 'anomaly' | 'unknown';

/** What a file name alone says. */
export interface DcaseName {
  layout: DcaseLayout;
  /** `id_XX` (2020) or `section_XX` (2022+), as written in the name. */
  unitId: string;
  /** 2022+ names with a domain; absent for 2020 and for unlabelled evaluation names. */
  domain?: Domain;
  /** The split written in a 2022+ name; absent otherwise (the directory decides). */
  split?: Split;
  label: DcaseLabel;
  /** The file's index within its unit (NNNN), an integer >= 0. */
  index: number;
  /** The 2022+ attribute string after the index (`car_A1_spd_28V_mic_1_noise_1`), else ''. */
  attributes: string;
}

/** One audio file of a dataset tree. */
export interface DcaseFile extends DcaseName {
  /** Path relative to the dataset root, '/'-separated: `<machine_type>/<split>/<name>`. */
  path: string;
  /** The file name (last path component). */
  name: string;
  machineType: string;
  /** The directory the file is in (checked against the name's split for 2022+ names). */
  split: Split;
}

/** An error in a DCASE dataset tree or name; the message names the file or directory. */
export class DcaseError extends Error {
  override name = 'DcaseError';
}

const WAV = /\.wav$/i;
const NAME_2020 = /^(?:(normal|anomaly)_)?(id_\d+)_(\d+)$/;
const NAME_2022 =
  /^(section_\d+)_(source|target)_(train|test)_(normal|anomaly)_(\d+)(?:_([A-Za-z0-9].*))?$/;
const NAME_2022_EVAL = /^(section_\d+)_(\d+)$/;

/** True for the files the scanner reads (`.wav`, any case); everything else is ignored. */
export function isWavName(name: string): boolean {
  return WAV.test(name);
}

/**
 * Parse a DCASE file name (no directory). `where` is the path to name in an error (default:
 * the name). Throws DcaseError listing the expected patterns when the name matches neither
 * layout.
 */
export function parseDcaseName(name: string, where = name): DcaseName {
  const stem = isWavName(name) ? name.slice(0, -4) : undefined;
  let m = stem === undefined ? null : NAME_2020.exec(stem);
  if (m) {
    const label = (m[1] as DcaseLabel | undefined) ?? 'unknown';
    return { layout: 'dcase2020', unitId: m[2], label, index: Number(m[3]), attributes: '' };
  }
  m = stem === undefined ? null : NAME_2022.exec(stem);
  if (m) {
    return {
      layout: 'dcase2022+',
      unitId: m[1],
      domain: m[2] as Domain,
      split: m[3] as Split,
      label: m[4] as DcaseLabel,
      index: Number(m[5]),
      attributes: m[6] ?? '',
    };
  }
  m = stem === undefined ? null : NAME_2022_EVAL.exec(stem);
  if (m) {
    return {
      layout: 'dcase2022+',
      unitId: m[1],
      label: 'unknown',
      index: Number(m[2]),
      attributes: '',
    };
  }
  throw new DcaseError(dcaseMessages.badName(where));
}

/**
 * Parse a path relative to the dataset root, `<machine_type>/{train,test}/<name>` ('/' or '\'
 * separated). `display` is the path to name in errors (default: `relPath`). Checks that a
 * 2022+ name's split matches its directory; labels are checked by the scanner (a training file
 * must be normal).
 */
export function parseDcasePath(relPath: string, display = relPath): DcaseFile {
  const parts = relPath.split(/[\\/]/).filter((p) => p !== '');
  if (parts.length !== 3 || (parts[1] !== 'train' && parts[1] !== 'test')) {
    throw new DcaseError(dcaseMessages.notInSplitDir(display));
  }
  const [machineType, split, name] = parts as [string, Split, string];
  const parsed = parseDcaseName(name, display);
  if (parsed.split !== undefined && parsed.split !== split) {
    throw new DcaseError(dcaseMessages.splitMismatch(display, parsed.split, split));
  }
  return { ...parsed, path: parts.join('/'), name, machineType, split };
}

/** `<machine_type>/<unit id>`: the key of a unit (unique within a dataset). */
export function unitKey(machineType: string, unitId: string): string {
  return `${machineType}/${unitId}`;
}

/** The number in a unit id: `id_04` -> `04`, `section_00` -> `00` (result.csv's id column). */
export function unitNumber(unitId: string): string {
  const i = unitId.indexOf('_');
  return i < 0 ? unitId : unitId.slice(i + 1);
}
