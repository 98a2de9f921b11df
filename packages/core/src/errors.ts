/**
 * Every failure recnas reports carries one of these codes. Only the CLI maps codes to exit codes.
 * @category errors
 */
export type RecnasErrorCode =
  | 'CONFIG_INVALID'
  | 'USAGE'
  | 'DATA_FORMAT'
  | 'DATA_BAD_ROWS_OVER_LIMIT'
  | 'DATA_EMPTY'
  | 'IO'
  | 'BACKEND_UNAVAILABLE'
  | 'OPERATOR_UNKNOWN'
  | 'OPERATOR_DUPLICATE'
  | 'OPERATOR_SHAPE'
  | 'CHECKPOINT_CORRUPT'
  | 'TRAINING_DIVERGED'
  | 'WORKER_FAILED'
  | 'INVARIANT';

/** The one error class of recnas: a code, a message that says what and where, and structured details. */
export class RecnasError extends Error {
  constructor(
    readonly code: RecnasErrorCode,
    message: string,
    readonly details: Readonly<Record<string, unknown>> = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'RecnasError';
  }
}

/** True when `value` is a RecnasError (also across duplicated module copies, by name and code). */
export function isRecnasError(value: unknown): value is RecnasError {
  return (
    value instanceof RecnasError ||
    (value instanceof Error && value.name === 'RecnasError' && typeof (value as { code?: unknown }).code === 'string')
  );
}

/**
 * Throws an INVARIANT error when `condition` is false. For hot paths: the message is built lazily.
 * Never use it on user input; decode user input with a codec instead.
 */
export function invariant(condition: boolean, message: () => string, details?: () => Record<string, unknown>): asserts condition {
  if (!condition) throw new RecnasError('INVARIANT', message(), details?.() ?? {});
}
