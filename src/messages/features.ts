/** User-facing messages of the front end (and buffer checks shared by numeric code). */

// ---------------------------------------------------------------------------------------------
// Front end (src/features/) and shared buffer checks
// ---------------------------------------------------------------------------------------------

/** A caller-owned output buffer too small for the result. `what` names the function's area. */
export const outputTooSmall = (what: string, holds: number, need: number): string =>
  `${what}: output holds ${holds} values, need ${need}`;

/** Row-major data whose length is not a multiple of the row width D. */
export const notRowsOfD = (what: string, values: number, d: number): string =>
  `${what}: ${values} values is not a whole number of rows of D = ${d}`;

/** Messages of the front end (src/features/): STFT, mel bank, log-mel, context, standardisation. */
export const featureMessages = {
  stftNfft: (nFft: number) => `stft: nFft must be a power of two >= 8, got ${nFft}`,
  stftHop: (hop: number) => `stft: hop must be >= 1, got ${hop}`,
  pffftNfft: (nFft: number) => `pffft: nFft must be a multiple of 32, got ${nFft}`,
  pffftNoSetup: (nFft: number) => `pffft: no real transform of size ${nFft}`,
  pffftDisposed: () => 'pffft: plan used after dispose()',
  pffftPastEnd: (inOffset: number, nFft: number, length: number) =>
    `pffft: frame ${inOffset} .. ${inOffset + nFft} runs past the signal (${length} samples)`,
  // The feature cache (src/features/cache.ts): why an entry is not trusted, and the rebuild.
  cacheShort: (bytes: number) => `${bytes} bytes, shorter than its 24-byte trailer`,
  cacheNoTrailer: () => 'no valid trailer (damaged, or written by an older version)',
  cacheSize: (bytes: number, recorded: number) =>
    `${bytes} bytes of data, ${recorded} recorded at write (or not whole frames)`,
  cacheChecksum: () => 'its CRC-32 differs from the one recorded at write',
  cacheRebuilt: (entry: string, audio: string, reason: string) =>
    `feature cache: ${entry} (log-mel of ${audio}) is damaged: ${reason}; recomputing it`,
  melNfft: (nFft: number) => `mel: nFft must be even and >= 2, got ${nFft}`,
  melNmels: (nMels: number) => `mel: nMels must be an integer >= 1, got ${nMels}`,
  melRange: (fMin: number, fMax: number, sampleRate: number) =>
    `mel: need 0 <= fMin < fMax <= sampleRate/2 = ${sampleRate / 2} Hz, got fMin ${fMin}, fMax ${fMax}`,
  logmelHop: (hop: number) => `logmel: hop must be a positive integer, got ${hop}`,
  logmelFloor: (floor: number) => `logmel: floor must be > 0, got ${floor}`,
  dcaseOption: (field: string, value: unknown, allowed: string) =>
    `dcase front end: ${field} must be ${allowed}, got ${JSON.stringify(value)}`,
  contextPbPf: (pb: number, pf: number) =>
    `context: pb and pf must be integers >= 0, got ${pb}, ${pf}`,
  contextNoFullContext: (t: number, nFrames: number, pb: number, pf: number) =>
    `context: centre frame ${t} has no full context in ${nFrames} frames (pb ${pb}, pf ${pf})`,
  contextBands: (clip: number, nMels: number, nMels0: number) =>
    `context: clip ${clip} has ${nMels} mel bands, clip 0 has ${nMels0}`,
  contextIndex: (g: number, count: number) =>
    `context: vector index ${g} out of range [0, ${count})`,
  standardizeNoClips: () => 'standardize: no clips to compute statistics from',
  standardizeNoFrames: () => 'standardize: the clips have no frames',
  standardizeClipBands: (clip: number, nMels: number, nMels0: number) =>
    `standardize: clip ${clip} has ${nMels} mel bands, clip 0 has ${nMels0}`,
  standardizeBands: (stats: number, nMels: number) =>
    `standardize: statistics for ${stats} bands, matrix has ${nMels}`,
};
