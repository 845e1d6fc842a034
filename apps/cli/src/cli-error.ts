import type { Logger } from 'pino';
/** Exit codes: 1 for a failure while running, 2 for a command line the CLI cannot run. */
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

/** A failure with a message meant for the operator, printed without a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT_FAILURE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Where a command writes: its result to `stdout`, progress and warnings to `stderr`. */
export interface Output {
  readonly stdout: { write(chunk: string): boolean };
  readonly stderr: { readonly isTTY?: boolean; write(chunk: string): boolean };
  /** Machine mode (--json): results as JSON on stdout, diagnostics as JSON lines on stderr, no bars. */
  readonly json?: boolean;
  /** Machine mode's logger (pino JSON lines on `stderr`), for diagnostics with fields. */
  readonly logger?: Logger;
}
