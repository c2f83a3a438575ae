/**
 * The two kinds of failure assay knows.
 *
 * `AuditError` is the user's mistake (bad input, bad option, unusable model): the CLI
 * prints its one-line message and exits with code 2. `InternalError` is ours: exit 3.
 * Messages are lowercase phrases that name the offending file, column or value,
 * e.g. `missing column: income (in data.csv; columns: age, sex, …)`.
 */
export class AuditError extends Error {
  override readonly name = 'AuditError';
  /** Exit code the CLI uses for this error. */
  readonly exitCode: number = 2;
}

/** A bug or an unexpected state inside assay (exit code 3). */
export class InternalError extends Error {
  override readonly name = 'InternalError';
  readonly exitCode: number = 3;
}

/** Throws an `InternalError` when `condition` is false. */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new InternalError(message);
}

/** Message of any thrown value, on one line. */
export function oneLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/\s*\n\s*/g, ' ').trim();
}
