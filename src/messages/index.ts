/**
 * Every user-facing message in one place, so wording is consistent and tests assert it exactly.
 * Each area owns one section; messages are functions of the values they report.
 */

export * from './audio.ts';
export * from './data.ts';
export * from './dcase.ts';
export * from './download.ts';
export * from './engine.ts';
export * from './evaluate.ts';
export * from './features.ts';
export * from './files.ts';
export * from './models.ts';
export * from './realBench.ts';
export * from './recordings.ts';
export * from './report.ts';
export * from './run.ts';
export * from './spec.ts';
export * from './slurm.ts';
export * from './help.ts';
