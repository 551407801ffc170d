// ---------------------------------------------------------------------------------------------
// The real-sound development benchmark (src/data/realBench/, npasd data --real-bench)
// ---------------------------------------------------------------------------------------------

export const realBenchMessages = {
  badCat: (path: string, reason: string) => `${path}: not an OpenTTD sound catalogue (${reason})`,
  missingTitle: (path: string, title: string) =>
    `${path}: no sound titled "${title}" (another OpenSFX version?); the benchmark needs it`,
  noLicence: (what: string) =>
    `${what}: no licence stated; the benchmark uses only recordings with a stated licence`,
  unusableLicence: (what: string, licence: string) =>
    `${what}: licence "${licence}" is not one the benchmark may use (GPL, CC0, CC-BY, CC-BY-SA, public domain)`,
  noCopyright: (pkg: string, path: string) =>
    `${pkg}: no copyright file at ${path}; its licence cannot be recorded`,
  noKeys: (dir: string) => `${dir}: no key recordings (<key>-0.wav press, <key>-1.wav release)`,
  toolFailed: (cmd: string, code: number | null, stderr: string) =>
    `${cmd} failed (exit ${code ?? 'signal'})${stderr ? `: ${stderr.trim().split('\n').slice(-3).join(' / ')}` : ''}`,
  noDeb: (pkg: string, dir: string) => `apt-get download ${pkg}: no ${pkg}_*.deb in ${dir}`,
  notEmpty: (dir: string) =>
    `${dir}: exists, is not empty and holds no real-sound benchmark (manifest.json); choose another --out`,
  alreadyBuilt: (dir: string) =>
    `${dir}: the real-sound benchmark is already built (manifest.json)`,
  built: (dir: string, counts: string) => `real-sound benchmark in ${dir}: ${counts}`,
};
