import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RUN_CONFIG, decodeRunConfig } from '../src/index.js';

const decoded = (input: unknown) => {
  const config = decodeRunConfig(input);
  if (E.isLeft(config)) throw config.left;
  return config.right;
};

describe('decodeRunConfig: rankCorrelation', () => {
  it('is off by default and trains the study from scratch for retrain.epochs', () => {
    expect(decoded({}).rankCorrelation).toEqual({ subnets: 0, scratchEpochs: DEFAULT_RUN_CONFIG.retrain.epochs, scratchSeeds: 1 });
  });

  it('takes an absent scratchEpochs from the resolved retrain.epochs, and a given one as it is', () => {
    expect(decoded({ retrain: { epochs: 3 }, rankCorrelation: { subnets: 20 } }).rankCorrelation).toEqual({ subnets: 20, scratchEpochs: 3, scratchSeeds: 1 });
    expect(decoded({ retrain: { epochs: 3 }, rankCorrelation: { subnets: 20, scratchEpochs: 2 } }).rankCorrelation).toEqual({ subnets: 20, scratchEpochs: 2, scratchSeeds: 1 });
    expect(decoded({ rankCorrelation: { subnets: 20, scratchSeeds: 3 } }).rankCorrelation.scratchSeeds).toBe(3);
    expect(() => decoded({ rankCorrelation: { subnets: 20, scratchSeeds: 0 } })).toThrow('rankCorrelation.scratchSeeds');
  });

  it('rejects a scratchEpochs that is not a positive integer, naming its path', () => {
    for (const scratchEpochs of [0, -1, 1.5, '2']) {
      const config = decodeRunConfig({ rankCorrelation: { subnets: 4, scratchEpochs } });
      expect(E.isLeft(config) && config.left.code).toBe('CONFIG_INVALID');
      expect(E.isLeft(config) && config.left.message).toContain('rankCorrelation.scratchEpochs');
    }
  });

  it('rejects a study of 1 or 2 subnets before any training (0 turns it off)', () => {
    for (const subnets of [1, 2, -1]) {
      const config = decodeRunConfig({ rankCorrelation: { subnets } });
      expect(E.isLeft(config) && config.left.message).toContain('rankCorrelation.subnets');
    }
    expect(decoded({ rankCorrelation: { subnets: 3 } }).rankCorrelation.subnets).toBe(3);
  });
});
