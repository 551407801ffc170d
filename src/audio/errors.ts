/**
 * The one error type of audio I/O. Its message always starts with the file path and says what is
 * wrong (texts in the "Audio I/O" section of src/messages/index.ts), so a caller can print
 * `err.message` alone and the user knows which file to look at and why.
 */
export class AudioError extends Error {
  /** The file (or buffer label) the error is about. */
  readonly file: string;

  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AudioError';
    this.file = file;
  }
}
