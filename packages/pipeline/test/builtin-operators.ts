import * as E from 'fp-ts/lib/Either.js';
import type { OperatorRegistry } from '@recnas/operators';
import { builtinRegistry } from '../src/stages/train-supernet.js';

/** The built-in operator registry, or a thrown error (tests only). */
export function builtinOperators(): OperatorRegistry {
  const operators = builtinRegistry();
  if (E.isLeft(operators)) throw operators.left;
  return operators.right;
}
