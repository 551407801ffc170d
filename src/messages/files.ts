/** User-facing messages about the user's own files and directories (outputs, locks, temp files). */

// ---------------------------------------------------------------------------------------------
// Files (src/util/, src/recordings/detectOutput.ts, src/experiment/runLock.ts)
// ---------------------------------------------------------------------------------------------

/** Why a file-system call failed, in words, with the code for searching (e.g. "the disk is full (ENOSPC)"). */
export function fsReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOSPC: 'the disk is full',
    EDQUOT: 'the disk quota is exceeded',
    EROFS: 'the file system is read-only',
    EACCES: 'not writable (permission denied)',
    EPERM: 'not writable (operation not permitted)',
    EIO: 'an input/output error of the device',
    ENOTDIR: 'a part of the path is not a directory',
    EISDIR: 'it is a directory',
    EFBIG: 'the file is too large for this file system or limit',
  };
  const w = err?.code ? words[err.code] : undefined;
  return w ? `${w} (${err.code})` : (err?.message ?? String(e));
}

export const fileMessages = {
  /** A write to an output failed (disk full, I/O error, ...): the OUTPUT is named, not an input. */
  writeFailed: (path: string, reason: string) =>
    `${path}: cannot write the output: ${reason}; nothing was written there`,
  /** An output directory that cannot be created or written to, found before any work. */
  notWritable: (path: string, reason: string) =>
    `${path}: cannot write there: ${reason}; nothing was done`,
};
