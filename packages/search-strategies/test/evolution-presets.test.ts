import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { EVOLUTION_PRESET_NAMES, evolutionPreset } from '../src/index.js';

describe('evolutionPreset', () => {
  it('gives NASRec settings and the small setting with their evaluation budgets', () => {
    const nasrec = evolutionPreset('nasrec');
    const small = evolutionPreset('small');
    if (E.isLeft(nasrec) || E.isLeft(small)) throw new Error('a preset did not decode');
    const budget = (o: typeof nasrec.right): number => o.population + o.generations * o.childrenPerGeneration;
    expect(budget(nasrec.right)).toBe(2048); // 128 + 240 x 8, SPEC section 5
    expect(nasrec.right.tournamentSize).toBe(64);
    expect(small.right).toMatchObject({ population: 16, generations: 6, childrenPerGeneration: 4, tournamentSize: 8, initialMutations: 3, finalMutations: 1 });
    expect(budget(small.right)).toBe(40);
    expect(EVOLUTION_PRESET_NAMES).toEqual(['small', 'nasrec']);
  });

  it('rejects an unknown name and lists the known ones', () => {
    const result = evolutionPreset('large');
    expect(E.isLeft(result) && result.left.code).toBe('CONFIG_INVALID');
    expect(E.isLeft(result) && result.left.message).toBe('unknown evolution preset "large" (known: small, nasrec)');
  });
});
