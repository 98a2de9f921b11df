import { Rng } from '@recnas/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { gelu, tf } from '../../src/index.js';
import { expectSameAsStock, randomInput, runOn, setUpBackends, skipNative, withGradients } from './native-harness.js';

describe.skipIf(skipNative)('native gelu matches its stock-op form on cpu', () => {
  beforeAll(setUpBackends);
  const rng = Rng.fromSeed(41);

  it('forward and gradient on random shapes, including the tails beyond |x| = 4', () => {
    for (let trial = 0; trial < 8; trial++) {
      const shape = trial % 2 === 0 ? [1 + rng.nextInt(40), 1 + rng.nextInt(70)] : [1 + rng.nextInt(4), 1 + rng.nextInt(9), 1 + rng.nextInt(33)];
      const input = randomInput(rng, shape);
      const wide = { shape, values: input.values.map((value) => value * 7) };
      expectSameAsStock(withGradients((x) => gelu(x)), [wide], 1e-5);
    }
  });

  it('gives the erf-form values at known points', () => {
    // gelu(1) = 0.5 (1 + erf(1 / sqrt 2)) = 0.8413447; gelu(-2) = -2 x 0.0227501 = -0.0455003; gelu(0) = 0.
    const [result] = runOn('native', (x) => gelu(x), [{ shape: [3], values: new Float32Array([1, -2, 0]) }]);
    const values = Array.from(result?.values ?? []);
    expect(values[0]).toBeCloseTo(0.8413447, 6);
    expect(values[1]).toBeCloseTo(-0.0455003, 6);
    expect(values[2]).toBe(0);
    expect(tf.getBackend()).toBe('native');
  });
});
