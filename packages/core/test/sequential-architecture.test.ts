import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  SASREC_SPACE,
  architectureFromChoices,
  decodeSequentialArchitecture,
  largestSequentialArchitecture,
  sequentialArchHash,
  sequentialArchitectureErrors,
  sequentialChoiceGroups,
  sequentialSpaceErrors,
  type SequentialArchitecture,
} from '../src/index.js';

const sasrec: SequentialArchitecture = largestSequentialArchitecture(SASREC_SPACE);

describe('largestSequentialArchitecture', () => {
  it('is SASRec as ICLRec trains it: hidden 64, 2 layers of 2 heads, FFN 256', () => {
    expect(sasrec).toEqual({ hiddenWidth: 64, attentionWidth: 64, maxHeads: 2, layers: [{ heads: 2, ffnWidth: 256 }, { heads: 2, ffnWidth: 256 }] });
    expect(sequentialSpaceErrors(SASREC_SPACE)).toEqual([]);
    expect(sequentialArchitectureErrors(sasrec, SASREC_SPACE)).toEqual([]);
  });
});

describe('decodeSequentialArchitecture', () => {
  it('names the path of a bad value', () => {
    const decoded = decodeSequentialArchitecture({ ...sasrec, layers: [{ heads: 0, ffnWidth: 256 }] });
    expect(E.isLeft(decoded) && decoded.left.message).toContain('layers[0].heads: expected positive integer, got 0');
  });
  it('rejects an architecture outside the space, naming the choice', () => {
    const decoded = decodeSequentialArchitecture({ ...sasrec, hiddenWidth: 40 }, SASREC_SPACE);
    expect(E.isLeft(decoded) && decoded.left.code).toBe('CONFIG_INVALID');
    expect(E.isLeft(decoded) && decoded.left.message).toContain('hiddenWidth: 40 is not one of 16, 32, 48, 64');
  });
  it('rejects unknown keys', () => {
    expect(E.isLeft(decodeSequentialArchitecture({ ...sasrec, dropout: 0.5 }))).toBe(true);
  });
});

describe('sequentialChoiceGroups', () => {
  it('lists depth, heads and ffn per layer, then hidden', () => {
    expect(sequentialChoiceGroups(SASREC_SPACE).map((group) => group.name)).toEqual(['depth', 'heads.0', 'ffn.0', 'heads.1', 'ffn.1', 'hidden']);
  });
});

describe('architectureFromChoices', () => {
  it('drops the layers past the chosen depth', () => {
    const arch = architectureFromChoices(SASREC_SPACE, { depth: 0, 'heads.0': 0, 'ffn.0': 2, 'heads.1': 1, 'ffn.1': 4, hidden: 1 });
    expect(arch).toEqual({ hiddenWidth: 32, attentionWidth: 64, maxHeads: 2, layers: [{ heads: 1, ffnWidth: 128 }] });
  });
  it('throws on an index out of range', () => {
    expect(() => architectureFromChoices(SASREC_SPACE, { depth: 5 })).toThrow(/depth: index 5/);
  });
  it('always builds an architecture of the space, whose hash survives a JSON round trip', () => {
    const groups = sequentialChoiceGroups(SASREC_SPACE);
    const choices = fc.record(Object.fromEntries(groups.map((group) => [group.name, fc.nat({ max: group.options.length - 1 })])));
    fc.assert(
      fc.property(choices, (picked) => {
        const arch = architectureFromChoices(SASREC_SPACE, picked);
        expect(sequentialArchitectureErrors(arch, SASREC_SPACE)).toEqual([]);
        const decoded = decodeSequentialArchitecture(JSON.parse(JSON.stringify(arch)), SASREC_SPACE);
        expect(E.isRight(decoded) && sequentialArchHash(decoded.right)).toBe(sequentialArchHash(arch));
      }),
      { seed: 12 },
    );
  });
});

describe('sequentialArchHash', () => {
  it('differs when one layer differs', () => {
    const pruned = { ...sasrec, layers: [sasrec.layers[0]!, { heads: 1, ffnWidth: 256 }] } as SequentialArchitecture;
    expect(sequentialArchHash(pruned)).not.toBe(sequentialArchHash(sasrec));
    expect(sequentialArchHash(sasrec)).toMatch(/^[0-9a-f]{16}$/);
  });
});
