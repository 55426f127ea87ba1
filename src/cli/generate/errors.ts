// CliError: a `generate` failure as data — an exit code (1: a file or the run failed, 2: the command line is wrong)
// and a one-line message that names the file or the value.

export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    readonly exitCode: typeof EXIT_FAILED | typeof EXIT_USAGE,
    message: string,
  ) {
    super(message);
  }
}

export const usageError = (message: string): CliError => new CliError(EXIT_USAGE, message);
export const fileError = (message: string): CliError => new CliError(EXIT_FAILED, message);

/** The message of any thrown value, on one line. */
export function messageOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, ' ');
}
