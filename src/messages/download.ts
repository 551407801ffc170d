/** User-facing messages of dataset downloads. */

// ---------------------------------------------------------------------------------------------
// Dataset download (npasd download in src/cli/download.ts, src/data/download/)
// ---------------------------------------------------------------------------------------------

const mib = (bytes: number): string => (bytes / 2 ** 20).toFixed(1);

/**
 * Messages of `npasd download` (`npm run download`). `file` is an archive's name as in the catalogue
 * (data-scripts/datasets.json), `entry` an entry's path inside a zip archive as stored there.
 */
export const downloadMessages = {
  badMaxExpanded: (value: unknown) => `--max-expanded-gb must be a number > 0, got ${value}`,
  badRetries: (value: unknown) => `--retries must be an integer >= 0, got ${value}`,
  connectionClosed: () => 'connection closed',
  unsupportedUrl: (url: string) => `unsupported URL ${url}`,
  tooManyRedirects: (url: string) => `too many redirects at ${url}`,
  badCatalogue: (file: string, field: string, expected: string) =>
    `${file}: ${field}: expected ${expected}`,
  unknownDataset: (name: string, known: readonly string[]) =>
    `unknown dataset "${name}" (known: ${known.join(', ')})`,
  unknownMachine: (dataset: string, name: string, known: readonly string[]) =>
    `${dataset}: unknown machine type "${name}" (known: ${known.join(', ')})`,
  badState: (path: string, reason: string) => `${path}: not an npm run download record (${reason})`,
  outHoldsOther: (out: string, other: string, dataset: string) =>
    `${out} holds the ${other} download (download.json), not ${dataset}: choose another --out`,
  httpStatus: (file: string, url: string, status: number) =>
    `${file}: ${url} answered HTTP ${status}`,
  retrying: (file: string, reason: string, bytes: number, attempt: number, of: number) =>
    `${file}: ${reason}, ${bytes} bytes kept; resuming (attempt ${attempt} of ${of})`,
  status: (status: number) => `HTTP ${status}`,
  shortBody: (bytes: number, total: number) => `the body ended at ${bytes} of ${total} bytes`,
  longBody: (bytes: number, total: number) =>
    `the file grew to ${bytes} bytes, more than the ${total} announced`,
  idle: (sec: number) => `no data for ${sec} s`,
  rangeIgnored: (file: string, bytes: number) =>
    `${file}: the server ignored the range request; dropping the ${bytes} bytes kept and starting over`,
  otherRange: (asked: number, got: string) =>
    `asked for bytes from ${asked}, got Content-Range "${got}" (starting over)`,
  downloadFailed: (file: string, attempts: number, reason: string, part: string, bytes: number) =>
    `${file}: download failed after ${attempts} attempt(s): ${reason}. Run the same command ` +
    (bytes > 0 ? `again to resume from the ${bytes} bytes kept in ${part}` : 'again to retry'),
  checksumMismatch: (file: string, expected: string, actual: string, movedTo: string) =>
    `${file}: wrong checksum: expected md5 ${expected}, got ${actual}; nothing unpacked ` +
    `(the archive was moved to ${movedTo}; run again to download it afresh)`,
  badCrc: (file: string, entry: string, expected: number, actual: number) =>
    `${file}: entry "${entry}" is damaged: CRC-32 ${actual.toString(16).padStart(8, '0')}, the ` +
    `archive records ${expected.toString(16).padStart(8, '0')}; nothing unpacked`,
  tooLarge: (file: string, bytes: number, cap: number, ratio: number) =>
    `${file}: refused: its entries would expand to ${mib(bytes)} MiB, more than the limit of ` +
    `${mib(cap)} MiB (--max-expanded-gb, and ${ratio} times the archive's size); nothing unpacked`,
  noSpace: (file: string, bytes: number, free: number, dir: string) =>
    `${file}: needs ${mib(bytes)} MiB to unpack, ${dir} has ${mib(free)} MiB free (a local ` +
    'problem, not the network); free some space and run again',
  localWrite: (file: string, path: string, reason: string) =>
    `${file}: cannot write under ${path}: ${reason} (a local problem, not the network); fix ` +
    'it and run again',
  localOut: (out: string, reason: string) =>
    `${out}: cannot write the download there: ${reason} (a local problem, not the network)`,
  stalled: (bytes: number, sec: number) => `only ${bytes} bytes in the last ${sec} s (stalled)`,
  deadline: (file: string, sec: number, part: string, bytes: number) =>
    `${file}: not finished by its deadline (${Math.round(sec)} s); ${bytes} bytes kept in ` +
    `${part}: run the same command again to resume`,
  badZip: (file: string, reason: string) => `${file}: not a readable zip archive: ${reason}`,
  unsafeEntry: (file: string, entry: string, reason: string) =>
    `${file}: refused: entry "${entry}" ${reason}; nothing unpacked`,
  absolutePath: () => 'is an absolute path',
  parentDir: () => 'goes up with ".." (it could land outside the target directory)',
  nulChar: () => 'has a NUL character in its name',
  symlink: () => 'is a symbolic link',
  duplicate: (target: string) => `lands on ${target} like an earlier entry`,
  noLayoutFiles: (file: string, machine: string, splits: readonly string[]) =>
    `${file}: no ${machine}/{${splits.join(',')}}/*.wav entries in the DCASE layout; nothing unpacked`,
  targetExists: (file: string, dir: string) =>
    `${file}: ${dir} already exists and was not unpacked from this archive by npm run download; ` +
    `remove it or choose another --out`,
  skipped: (file: string, count: number, examples: readonly string[]) =>
    `${file}: skipped ${count} entr${count === 1 ? 'y' : 'ies'} outside the DCASE layout ` +
    `(${examples.join(', ')}${count > examples.length ? ', ...' : ''})`,
  progress: (file: string, done: number, total: number | undefined, bytesPerSec: number) => {
    const size =
      total === undefined
        ? `${mib(done)} MiB`
        : `${mib(done)} / ${mib(total)} MiB (${((100 * done) / Math.max(total, 1)).toFixed(1)}%)`;
    const eta =
      total !== undefined && bytesPerSec > 0 && done < total
        ? `, ETA ${Math.ceil((total - done) / bytesPerSec)} s`
        : '';
    return `${file}: ${size}, ${mib(bytesPerSec)} MiB/s${eta}`;
  },
  downloaded: (file: string, bytes: number, sec: number) =>
    `${file}: downloaded ${mib(bytes)} MiB in ${sec.toFixed(1)} s, md5 verified`,
  verified: (file: string) => `${file}: already downloaded, md5 verified`,
  alreadyUnpacked: (file: string, dir: string) => `${file}: already unpacked in ${dir}`,
  unpacked: (file: string, files: number, dir: string) => `${file}: ${files} files in ${dir}`,
  done: (dataset: string, archives: number, out: string) =>
    `${dataset}: ${archives} archive(s) in place under ${out}`,
};
