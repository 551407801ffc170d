/**
 * A download failure with the exit code the command ends with: 2 for what running again will
 * not fix (a bad catalogue or option, a wrong checksum, an unsafe or unexpected archive, an
 * output directory that holds something else), 1 for what may pass on another try (the network,
 * the server).
 */
export class DownloadError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** The exit code for any error: a DownloadError's own, 1 for anything else. */
export const exitCodeOf = (e: unknown): number => (e instanceof DownloadError ? e.exitCode : 1);
