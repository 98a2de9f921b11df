import * as E from 'fp-ts/lib/Either.js';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SEQUENTIAL_RUN_CONFIG, decodeSequentialRunConfig, inferInteractionFormat } from '../../src/index.js';

const messageOf = (input: unknown): string => {
  const decoded = decodeSequentialRunConfig(input);
  if (E.isRight(decoded)) throw new Error('expected a decoding error');
  expect(decoded.left.code).toBe('CONFIG_INVALID');
  return decoded.left.message;
};

describe('decodeSequentialRunConfig', () => {
  it('fills every default from an empty config', () => {
    expect(decodeSequentialRunConfig({})).toEqual(E.right(DEFAULT_SEQUENTIAL_RUN_CONFIG));
    expect(DEFAULT_SEQUENTIAL_RUN_CONFIG.search.variants).toEqual(['dns-rec', 'no-gates', 'static-constraint']);
  });

  it('merges sections key by key and infers the format from the file name', () => {
    const decoded = decodeSequentialRunConfig({ data: { path: 'clicks.csv', delimiter: ';' }, training: { epochs: 200 }, search: { budget: { schedule: 'cosine' } } });
    if (E.isLeft(decoded)) throw decoded.left;
    expect(decoded.right.data).toMatchObject({ path: 'clicks.csv', format: 'delimited', delimiter: ';', maxLength: 50 });
    expect(decoded.right.training).toMatchObject({ epochs: 200, patience: 40, learningRate: 1e-3 });
    expect(decoded.right.search.budget).toEqual({ schedule: 'cosine', rampFraction: 0.5 });
    expect(inferInteractionFormat('ratings.dat')).toBe('movielens-dat');
    expect(inferInteractionFormat('Beauty.txt')).toBe('amazon-user-list');
  });

  it('reports bad values and unknown keys with their JSON paths', () => {
    const message = messageOf({ task: 'ctr', seed: -1, training: { epochs: 0, lr: 1 }, search: { targetFraction: 2, variants: ['dns-rec', 'gates'] }, evaluation: { protocol: 'sampled' } });
    expect(message).toContain('task: expected');
    expect(message).toContain('seed: expected');
    expect(message).toContain('training.epochs: expected positive integer, got 0');
    expect(message).toContain('training.lr: expected no such key (unknown key)');
    expect(message).toContain('search.targetFraction: expected');
    expect(message).toContain('search.variants[1]: expected one of dns-rec, no-gates, static-constraint');
    expect(message).toContain('evaluation.protocol: expected one of full, sampled-100');
  });

  it('rejects rules across fields with their paths', () => {
    expect(messageOf({ search: { variants: [] } })).toContain('search.variants: expected at least one');
    expect(messageOf({ model: { space: { maxLayers: 2, maxHeads: 3, attentionWidth: 16, hiddenWidths: [16], ffnWidths: [32] } } })).toContain('model.space.attentionWidth');
    expect(messageOf({ data: { path: 'Beauty.txt', delimiter: ',' } })).toContain("data.delimiter: applies only to data.format 'delimited'");
  });
});
