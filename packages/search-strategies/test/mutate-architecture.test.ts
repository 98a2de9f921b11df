import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import {
  NASREC_FULL_SPACE,
  NASREC_SMALL_SPACE,
  Rng,
  archHash,
  canonicalizeArch,
  isRecnasError,
  validateArchEncoding,
  withBlockCount,
  type PositiveInt,
} from '@recnas/core';
import { mutateArchitecture, sampleArchitecture } from '../src/index.js';
import { changedLabels } from './fixtures/choice-values.js';

describe('mutateArchitecture', () => {
  it('changes exactly k choices in a space without binary operators', () => {
    // NASRec-Small has no dense-binary operator, so no mutation activates or deactivates another choice.
    const rng = Rng.fromSeed(3);
    for (let trial = 0; trial < 200; trial++) {
      const parent = sampleArchitecture(NASREC_SMALL_SPACE, rng);
      const k = 1 + (trial % 6);
      const child = mutateArchitecture(parent, NASREC_SMALL_SPACE, k, rng);
      expect(changedLabels(parent, child, NASREC_SMALL_SPACE)).toHaveLength(k);
    }
  });

  it('returns valid, canonical, new architectures for any k (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0xffffffff }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 9 }), (seed, k, blocks) => {
        const space = withBlockCount(NASREC_FULL_SPACE, blocks as PositiveInt);
        const rng = Rng.fromSeed(seed);
        const parent = sampleArchitecture(space, rng);
        const child = mutateArchitecture(parent, space, k, rng);
        expect(E.isRight(validateArchEncoding(child, space))).toBe(true);
        expect(canonicalizeArch(child, space)).toEqual(child);
        expect(archHash(child)).not.toBe(archHash(parent));
      }),
      { seed: 2018, numRuns: 300 },
    );
  });

  it('changes every changeable choice when k exceeds their number', () => {
    // One block of NASRec-Small: denseOp (2 values), sparseOp (1), denseWidth (8), sparseWidth (4), inputs
    // (only the stem: 1 subset each), two toggles (2 values each). Changeable: denseOp, denseWidth,
    // sparseWidth, denseSparseInteract, deepFm.
    const space = withBlockCount(NASREC_SMALL_SPACE, 1 as PositiveInt);
    const rng = Rng.fromSeed(9);
    const parent = sampleArchitecture(space, rng);
    const child = mutateArchitecture(parent, space, 50, rng);
    expect(changedLabels(parent, child, space).sort()).toEqual(
      ['blocks[0].deepFm', 'blocks[0].denseOp', 'blocks[0].denseSparseInteract', 'blocks[0].denseWidth', 'blocks[0].sparseWidth'],
    );
  });

  it('keeps the architecture for k = 0, drops metadata, and rejects a bad count', () => {
    const arch = { ...sampleArchitecture(NASREC_FULL_SPACE, Rng.fromSeed(1)), metadata: { note: 'parent' } };
    const same = mutateArchitecture(arch, NASREC_FULL_SPACE, 0, Rng.fromSeed(2));
    expect(same.metadata).toBeUndefined();
    expect(archHash(same)).toBe(archHash(arch));
    expect(() => mutateArchitecture(arch, NASREC_FULL_SPACE, 1.5, Rng.fromSeed(2))).toThrow(/non-negative integer/);
    let thrown: unknown;
    try {
      mutateArchitecture(arch, NASREC_FULL_SPACE, -1, Rng.fromSeed(2));
    } catch (error) {
      thrown = error;
    }
    expect(isRecnasError(thrown) && thrown.code).toBe('INVARIANT');
  });

  it('switches between unary and binary dense operators with valid inputs', () => {
    // Mutating only operators of NASRec-Full often swaps a unary for a binary one and back.
    const rng = Rng.fromSeed(21);
    let switches = 0;
    for (let trial = 0; trial < 300; trial++) {
      const parent = sampleArchitecture(NASREC_FULL_SPACE, rng);
      const child = mutateArchitecture(parent, NASREC_FULL_SPACE, 3, rng);
      expect(E.isRight(validateArchEncoding(child, NASREC_FULL_SPACE))).toBe(true);
      child.blocks.forEach((block, position) => {
        const binary = block.denseOp === 'sum' || block.denseOp === 'sigmoid-gating';
        const before = parent.blocks[position];
        const wasBinary = before?.denseOp === 'sum' || before?.denseOp === 'sigmoid-gating';
        if (binary !== wasBinary) switches++;
        expect(block.denseLeftInputs?.length ?? 0).toBe(binary ? 1 : 0);
        expect(block.denseInputs.length > 0).toBe(!binary);
      });
    }
    expect(switches).toBeGreaterThan(20);
  });
});
