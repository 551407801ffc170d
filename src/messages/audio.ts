/** User-facing messages of audio I/O and folders of recordings. */

// ---------------------------------------------------------------------------------------------
// Audio I/O (src/audio/)
// ---------------------------------------------------------------------------------------------

const SOX_INSTALL = 'apt-get install sox libsox-fmt-all';

/** Messages of AudioError (src/audio/errors.ts). `f` is the file path (or a label for a buffer). */
export const audioMessages = {
  cannotRead: (f: string, reason: string) => `${f}: cannot read the file: ${reason}`,
  empty: (f: string) => `${f}: empty file (0 bytes), expected audio`,
  notRiffWave: (f: string, head: string) =>
    `${f}: not a RIFF/WAVE file (it starts with ${JSON.stringify(head)}, expected "RIFF....WAVE")`,
  truncatedHeader: (f: string, expected: number, present: number) =>
    `${f}: truncated: the WAV header needs at least ${expected} bytes but only ${present} are present`,
  truncatedChunk: (f: string, id: string, expected: number, present: number) =>
    `${f}: truncated: the "${id}" chunk declares ${expected} bytes but only ${present} are present`,
  missingChunk: (f: string, id: string) => `${f}: corrupt WAV: no "${id}" chunk`,
  fmtTooShort: (f: string, size: number) =>
    `${f}: corrupt WAV: the "fmt " chunk is ${size} bytes, expected at least 16`,
  unsupportedEncoding: (f: string, tag: number, name: string) =>
    `${f}: unsupported WAV encoding ${name} (format tag 0x${tag.toString(16).padStart(4, '0')}); ` +
    `convert it to PCM first, e.g. sox "${f}" -e signed-integer -b 16 out.wav`,
  unsupportedBits: (f: string, encoding: 'PCM integer' | 'IEEE float', bits: number) =>
    `${f}: unsupported WAV bit depth: ${encoding} with ${bits} bits per sample ` +
    `(supported: PCM integer 8/16/24/32, IEEE float 32/64); ` +
    `convert it first, e.g. sox "${f}" -e signed-integer -b 16 out.wav`,
  zeroChannels: (f: string) => `${f}: corrupt WAV: the header declares 0 channels`,
  zeroSampleRate: (f: string) => `${f}: corrupt WAV: the header declares a sample rate of 0 Hz`,
  badBlockAlign: (f: string, blockAlign: number, channels: number, bits: number) =>
    `${f}: corrupt WAV: block align ${blockAlign} bytes does not match ${channels} channel(s) of ${bits} bits`,
  partialFrame: (f: string, bytes: number, frameBytes: number) =>
    `${f}: corrupt WAV: the "data" chunk holds ${bytes} bytes, not a whole number of ${frameBytes}-byte frames`,
  noSamples: (f: string) => `${f}: no samples (the audio is empty)`,
  nonFinite: (f: string, index: number, channel: number | undefined, value: number) =>
    `${f}: sample ${index}${channel === undefined ? '' : ` of channel ${channel}`} is ${value}; ` +
    `audio samples must be finite`,
  channelOutOfRange: (f: string, channel: number, channels: number) =>
    `${f}: channel ${channel} requested but the file has ${channels} channel(s) ` +
    `(valid: 0 to ${channels - 1})`,
  soxMissing: (f: string, why: string, bin: string) =>
    `${f}: reading it needs SoX (${why}) but "${bin}" was not found; ` +
    `install it with: ${SOX_INSTALL} (or point NPASD_SOX at the sox binary)`,
  soxFailed: (f: string, exit: string, stderr: string) =>
    `${f}: sox failed (${exit}): ${stderr.trim() || '(no output on stderr)'}`,
  writeCountMismatch: (f: string, written: number, total: number) =>
    `${f}: ${written} samples written but totalSamples is ${total}; the file was not created`,
  writeNonFinite: (f: string, index: number, value: number) =>
    `${f}: cannot write sample ${index}: it is ${value}; audio samples must be finite`,
  writeTooLarge: (f: string, bytes: number) =>
    `${f}: ${bytes} bytes of audio exceed the 4 GiB limit of a WAV file; split it or use pcm16`,
  writeFailed: (f: string, reason: string) => `${f}: cannot write the file: ${reason}`,
  writerNotOpen: (f: string, state: string) => `${f}: the WAV writer is already ${state}`,
};

/** Misuse by calling code and mixing of silent signals: not about a file, so no file name. */
export const audioCallMessages = {
  bigEndianHost: () => 'npasd audio I/O needs a little-endian host',
  badStreamRate: (rate: number) =>
    `audioBlocks: sampleRate must be a positive integer in Hz, got ${rate}`,
  unalignedOutput: (format: string) =>
    `encodeSamplesInto: output buffer is not aligned for ${format}`,
  emptyRange: (start: number, end: number) => `meanPower: empty range [${start}, ${end})`,
  silentAnomaly: () => 'cannot mix a silent anomaly at a finite SNR',
  silentBackground: () => 'cannot mix into a silent background at a finite SNR',
};
