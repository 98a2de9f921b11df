import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { fakeQuantizePerOutputChannel, symmetricLevels } from '../src/stages/weight-fake-quantization.js';
import { precisionKeyOf, scoreKeyOf, supernetModulePrefixOf } from '../src/stages/weight-precision-plan.js';

describe('fakeQuantizePerOutputChannel', () => {
  it('quantizes each output channel (column) symmetrically to 2^(bits-1) - 1 levels, rounding to nearest (hand-checked)', () => {
    expect(symmetricLevels(4)).toBe(7);
    expect(symmetricLevels(8)).toBe(127);
    // W [3, 2]: column 0 has max |w| = 1 (scale 1/7), column 1 max |w| = 2 (scale 2/7).
    const weights = new Float32Array([0.5, -2, -0.5, 0.3, 1, 0.1]);
    const { values, scales } = fakeQuantizePerOutputChannel(weights, 3, 2, 4);
    expect(scales[0]).toBeCloseTo(1 / 7, 15);
    expect(scales[1]).toBeCloseTo(2 / 7, 15);
    // Column 0: 0.5 * 7 = 3.5 -> 4 (half away from zero), -3.5 -> -4, 1 * 7 = 7 -> 7.
    // Column 1: -2 * 7 / 2 = -7 -> -7; 0.3 * 3.5 = 1.05 -> 1; 0.1 * 3.5 = 0.35 -> 0.
    const expected = [4 / 7, -2, -4 / 7, 2 / 7, 1, 0];
    expected.forEach((value, at) => expect(values[at]).toBeCloseTo(value, 6));
  });

  it('leaves an all-zero channel at zero and is exact at the channel maximum', () => {
    const { values, scales } = fakeQuantizePerOutputChannel(new Float32Array([0, 3, 0, -1.5]), 2, 2, 8);
    expect(scales[0]).toBe(0);
    // Column 1: 3 -> 127 -> 3 exactly; -1.5 * 127 / 3 = -63.5 -> -64 -> -64 * 3 / 127.
    expect([...values]).toEqual([0, 3, 0, Math.fround((-64 * 3) / 127)]);
  });

  it('rejects fewer than 2 bits', () => {
    expect(() => fakeQuantizePerOutputChannel(new Float32Array([1]), 1, 1, 1)).toThrow(/at least 2 bits/);
  });
});

describe('weight precision plan keys', () => {
  it('maps pim-sim workload ids to supernet variable prefixes', () => {
    expect(supernetModulePrefixOf('block0.dense.linear-2d')).toEqual(E.right('block0/dense/linear-2d/'));
    expect(supernetModulePrefixOf('block3.sparse.linear-3d')).toEqual(E.right('block3/sparse/linear-3d/'));
    expect(supernetModulePrefixOf('block1.dense-sparse-interact')).toEqual(E.right('block1/interact/dense-sparse-interact/'));
    expect(supernetModulePrefixOf('block2.deep-fm')).toEqual(E.right('block2/deep-fm/deep-fm/'));
    expect(supernetModulePrefixOf('head.fc')).toEqual(E.right('head/'));
    expect(E.isLeft(supernetModulePrefixOf('stem.embeddings'))).toBe(true);
  });

  it('keeps the bare architecture hash at full precision and adds the precision otherwise', () => {
    expect(scoreKeyOf('abc', undefined)).toBe('abc');
    expect(precisionKeyOf(undefined)).toBe('float32');
    expect(scoreKeyOf('abc', { weightBits: 4, modules: ['block0/dense/linear-2d/', 'head/'] })).toBe('abc@w4[block0/dense/linear-2d/,head/]');
  });
});
