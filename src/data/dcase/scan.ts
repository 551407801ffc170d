/**
 * A DCASE Task 2 dataset tree as units (machine type x ID or section): per unit its training
 * normals (D) and its test files with labels, and O = the training normals of the other machine
 * types (the paper's "other machines", METHOD.md section 4). readDcaseTree is the file-system
 * edge (names only: no audio is decoded); datasetFromTree is pure, so every check is testable.
 */
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import { dcaseMessages } from '../../messages/index.ts';
import {
  DcaseError,
  isWavName,
  parseDcasePath,
  unitKey,
  type DcaseFile,
  type DcaseLayout,
  type Domain,
  type Split,
} from './layout.ts';

/** One machine-type directory as listed: the entry names of its train/ and test/ directories. */
interface MachineDirListing {
  machineType: string;
  /** Entry names in `<type>/train/` (undefined: no such directory). Directories end in '/'. */
  train?: string[];
  test?: string[];
}

/** A dataset root as listed by readDcaseTree. */
export interface DcaseTree {
  /** The root as given (used in messages). */
  root: string;
  /** Every entry name of the root (directories end in '/'). */
  entries: string[];
  /** The root's subdirectories holding train/ or test/, in name order. */
  machineDirs: MachineDirListing[];
}

export interface DcaseUnit {
  /** `<machine_type>/<unitId>` (unitKey). */
  key: string;
  machineType: string;
  /** `id_XX` (2020) or `section_XX` (2022+). */
  unitId: string;
  /** Training files of this unit, all labelled normal, in name order (D). */
  train: DcaseFile[];
  /** Test files, in name order. */
  test: DcaseFile[];
  /** True when every test file has a normal/anomaly label (development sets). */
  labelled: boolean;
}

export interface DcaseDataset {
  root: string;
  layout: DcaseLayout;
  /** Machine-type directory names, in name order. */
  machineTypes: string[];
  /** Units ordered by machine type, then unit id. */
  units: DcaseUnit[];
  /** Paths (relative to the root) skipped: non-.wav files and directories inside train/ and test/. */
  ignored: string[];
}

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Entry names of `dir`, directories (and symlinks to directories) ending in '/'. */
function listDir(dir: string): string[] {
  const isDir = (e: Dirent): boolean =>
    e.isDirectory() ||
    (e.isSymbolicLink() &&
      (statSync(join(dir, e.name), { throwIfNoEntry: false })?.isDirectory() ?? false));
  return readdirSync(dir, { withFileTypes: true })
    .map((e) => (isDir(e) ? `${e.name}/` : e.name))
    .sort(byName);
}

/** File-system edge: list the root, its machine-type directories and their train/, test/. */
function readDcaseTree(root: string): DcaseTree {
  const isDir = statSync(root, { throwIfNoEntry: false })?.isDirectory() ?? false;
  if (!isDir) throw new DcaseError(dcaseMessages.notADirectory(root));
  const entries = listDir(root);
  const machineDirs: MachineDirListing[] = [];
  for (const entry of entries) {
    if (!entry.endsWith('/') || entry.startsWith('.')) continue;
    const machineType = entry.slice(0, -1);
    const sub = listDir(join(root, machineType));
    const listing: MachineDirListing = { machineType };
    for (const split of ['train', 'test'] as const) {
      if (sub.includes(`${split}/`)) listing[split] = listDir(join(root, machineType, split));
    }
    if (listing.train !== undefined || listing.test !== undefined) machineDirs.push(listing);
  }
  return { root, entries, machineDirs };
}

/** The dataset of a listed tree (file comment): every check, in a fixed order, names its path. */
export function datasetFromTree(tree: DcaseTree): DcaseDataset {
  const { root } = tree;
  if (tree.entries.length === 0) throw new DcaseError(dcaseMessages.emptyRoot(root));
  if (tree.machineDirs.length === 0) {
    const own = tree.entries.includes('train/') || tree.entries.includes('test/');
    throw new DcaseError(
      own ? dcaseMessages.rootIsMachineDir(root) : dcaseMessages.noMachineDirs(root),
    );
  }
  const ignored: string[] = [];
  const units: DcaseUnit[] = [];
  let first: DcaseFile | undefined;
  for (const dir of tree.machineDirs) {
    const files: DcaseFile[] = [];
    for (const split of ['train', 'test'] as const) {
      for (const name of dir[split] ?? []) {
        const rel = `${dir.machineType}/${split}/${name}`;
        // Hidden files too: macOS archives carry `._<name>.wav` resource forks.
        if (name.endsWith('/') || name.startsWith('.') || !isWavName(name)) {
          ignored.push(rel);
          continue;
        }
        const file = parseDcasePath(rel, join(root, rel));
        if (split === 'train' && file.label !== 'normal') {
          throw new DcaseError(dcaseMessages.trainNotNormal(join(root, rel), file.label));
        }
        first ??= file;
        if (file.layout !== first.layout) {
          const [a, b] = [join(root, first.path), join(root, rel)];
          throw new DcaseError(dcaseMessages.mixedLayouts(root, a, first.layout, b, file.layout));
        }
        files.push(file);
      }
    }
    if (files.length === 0)
      throw new DcaseError(dcaseMessages.noWavFiles(join(root, dir.machineType)));
    units.push(...unitsOf(root, dir.machineType, files));
  }
  return {
    root,
    layout: (first as DcaseFile).layout,
    machineTypes: tree.machineDirs.map((d) => d.machineType),
    units,
    ignored,
  };
}

/** Group one machine type's files by unit id; every unit needs training and test files. */
function unitsOf(root: string, machineType: string, files: DcaseFile[]): DcaseUnit[] {
  const ids = [...new Set(files.map((f) => f.unitId))].sort(byName);
  return ids.map((unitId) => {
    const of = (split: Split): DcaseFile[] =>
      files.filter((f) => f.unitId === unitId && f.split === split);
    const [train, test] = [of('train'), of('test')];
    if (train.length === 0) {
      throw new DcaseError(
        dcaseMessages.noTrainNormals(join(root, machineType, 'train'), unitId, test.length),
      );
    }
    if (test.length === 0) {
      throw new DcaseError(
        dcaseMessages.noTestFiles(join(root, machineType, 'test'), unitId, train.length),
      );
    }
    const labelled = test.every((f) => f.label !== 'unknown');
    return { key: unitKey(machineType, unitId), machineType, unitId, train, test, labelled };
  });
}

/** Scan a DCASE Task 2 dataset root (file names only). Throws DcaseError naming the path. */
export function scanDcase(root: string): DcaseDataset {
  return datasetFromTree(readDcaseTree(root));
}

/** The unit with this key (`<machine_type>/<unit id>`); an error lists the known keys. */
export function findUnit(dataset: DcaseDataset, key: string): DcaseUnit {
  const unit = dataset.units.find((u) => u.key === key);
  if (!unit)
    throw new DcaseError(
      dcaseMessages.unknownUnit(
        key,
        dataset.units.map((u) => u.key),
      ),
    );
  return unit;
}

/**
 * O for a unit: the training normals of every OTHER machine type (never other IDs or sections of
 * the same type, which are the same kind of machine), in the dataset's unit order. Empty when the
 * dataset holds one machine type.
 */
export function otherMachineFiles(
  dataset: DcaseDataset,
  unitKeyOrUnit: string | DcaseUnit,
): DcaseFile[] {
  const key = typeof unitKeyOrUnit === 'string' ? unitKeyOrUnit : unitKeyOrUnit.key;
  const unit = findUnit(dataset, key);
  return dataset.units.filter((u) => u.machineType !== unit.machineType).flatMap((u) => u.train);
}

/** Test labels of a unit for the metrics: 1 = anomaly, 0 = normal. Throws on an unlabelled file. */
export function testLabels(unit: DcaseUnit, root = ''): Uint8Array {
  return Uint8Array.from(unit.test, (f) => {
    if (f.label === 'unknown') throw new DcaseError(dcaseMessages.unlabelled(join(root, f.path)));
    return f.label === 'anomaly' ? 1 : 0;
  });
}

/** Test domains of a unit, or undefined when any test file's name has none (2020, eval sets). */
export function testDomains(unit: DcaseUnit): Domain[] | undefined {
  const domains = unit.test.map((f) => f.domain);
  return domains.every((d) => d !== undefined) ? (domains as Domain[]) : undefined;
}
