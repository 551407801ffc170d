/** User-facing messages of the evaluate stage. */

// ---------------------------------------------------------------------------------------------
// Experiment evaluation (src/evaluate/evaluate.ts, stats.ts)
// ---------------------------------------------------------------------------------------------

/**
 * Messages of the evaluate stage. `unit` is evalMessages.unit(cell, method, seed): the unit id,
 * which is also its directory under cells/ in the run directory.
 */
export const evalMessages = {
  unit: (cell: string, method: string, seed: number) => `${cell}/${method}/seed-${seed}`,
  noClips: (unit: string) => `${unit}: the test set has no clips`,
  noPhiClip: (unit: string) =>
    `${unit}: rule phi-clip needs the unit's clip-level threshold (phiClip)`,
  scoreCount: (unit: string, scores: number, clips: number) =>
    `${unit}: ${scores} scores for ${clips} test clips (expected one score per clip)`,
  scoreNaN: (unit: string, i: number, clipId: string) =>
    `${unit}: the score of clip ${i} (${clipId}) is NaN`,
  snrOneClass: (unit: string, snrDb: number, pos: number, neg: number) =>
    `${unit}: the ${snrDb} dB clips are ${pos} anomalous and ${neg} normal; ` +
    `every SNR needs both classes`,
  metricFailed: (unit: string, snrDb: number, message: string) =>
    `${unit}, ${snrDb} dB: ${message}`,
  duplicateRow: (unit: string, snrDb: number, rule: string) =>
    `${unit}: more than one metrics row at ${snrDb} dB for rule ${rule} (a unit given twice?)`,
  noValues: (what: string) => `${what}: no values`,
  notFinite: (what: string, i: number, value: number) =>
    `${what}: value ${i} is ${value}, expected a finite number`,
  probability: (p: number) => `Student's t quantile: p must be in (0, 1), got ${p}`,
  degreesOfFreedom: (df: number) =>
    `Student's t: degrees of freedom must be a finite number > 0, got ${df}`,
  pairedLengths: (labels: number, a: number, b: number) =>
    `paired bootstrap: ${labels} labels but ${a} and ${b} scores (one per clip expected)`,
  notInPaperNote: () =>
    '* not in the paper: a reference method of this project (docs/METHOD.md, Reference methods)',
  /** The note under a Table I with trivial entries (trivial.ts); `mark` is its mark. */
  trivialNote: (mark: string) =>
    `${mark} the threshold is -inf: the trivial "flag everything" detector (recall 1, precision = ` +
    `the anomaly share p, F1 = 2p/(1+p)), not a detection result; ${mark}k/n: in k of n seeds`,
};

/** Messages of the metrics (src/evaluate/metrics/). `what` names the metric (e.g. "ROC"). */
export const metricMessages = {
  lengthMismatch: (what: string, scores: number, labels: number) =>
    `${what}: ${scores} scores but ${labels} labels`,
  noScores: (what: string) => `${what}: no scores`,
  scoreNaN: (what: string, i: number) => `${what}: score ${i} is NaN`,
  badLabel: (what: string, i: number, label: number) =>
    `${what}: label ${i} is ${label}, expected 0 or 1`,
  oneClass: (what: string, pos: number, neg: number) =>
    `${what}: needs both classes, got ${pos} anomalous and ${neg} normal`,
  noAnomalies: (what: string) => `${what}: recall needs at least one anomalous item, got none`,
  thresholdNaN: () => 'precision/recall: threshold is NaN',
  maxFpr: (p: number) => `partial AUC: maxFpr must be in (0, 1], got ${p}`,
  tprRho: (rho: number) => `TPR at FPR: rho must be in [0, 1], got ${rho}`,
  clipLength: (clip: number, n: number) =>
    `clip scores: clip ${clip} has ${n} frames (needs an integer >= 1)`,
  clipFrameNaN: (i: number, clip: number) => `clip scores: frame score ${i} (clip ${clip}) is NaN`,
  clipLengthsSum: (sum: number, frames: number) =>
    `clip scores: clip lengths add up to ${sum}, not ${frames}`,
  clipLengthsExceed: (frames: number) =>
    `clip scores: clip lengths add up to more than ${frames} frame scores`,
};
