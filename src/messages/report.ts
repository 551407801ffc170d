/** User-facing messages of charts and the report. */

// ---------------------------------------------------------------------------------------------
// Figures and report (src/report/)
// ---------------------------------------------------------------------------------------------

/** Messages of `npasd report` and writeFigures. `dir` and `file` are paths as given. */
export const figureMessages = {
  notPng: () => 'not a PNG file',
  notADirectory: (dir: string) =>
    `${dir}: not a directory (expected the run directory of a finished npasd reproduce)`,
  missingFile: (dir: string, file: string) =>
    `${dir}: not a finished run: ${file} is missing (run npasd reproduce on it to the end first)`,
  badJson: (file: string, reason: string) => `${file}: not valid JSON: ${reason}`,
  badField: (file: string, field: string, expected: string) =>
    `${file}: ${field}: expected ${expected}`,
  badCsv: (file: string, reason: string) => `${file}: not a valid CSV file: ${reason}`,
  missingColumn: (file: string, column: string) => `${file}: no column "${column}"`,
  noRows: (file: string) => `${file}: no rows`,
  /** A warning of vega-lite or vega while compiling or rendering chart `chart`. */
  chartWarning: (chart: string, message: string) => `${chart}: ${message}`,
  needRunDir: () => 'a run directory is needed: npasd report <run-dir>',
  detectionRate: (got: number, want: number) =>
    `detection view: the signal is at ${got} Hz, the detector expects ${want} Hz`,
  /** A run made before the score stage wrote Fig. 4's data: the report goes on without it. */
  fig4Missing: (file: string) =>
    `fig4-detection: Fig. 4 is missing: ${file} not found (the run was made before the score stage wrote Fig. 4's data; rerun it into a new directory to get Fig. 4)`,
  wrote: (charts: number, dir: string, report: string) =>
    `wrote ${charts} chart(s) to ${dir} and the report ${report}`,
};
