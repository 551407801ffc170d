/** User-facing messages of DCASE Task 2 datasets. */

// ---------------------------------------------------------------------------------------------
// DCASE Task 2 datasets (src/data/dcase/)
// ---------------------------------------------------------------------------------------------

const DCASE_NAMES =
  '{normal,anomaly}_id_XX_NNNNNNNN.wav or id_XX_NNNNNNNN.wav (DCASE 2020), ' +
  'section_XX_{source,target}_{train,test}_{normal,anomaly}_NNNN[_<attributes>].wav or ' +
  'section_XX_NNNN.wav (DCASE 2022+)';
const DCASE_TREE = 'machine-type directories such as fan/ or ToyCar/, each with train/ and test/';

/** Messages of the DCASE layout, scanner, metrics and writers. Paths as given (root-joined). */
export const dcaseMessages = {
  rootRequired: () =>
    'data.dcase.root: a dataset directory is required when data.source is "dcase"',
  unknownMachines: (unknown: string[], known: string[]) =>
    `data.dcase.machines: ${unknown.map((m) => `"${m}"`).join(', ')} not in the dataset ` +
    `(machine types there: ${known.join(', ')})`,
  unlabelledUnit: (unit: string) =>
    `data.dcase.unit: ${unit} has test files without a normal/anomaly label (an evaluation set?); ` +
    'metrics need labelled test files (a development set)',
  evaluationTitle: (rule: string) =>
    `DCASE metrics per unit: AUC, pAUC (FPR <= 0.1, McClish) and F1 at ${rule}`,
  badName: (path: string) => `${path}: not a DCASE Task 2 file name (expected ${DCASE_NAMES})`,
  notInSplitDir: (path: string) =>
    `${path}: not in a <machine_type>/train/ or <machine_type>/test/ directory`,
  splitMismatch: (path: string, nameSplit: string, dirSplit: string) =>
    `${path}: the name says ${nameSplit} but the file is in ${dirSplit}/`,
  trainNotNormal: (path: string, label: string) =>
    `${path}: training files must be normal, this one is ${label === 'unknown' ? 'unlabelled' : label}`,
  mixedLayouts: (root: string, a: string, la: string, b: string, lb: string) =>
    `${root}: mixes DCASE layouts: ${a} is ${la}, ${b} is ${lb}`,
  notADirectory: (root: string) => `${root}: not a directory (expected a DCASE dataset root)`,
  emptyRoot: (root: string) => `${root}: empty directory (expected ${DCASE_TREE})`,
  noMachineDirs: (root: string) => `${root}: no machine-type directories (expected ${DCASE_TREE})`,
  rootIsMachineDir: (root: string) =>
    `${root}: holds train/ or test/ itself; pass its parent, the directory of the machine types`,
  noWavFiles: (dir: string) => `${dir}: no .wav files in train/ or test/`,
  noTrainNormals: (dir: string, unitId: string, tests: number) =>
    `${dir}: no training files of ${unitId} (it has ${tests} test file(s))`,
  noTestFiles: (dir: string, unitId: string, trains: number) =>
    `${dir}: no test files of ${unitId} (it has ${trains} training file(s))`,
  unknownUnit: (key: string, known: readonly string[]) =>
    `unknown DCASE unit "${key}" (known: ${known.join(', ')})`,
  unlabelled: (path: string) =>
    `${path}: the name carries no normal/anomaly label (an evaluation set?), so it cannot be scored`,
  domainsLength: (unit: string, domains: number, scores: number) =>
    `${unit}: ${domains} domains but ${scores} scores`,
  unitFailed: (unit: string, message: string) => `${unit}: ${message}`,
  noValues: (what: string) => `${what}: no values`,
  badMeanValue: (what: string, i: number, value: number) =>
    `${what}: value ${i} is ${value}, expected a finite number >= 0`,
  scoreNaN: (file: string) => `anomaly score of ${file} is NaN`,
  noUnits: () => 'result.csv: no units',
  thresholdNaN: () => 'decision results: threshold is NaN',
};
