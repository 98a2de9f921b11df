import { RecnasError, isRecnasError } from '@recnas/core';

/** Turns a thrown RecnasError into a Left; anything else is wrapped as an IO error naming the path. */
export function toReadFailure(path: string, error: unknown): RecnasError {
  if (isRecnasError(error)) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RecnasError('IO', `cannot read ${path}: ${message}`, { path }, { cause: error });
}
