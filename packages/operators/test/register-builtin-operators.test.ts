import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { builtinOperators, createOperatorRegistry, registerBuiltinOperators, validateOperator } from '../src/index.js';

const NASREC_IDS = ['linear-2d', 'sigmoid-gating', 'sum', 'dot-product', 'linear-3d', 'transformer', 'fm', 'dense-sparse-interact', 'deep-fm'];
/** NASRec's operators, then `cross-v2` (the DCN-v2 baseline's cross network, outside NASRec's spaces). */
const BUILTIN_IDS = [...NASREC_IDS, 'cross-v2'];

describe('registerBuiltinOperators', () => {
  it('registers nothing on import: a new registry is empty until the explicit call', () => {
    const registry = createOperatorRegistry();
    expect(registry.ids()).toEqual([]);
    expect(E.isRight(registerBuiltinOperators(registry))).toBe(true);
    expect(registry.ids()).toEqual(BUILTIN_IDS);
  });

  it('puts each NASRec operator in its arity group (NASRec supernet.py _dense_unary_nodes, ...)', () => {
    const kinds = Object.fromEntries(builtinOperators.map((op) => [op.id, op.kind]));
    expect(kinds).toEqual({
      'linear-2d': 'dense-unary',
      'sigmoid-gating': 'dense-binary',
      sum: 'dense-binary',
      'dot-product': 'dense-sparse',
      'linear-3d': 'sparse',
      transformer: 'sparse',
      fm: 'sparse',
      'dense-sparse-interact': 'dense-sparse',
      'deep-fm': 'dense-sparse',
      'cross-v2': 'dense-sparse',
    });
  });

  it('passes validateOperator for every built-in, whose options all decode from {}', () => {
    for (const op of builtinOperators) {
      expect(validateOperator(op)).toEqual(E.right(op));
      expect(E.isRight(op.optionsCodec.decode({}))).toBe(true);
    }
  });

  it('fails with OPERATOR_DUPLICATE when called twice on one registry', () => {
    const registry = createOperatorRegistry();
    registerBuiltinOperators(registry);
    const again = registerBuiltinOperators(registry);
    expect(E.isLeft(again) && again.left.code).toBe('OPERATOR_DUPLICATE');
    expect(registry.ids()).toEqual(BUILTIN_IDS);
  });
});
