/**
 * The two jobs' work, run on a cluster node by the hidden commands `npasd unit RUN_DIR INDEX`
 * (one array task) and `npasd finish RUN_DIR` (the final job). Both first check that the run
 * directory is there and is the run that was submitted (its plan hash), which fails clearly on a
 * node that does not see the submitting machine's storage.
 */
import { existsSync, readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { backendName, initBackend } from '../../engine/backend.ts';
import { dataFile, type PreparedData } from '../../features/stage.ts';
import { slurmMessages } from '../../messages/index.ts';
import { isFig4Unit } from '../../score/fig4.ts';
import { runUnit, type UnitResult } from '../unit.ts';
import { clearFailed, readSlurmPlan, writeFailed, type SlurmPlan } from './record.ts';
import { runStatus, type RunStatus } from './status.ts';
import { previousAttempts, type Provenance } from '../provenance.ts';
import { writeJsonAtomic } from '../../util/atomicWrite.ts';

/** The plan of a run directory this node sees, checked against its spec.resolved.json. */
export function checkedPlan(runDir: string): SlurmPlan {
  const plan = readSlurmPlan(runDir);
  const resolved = join(runDir, 'spec.resolved.json');
  const held = existsSync(resolved)
    ? (JSON.parse(readFileSync(resolved, 'utf8')) as { plan?: string }).plan
    : undefined;
  if (held !== plan.hash) throw new Error(slurmMessages.otherRun(runDir, plan.hash, held ?? null));
  if (!existsSync(plan.cacheDir)) throw new Error(slurmMessages.noCache(plan.cacheDir, hostname()));
  return plan;
}

const readPrepared = (plan: SlurmPlan, key: SlurmPlan['data'][number]): PreparedData => {
  const path = dataFile(plan.runDir, key);
  if (!existsSync(path)) throw new Error(slurmMessages.noPrepared(path, hostname()));
  return JSON.parse(readFileSync(path, 'utf8')) as PreparedData;
};

/** One array task: runs unit `index` into its directory (atomically, resuming what it can). */
export async function runUnitTask(
  runDir: string,
  index: number,
  log: (line: string) => void,
): Promise<UnitResult> {
  const plan = checkedPlan(runDir);
  const unit = plan.units[index];
  if (!Number.isInteger(index) || unit === undefined) {
    throw new Error(slurmMessages.badIndex(index, plan.units.length));
  }
  const arrayJob = process.env.SLURM_ARRAY_JOB_ID ?? null;
  try {
    const prepared = readPrepared(plan, unit.data);
    if (!existsSync(prepared.corpusDir)) {
      throw new Error(slurmMessages.noCache(prepared.corpusDir, hostname()));
    }
    await initBackend(plan.backend);
    if (backendName() !== plan.backend) {
      throw new Error(slurmMessages.otherBackend(plan.backend, backendName(), hostname()));
    }
    log(slurmMessages.unitStart(unit.id, hostname(), plan.backend));
    const spec = plan.cells.find((c) => c.id === unit.cell)?.spec;
    if (!spec) throw new Error(slurmMessages.badIndex(index, plan.units.length));
    const t0 = performance.now();
    const result = await runUnit(
      { runDir, cacheDir: plan.cacheDir, unit, spec, fig4: isFig4Unit(unit, plan.cells[0]) },
      (p) => {
        if (p.kind === 'epoch') log(`${unit.id}: epoch ${p.log.epoch} ${JSON.stringify(p.log)}`);
      },
    );
    clearFailed(runDir, index);
    log(slurmMessages.unitDone(unit.id, (performance.now() - t0) / 1000));
    return result;
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    writeFailed(runDir, index, { unit: unit.id, arrayJob, message, at: new Date().toISOString() });
    throw new Error(slurmMessages.unitFailed(unit.id, message), { cause: e });
  }
}

/** The final job: evaluate and report when every unit finished; else the status, and an error. */
export async function finishRun(
  runDir: string,
  log: (line: string) => void,
): Promise<{ table: string; status: RunStatus }> {
  const plan = checkedPlan(runDir);
  const status = runStatus(plan);
  if (status.finished.length < status.units) {
    throw new Error(slurmMessages.notAllFinished(status));
  }
  const prepared = new Map(plan.data.map((k) => [k.hash, readPrepared(plan, k)]));
  let table: string;
  if (plan.cells.some((c) => c.spec.data.source === 'dcase')) {
    const { evaluateDcaseRun } = await import('../../evaluate/dcase/stage.ts');
    table = evaluateDcaseRun(runDir, plan, prepared);
  } else {
    const { evaluateRun } = await import('../../evaluate/stage.ts');
    table = evaluateRun(runDir, plan, prepared);
    const { writeFigures } = await import('../../report/stage.ts');
    const figures = await writeFigures(runDir);
    for (const w of figures.warnings) log(`report: ${w}`);
  }
  markFinished(runDir);
  return { table, status };
}

/** Sets `finished` of the attempt that submitted this final job (provenance.json). */
function markFinished(runDir: string): void {
  const job = process.env.SLURM_JOB_ID;
  const path = join(runDir, 'provenance.json');
  if (!job || !existsSync(path)) return;
  const prov = JSON.parse(readFileSync(path, 'utf8')) as Provenance;
  const attempts = previousAttempts(runDir);
  const mine = attempts.findIndex((a) => a.slurm?.finishJob === job);
  if (mine < 0) return;
  attempts[mine] = { ...attempts[mine], finished: new Date().toISOString() };
  writeJsonAtomic(path, { ...prov, attempts });
}
