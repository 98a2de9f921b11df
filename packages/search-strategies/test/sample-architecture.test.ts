import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import {
  NASREC_FULL_SPACE,
  NASREC_SMALL_SPACE,
  Rng,
  archHash,
  canonicalizeArch,
  validateArchEncoding,
  withBlockCount,
  type PositiveInt,
} from '@recnas/core';
import { sampleArchitecture } from '../src/index.js';

describe('sampleArchitecture', () => {
  it('draws valid, canonical architectures of any block count (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.boolean(), fc.integer({ min: 1, max: 12 }), (seed, full, blocks) => {
        const space = withBlockCount(full ? NASREC_FULL_SPACE : NASREC_SMALL_SPACE, blocks as PositiveInt);
        const arch = sampleArchitecture(space, Rng.fromSeed(seed));
        expect(E.isRight(validateArchEncoding(arch, space))).toBe(true);
        expect(canonicalizeArch(arch, space)).toEqual(arch);
        expect(arch.blocks).toHaveLength(blocks);
      }),
      { seed: 2018, numRuns: 300 },
    );
  });

  it('is a function of the rng state', () => {
    const a = sampleArchitecture(NASREC_FULL_SPACE, Rng.fromSeed(5));
    const b = sampleArchitecture(NASREC_FULL_SPACE, Rng.fromSeed(5));
    const c = sampleArchitecture(NASREC_FULL_SPACE, Rng.fromSeed(6));
    expect(a).toEqual(b);
    expect(archHash(a)).not.toBe(archHash(c));
  });

  it('draws every operator, width and input count uniformly', () => {
    const rng = Rng.fromSeed(11);
    const denseOps = new Map<string, number>();
    const sparseWidths = new Map<number, number>();
    const lastBlockInputs = new Map<number, number>();
    const draws = 4000;
    for (let i = 0; i < draws; i++) {
      const arch = sampleArchitecture(NASREC_FULL_SPACE, rng);
      const block = arch.blocks[0];
      const last = arch.blocks[6];
      if (block === undefined || last === undefined) throw new Error('missing block');
      denseOps.set(block.denseOp, (denseOps.get(block.denseOp) ?? 0) + 1);
      sparseWidths.set(block.sparseWidth, (sparseWidths.get(block.sparseWidth) ?? 0) + 1);
      lastBlockInputs.set(last.sparseInputs.length, (lastBlockInputs.get(last.sparseInputs.length) ?? 0) + 1);
    }
    // 4 dense operators, 4 sparse widths, sparse input sets of size 1..4 (block 7 sees 7 candidates): 1/4 each.
    // The standard error of a 1/4 share over 4,000 draws is 0.0068, so 0.03 is over four of them.
    for (const counts of [denseOps, sparseWidths, lastBlockInputs]) {
      expect(counts.size).toBe(4);
      for (const count of counts.values()) expect(Math.abs(count / draws - 0.25)).toBeLessThan(0.03);
    }
  });
});
