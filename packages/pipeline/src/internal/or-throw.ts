import * as E from 'fp-ts/lib/Either.js';
import type { RecnasError } from '@recnas/core';

/** The Right value, or throws the Left: for stage code that collects failures in one try/catch. */
export function orThrow<A>(value: E.Either<RecnasError, A>): A {
  if (E.isLeft(value)) throw value.left;
  return value.right;
}
