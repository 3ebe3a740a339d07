/** A problem the CLI explains in its own words; the lines are printed as they are, then it exits 1. */
export class CliError extends Error {
  override readonly name = 'CliError';
  readonly details: readonly string[];

  constructor(message: string, options: { cause?: unknown; details?: readonly string[] } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.details = options.details ?? [];
  }
}
