/**
 * A one-node Slurm cluster on this machine for tests: munged, slurmctld and slurmd from Debian's
 * slurm-wlm and munge packages, run in the foreground as children of the test with everything
 * (key, sockets, slurm.conf, state, spool, logs) in a temp directory and ports chosen free, so
 * it touches no system configuration. Commands reach it through `env` (SLURM_CONF). stop() cancels
 * the cluster's jobs and stops the three daemons by their pids; call it in an after() hook.
 * Needs root (SlurmUser=root) and the packages; slurmMissing() says what is missing.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { hostname, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';

const DAEMONS = ['munged', 'mungekey', 'slurmctld', 'slurmd', 'sbatch', 'squeue', 'sinfo'];
const SBIN = ['/usr/sbin', '/usr/bin', '/sbin', '/bin'];

/** What keeps the cluster from starting here (a missing program, not root), or null. */
export function slurmMissing(): string | null {
  if (process.getuid?.() !== 0) return 'not root (the test cluster runs its daemons as root)';
  for (const d of DAEMONS) {
    if (!SBIN.some((dir) => existsSync(join(dir, d)))) return `${d} is not installed`;
  }
  return null;
}

const which = (cmd: string): string =>
  SBIN.map((d) => join(d, cmd)).find((p) => existsSync(p)) ?? cmd;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface SlurmCluster {
  /** The temp directory holding the cluster's files. */
  dir: string;
  /** process.env plus SLURM_CONF: pass to every Slurm command and npasd process. */
  env: NodeJS.ProcessEnv;
  /** Runs a Slurm command against the cluster; returns stdout. */
  run(command: string, args: string[]): string;
  /** The controller's and node daemon's logs (for a failing test's message). */
  logs(): string;
  stop(): Promise<void>;
}

/** Starts the cluster and waits until its node is idle (throws with the logs otherwise). */
export async function startSlurmCluster(o: { cpus?: number; timeoutMs?: number } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'npasd-slurm-'));
  const node = hostname();
  const cpus = o.cpus ?? 2;
  const [ctlPort, dPort] = [await freePort(), await freePort()];
  for (const d of ['state', 'spool']) mkdirSync(join(dir, d));
  const key = join(dir, 'munge.key');
  const sock = join(dir, 'munge.sock');
  execFileSync(which('mungekey'), ['-c', '-k', key, '-b', '1024']);
  const conf = join(dir, 'slurm.conf');
  const memMb = Math.floor(totalmem() / 2 ** 20) - 512;
  writeFileSync(
    conf,
    [
      'ClusterName=npasdtest',
      `SlurmctldHost=${node}(127.0.0.1)`,
      `SlurmctldPort=${ctlPort}`,
      `SlurmdPort=${dPort}`,
      'AuthType=auth/munge',
      'CredType=cred/munge',
      `AuthInfo=socket=${sock}`,
      'SlurmUser=root',
      'SlurmdUser=root',
      `StateSaveLocation=${join(dir, 'state')}`,
      `SlurmdSpoolDir=${join(dir, 'spool')}`,
      `SlurmctldPidFile=${join(dir, 'slurmctld.pid')}`,
      `SlurmdPidFile=${join(dir, 'slurmd.pid')}`,
      `SlurmctldLogFile=${join(dir, 'slurmctld.log')}`,
      `SlurmdLogFile=${join(dir, 'slurmd.log')}`,
      'ProctrackType=proctrack/linuxproc',
      'TaskPlugin=task/none',
      'SelectType=select/cons_tres',
      'SelectTypeParameters=CR_Core_Memory',
      'JobAcctGatherType=jobacct_gather/none',
      'AccountingStorageType=accounting_storage/none',
      'JobCompType=jobcomp/none',
      'MpiDefault=none',
      'ReturnToService=2',
      'SchedulerParameters=sched_interval=1',
      'MinJobAge=600',
      `NodeName=${node} NodeAddr=127.0.0.1 CPUs=${cpus} RealMemory=${memMb} State=UNKNOWN`,
      `PartitionName=debug Nodes=${node} Default=YES MaxTime=INFINITE State=UP`,
      '',
    ].join('\n'),
  );
  const env = { ...process.env, SLURM_CONF: conf };
  const children: ChildProcess[] = [];
  const daemon = (cmd: string, args: string[], log: string): void => {
    const fd = openSync(join(dir, log), 'a');
    const child = spawn(which(cmd), args, { env, stdio: ['ignore', fd, fd] });
    children.push(child);
  };
  const run = (command: string, args: string[]): string =>
    execFileSync(which(command), args, {
      env,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  const logs = (): string =>
    ['munged.out', 'slurmctld.log', 'slurmd.log', 'slurmctld.out', 'slurmd.out']
      .filter((f) => existsSync(join(dir, f)))
      .map(
        (f) =>
          `--- ${f}\n${execFileSync('tail', ['-n', '20', join(dir, f)], { encoding: 'utf8' })}`,
      )
      .join('\n');
  const stop = async (): Promise<void> => {
    try {
      run('scancel', ['--user', 'root']);
      for (let i = 0; i < 20 && run('squeue', ['-h']).trim() !== ''; i++) await sleep(500);
    } catch {
      // The controller is already down: nothing to cancel.
    }
    for (const c of [...children].reverse()) {
      if (c.exitCode !== null || c.signalCode !== null) continue;
      const exited = new Promise<void>((r) => c.once('exit', () => r()));
      c.kill('SIGTERM');
      const t = setTimeout(() => c.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(t);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const cluster: SlurmCluster = { dir, env, run, logs, stop };
  try {
    daemon(
      'munged',
      [
        '-F',
        '--force',
        `--key-file=${key}`,
        `--socket=${sock}`,
        `--pid-file=${join(dir, 'munged.pid')}`,
        `--log-file=${join(dir, 'munged.log')}`,
        `--seed-file=${join(dir, 'munged.seed')}`,
      ],
      'munged.out',
    );
    for (let i = 0; i < 50 && !existsSync(sock); i++) await sleep(100);
    daemon('slurmctld', ['-D', '-f', conf], 'slurmctld.out');
    daemon('slurmd', ['-D', '-f', conf], 'slurmd.out');
    const deadline = Date.now() + (o.timeoutMs ?? 60_000);
    for (;;) {
      let state = '';
      try {
        state = run('sinfo', ['-h', '-o', '%t']).trim();
      } catch {
        // The controller is not listening yet.
      }
      if (state === 'idle') break;
      if (Date.now() > deadline) throw new Error(`node not idle (sinfo: "${state}")\n${logs()}`);
      await sleep(500);
    }
    return cluster;
  } catch (e) {
    await stop();
    throw e;
  }
}
