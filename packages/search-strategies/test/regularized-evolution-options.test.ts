import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import { decodeWith, strictType } from '@recnas/core';
import { RegularizedEvolutionOptionsCodec } from '../src/index.js';

const ConfigCodec = strictType({ search: RegularizedEvolutionOptionsCodec }, 'Config');

function messageOf(result: E.Either<{ code: string; message: string }, unknown>): string {
  if (E.isRight(result)) throw new Error('expected a decoding failure');
  expect(result.left.code).toBe('CONFIG_INVALID');
  return result.left.message;
}

describe('RegularizedEvolutionOptionsCodec', () => {
  it('fills every absent option with the NASRec Criteo defaults', () => {
    const result = decodeWith(RegularizedEvolutionOptionsCodec, {}, 'search');
    expect(result).toEqual(
      E.right({
        population: 128,
        generations: 240,
        childrenPerGeneration: 8,
        tournamentSize: 64,
        initialMutations: 6,
        finalMutations: 1,
        objectives: { primary: 'loss', weights: {}, constraints: [] },
      }),
    );
    if (E.isRight(result)) {
      // SPEC section 5: a full search evaluates 2,048 subnets.
      expect(result.right.population + result.right.generations * result.right.childrenPerGeneration).toBe(2048);
    }
  });

  it('keeps the options it is given and defaults the rest', () => {
    const result = decodeWith(RegularizedEvolutionOptionsCodec, { population: 32, tournamentSize: 8, generations: 5 }, 'search');
    expect(result).toEqual(
      E.right({
        population: 32,
        generations: 5,
        childrenPerGeneration: 8,
        tournamentSize: 8,
        initialMutations: 6,
        finalMutations: 1,
        objectives: { primary: 'loss', weights: {}, constraints: [] },
      }),
    );
  });

  it('rejects a tournament larger than the population at its JSON path', () => {
    const message = messageOf(decodeWith(ConfigCodec, { search: { tournamentSize: 200 } }, 'config'));
    expect(message).toContain('search.tournamentSize: expected at most population (128), got 200');
  });

  it('rejects more children per generation than the population and a mutation count that grows', () => {
    const message = messageOf(
      decodeWith(ConfigCodec, { search: { population: 4, tournamentSize: 2, childrenPerGeneration: 5, initialMutations: 1, finalMutations: 3 } }, 'config'),
    );
    expect(message).toContain('search.childrenPerGeneration: expected at most population (4), got 5');
    expect(message).toContain('search.finalMutations: expected at most initialMutations (1), got 3');
  });

  it('rejects non-positive values and unknown keys with their paths', () => {
    const message = messageOf(decodeWith(ConfigCodec, { search: { population: -3, populaton: 4 } }, 'config'));
    expect(message).toContain('search.population: expected positive integer, got -3');
    expect(message).toContain('search.populaton: expected no such key (unknown key), got 4');
  });

  it('decodes objectives and reports bad ones at their JSON paths', () => {
    const objectives = { primary: 'loss', weights: { flops: 1e-8 }, constraints: [{ objective: 'flops', max: 2e6 }] };
    const result = decodeWith(RegularizedEvolutionOptionsCodec, { objectives }, 'search');
    expect(E.isRight(result) && result.right.objectives).toEqual(objectives);
    const message = messageOf(
      decodeWith(ConfigCodec, { search: { objectives: { weights: { flops: -1 }, constraints: [{ objective: 'flops', maximum: 2 }] } } }, 'config'),
    );
    expect(message).toContain('search.objectives.weights.flops: expected non-negative number, got -1');
    expect(message).toContain('search.objectives.constraints[0].maximum: expected no such key (unknown key), got 2');
    expect(message).toContain('search.objectives.constraints[0].max: expected finite number, got nothing');
  });

  it('encodes the resolved options so that decoding them again is the identity', () => {
    const options = fc
      .record({ population: fc.integer({ min: 1, max: 500 }), generations: fc.integer({ min: 1, max: 500 }), finalMutations: fc.integer({ min: 1, max: 10 }) })
      .chain((base) =>
        fc.record({
          population: fc.constant(base.population),
          generations: fc.constant(base.generations),
          childrenPerGeneration: fc.integer({ min: 1, max: base.population }),
          tournamentSize: fc.integer({ min: 1, max: base.population }),
          initialMutations: fc.integer({ min: base.finalMutations, max: 12 }),
          finalMutations: fc.constant(base.finalMutations),
        }),
      );
    fc.assert(
      fc.property(options, (input) => {
        const decoded = decodeWith(RegularizedEvolutionOptionsCodec, input, 'search');
        if (E.isLeft(decoded)) throw decoded.left;
        const encoded = RegularizedEvolutionOptionsCodec.encode(decoded.right);
        expect(encoded).toEqual({ ...input, objectives: { primary: 'loss', weights: {}, constraints: [] } });
        expect(decodeWith(RegularizedEvolutionOptionsCodec, JSON.parse(JSON.stringify(encoded)), 'search')).toEqual(decoded);
      }),
      { seed: 2018 },
    );
  });
});
