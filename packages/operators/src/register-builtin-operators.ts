import * as E from 'fp-ts/lib/Either.js';
import type { RecnasError } from '@recnas/core';
import type { tf } from '@recnas/engine';
import type { Operator } from './operator.js';
import type { OperatorRegistry } from './operator-registry.js';
import { deepFm } from './builtin/deep-fm.js';
import { denseSparseInteract } from './builtin/dense-sparse-interact.js';
import { dotProduct } from './builtin/dot-product.js';
import { crossV2 } from './builtin/cross-v2.js';
import { fm } from './builtin/fm.js';
import { linear2d } from './builtin/linear-2d.js';
import { linear3d } from './builtin/linear-3d.js';
import { sigmoidGating } from './builtin/sigmoid-gating.js';
import { sum } from './builtin/sum.js';
import { transformer } from './builtin/transformer.js';

/**
 * The built-in NASRec operators (SPEC section 4), in this order: the dense operators `linear-2d`,
 * `sigmoid-gating`, `sum`, `dot-product`; the sparse operators `linear-3d`, `transformer`; `fm`; the
 * per-block interaction modules `dense-sparse-interact` and `deep-fm`; and `cross-v2` (DCN-v2's cross network,
 * for the DCN-v2 baseline; not in NASRec's spaces).
 */
export const builtinOperators: ReadonlyArray<Operator<unknown>> = [
  linear2d,
  sigmoidGating,
  sum,
  dotProduct,
  linear3d,
  transformer,
  fm,
  denseSparseInteract,
  deepFm,
  crossV2,
];

/**
 * Adds every built-in operator to `registry` (an explicit call: importing this package registers
 * nothing). Fails with OPERATOR_DUPLICATE when one of their ids is already taken.
 * @example
 * const registry = createOperatorRegistry();
 * registerBuiltinOperators(registry); // Right(registry): linear-2d, sigmoid-gating, ...
 */
export function registerBuiltinOperators(registry: OperatorRegistry<tf.Tensor>): E.Either<RecnasError, OperatorRegistry<tf.Tensor>> {
  let result: E.Either<RecnasError, OperatorRegistry<tf.Tensor>> = E.right(registry);
  for (const op of builtinOperators) result = E.flatMap(result, (current: OperatorRegistry<tf.Tensor>) => current.register(op));
  return result;
}
