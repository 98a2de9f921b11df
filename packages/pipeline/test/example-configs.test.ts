import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { decodeRunConfig, decodeSequentialRunConfig } from '../src/index.js';

// The run configs the README and the decision records tell people to run: they must keep decoding.
const examples = new URL('../../../examples/', import.meta.url);
const read = (path: string): unknown => JSON.parse(readFileSync(new URL(path, examples), 'utf8'));

describe('the example run configs', () => {
  it.each(['sequential/quick.json', 'sequential/beauty-dnsrec.json'])('%s decodes as a sequential run config', (path) => {
    const config = decodeSequentialRunConfig(read(path));
    expect(E.isRight(config) ? 'ok' : config.left.message).toBe('ok');
  });

  it('beauty-dnsrec.json is the protocol of decision 0010 (200 epochs, patience 40, 3 search epochs, target 50%)', () => {
    const config = decodeSequentialRunConfig(read('sequential/beauty-dnsrec.json'));
    if (E.isLeft(config)) throw config.left;
    expect(config.right.training).toMatchObject({ epochs: 200, patience: 40, batchSize: 256, learningRate: 1e-3, loss: 'bce', lengthBuckets: true });
    expect(config.right.search).toMatchObject({ epochs: 3, targetFraction: 0.5, cost: 'flops' });
    expect(config.right.search.variants).toEqual(['dns-rec', 'no-gates', 'static-constraint']);
    expect(config.right.evaluation.protocol).toBe('full');
  });

  it.each(['co-design/criteo-sample.json', 'co-design/synthetic-200k.json'])('%s decodes as a co-design run config', (path) => {
    const config = decodeRunConfig(read(path));
    if (E.isLeft(config)) throw config.left;
    expect(config.right.hardware?.searchHardware).toBe(true);
    expect(config.right.search.objectives).toEqual(['logloss', 'energy']);
  });

  it('claims/criteo-sample.json is the claims study of decisions 0020 and 0022 (3 seeds, the same learning-rate grid for every model, 40 subnets)', () => {
    const config = decodeRunConfig(read('claims/criteo-sample.json'));
    if (E.isLeft(config)) throw config.left;
    expect(config.right.retrain).toMatchObject({ seeds: 3, learningRates: [0.01, 0.03, 0.1] });
    expect(config.right.rankCorrelation).toMatchObject({ subnets: 40, scratchEpochs: 1, scratchSeeds: 1 });
  });
});
