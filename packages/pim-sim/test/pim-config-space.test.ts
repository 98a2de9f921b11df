import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import * as E from 'fp-ts/lib/Either.js';
import {
  DEFAULT_PIM_CONFIG_SPACE,
  HARDWARE_PRESETS,
  decodePimChoice,
  decodePimConfigSpace,
  enumeratePimChoices,
  type PimChoice,
} from '../src/index.js';

const choices = enumeratePimChoices(DEFAULT_PIM_CONFIG_SPACE);
const choiceArbitrary: fc.Arbitrary<PimChoice> = fc.record(
  Object.fromEntries(Object.entries(choices).map(([label, choice]) => [label, fc.constantFrom(...(choice.kind === 'one-of' ? choice.values : []))])),
);

describe('enumeratePimChoices', () => {
  it('lists placement per kind and the ReRAM / DRAM-PIM values as one-of choices', () => {
    expect(Object.keys(choices)).toEqual([
      'placement.matrix',
      'placement.embedding-gather',
      'placement.elementwise',
      'placement.attention',
      'reramPim.crossbarSize',
      'reramPim.adcBits',
      'reramPim.weightBits',
      'reramPim.activationBits',
      'reramPim.tiles',
      'dramPim.units',
    ]);
    expect(choices['reramPim.crossbarSize']).toEqual({ kind: 'one-of', values: [64, 128, 256] });
    expect(choices['reramPim.adcBits']).toEqual({ kind: 'one-of', values: [4, 5, 6, 7, 8] });
    expect(choices['placement.attention']).toEqual({ kind: 'one-of', values: ['host'] });
  });
});

describe('decodePimChoice', () => {
  it('turns every point of the space into a valid hardware config that carries the choice', () => {
    fc.assert(
      fc.property(choiceArbitrary, (choice) => {
        const hardware = decodePimChoice(DEFAULT_PIM_CONFIG_SPACE, choice, HARDWARE_PRESETS.hostOnly);
        if (E.isLeft(hardware)) throw hardware.left;
        expect(hardware.right.reramPim?.crossbarSize).toBe(choice['reramPim.crossbarSize']);
        expect(hardware.right.reramPim?.adcBits).toBe(choice['reramPim.adcBits']);
        expect(hardware.right.dramPim?.units).toBe(choice['dramPim.units']);
        expect(hardware.right.placement?.byKind?.matrix).toBe(choice['placement.matrix']);
      }),
      { seed: 13 },
    );
  });

  it('rejects a value outside the space, a missing label and an unknown label', () => {
    const valid = fc.sample(choiceArbitrary, { seed: 1, numRuns: 1 })[0] as PimChoice;
    const { 'dramPim.units': _units, ...missing } = valid;
    const result = decodePimChoice(DEFAULT_PIM_CONFIG_SPACE, { ...missing, 'reramPim.adcBits': 9, 'reramPim.adcBit': 6 }, HARDWARE_PRESETS.hostOnly);
    if (E.isRight(result)) throw new Error('expected a failure');
    expect(result.left.code).toBe('CONFIG_INVALID');
    expect(result.left.message).toContain('reramPim.adcBits: expected one of 4, 5, 6, 7, 8, got 9');
    expect(result.left.message).toContain('dramPim.units: expected one of 2, 4, 8, 16, got nothing');
    expect(result.left.message).toContain('reramPim.adcBit: expected no such key (unknown choice), got 6');
  });
});

describe('decodePimConfigSpace', () => {
  it('accepts the default space and rejects a placement a device cannot run, with its path', () => {
    expect(decodePimConfigSpace(DEFAULT_PIM_CONFIG_SPACE)).toEqual(E.right(DEFAULT_PIM_CONFIG_SPACE));
    const bad = { ...DEFAULT_PIM_CONFIG_SPACE, placement: { ...DEFAULT_PIM_CONFIG_SPACE.placement, attention: ['host', 'reram-pim'] }, adcBits: [] };
    const result = decodePimConfigSpace(bad);
    if (E.isRight(result)) throw new Error('expected a failure');
    expect(result.left.message).toContain('placement.attention[1]: expected a device that runs attention operators, got "reram-pim"');
    expect(result.left.message).toContain('adcBits: expected at least one value, got []');
  });
});
