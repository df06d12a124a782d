/**
 * A failure the user can fix (a missing file, a bad argument, an unknown tensor name): the
 * CLI prints its message alone on stderr, with no stack, and exits with `exitCode`.
 */
export class CliError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}
