import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, describe, expect, it } from 'vitest';
import { NASREC_SMALL_SPACE, archHash, decodeWith, withBlockCount, type SearchSpace } from '@recnas/core';
import { DEFAULT_PIM_CONFIG_SPACE } from '@recnas/pim-sim';
import { RegularizedEvolutionOptionsCodec, evolutionPreset } from '@recnas/search-strategies';
import { decodeRunConfig } from '../../src/run-config.js';
import { jointEvolutionOptionsOf, runCoDesignLoop, type CoDesignLoopInput } from '../../src/stages/co-design-search.js';
import type { TaskScorer } from '../../src/stages/scoring-task.js';
import { builtinRegistry } from '../../src/stages/train-supernet.js';
import { fakeTaskScorer } from './fake-task-scorer.js';

const scratch = mkdtempSync(join(tmpdir(), 'recnas-co-design-precision-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const decoded = decodeRunConfig({ data: { path: 'unused.csv', format: 'criteo' }, search: { objectives: ['logloss', 'energy'] }, hardware: { config: 'naivePim' }, seed: 3 });
if (E.isLeft(decoded)) throw decoded.left;
const config = decoded.right;
const hardware = config.hardware as NonNullable<typeof config.hardware>;
const builtins = builtinRegistry();
if (E.isLeft(builtins)) throw builtins.left;
const registry = builtins.right;
const space: SearchSpace = withBlockCount(NASREC_SMALL_SPACE, 2 as SearchSpace['blocks']);
const evolution = E.flatMap(evolutionPreset('small'), (preset) =>
  decodeWith(RegularizedEvolutionOptionsCodec, { ...RegularizedEvolutionOptionsCodec.encode(preset), population: 8, generations: 4, childrenPerGeneration: 4 }, 'search.evolution'),
);
const jointOptions = E.flatMap(evolution, (value) => jointEvolutionOptionsOf(config, value));
if (E.isLeft(jointOptions)) throw jointOptions.left;
const options = jointOptions.right;

const fakeScorer = fakeTaskScorer;

function input(historyPath: string, score: TaskScorer, overrides: Partial<CoDesignLoopInput> = {}): CoDesignLoopInput {
  return {
    config,
    hardware,
    options,
    space,
    modelConfig: { space, registry, denseFeatures: 13, sparseFields: Array.from({ length: 26 }, () => 100) },
    historyPath,
    score,
    ...overrides,
  };
}

describe('co-design search with quantization-aware scores', () => {
  const historyPath = join(scratch, 'search-history.jsonl');

  it('scores an architecture once per weight precision and journals the precision of every pair', async () => {
    const scorer = fakeScorer();
    const result = await runCoDesignLoop(input(historyPath, scorer));
    if (E.isLeft(result)) throw result.left;
    const keys = scorer.tasks.map((task) => `${archHash(task.arch)}@${task.precision === undefined ? 'float' : task.precision.weightBits}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const entry of result.right.entries) {
      const precision = entry.metadata?.['precision'] as string;
      const choice = entry.metadata?.['hardware'] as Record<string, unknown>;
      const quantized = choice['placement.matrix'] === 'reram-pim';
      expect(precision.startsWith(quantized ? `w${String(choice['reramPim.weightBits'])}[` : 'float32')).toBe(true);
    }
    // Pairs of one architecture at different weight bits on ReRAM do not share a LogLoss.
    const byArch = new Map<string, Map<string, number>>();
    for (const entry of result.right.entries) {
      const precisions = byArch.get(entry.archHash) ?? new Map<string, number>();
      precisions.set(entry.metadata?.['precision'] as string, entry.objectives['loss'] as number);
      byArch.set(entry.archHash, precisions);
    }
    const mixed = [...byArch.values()].find((precisions) => new Set(precisions.values()).size > 1);
    expect(mixed).toBeDefined();
  });

  it('resumes from its history without scoring again', async () => {
    const first = readFileSync(historyPath, 'utf8');
    const scorer = fakeScorer();
    const result = await runCoDesignLoop(input(historyPath, scorer));
    if (E.isLeft(result)) throw result.left;
    expect(scorer.tasks).toHaveLength(0);
    expect(readFileSync(historyPath, 'utf8')).toBe(first);
  });

  it('refuses a history written before precision was scored when a pair quantizes weights', async () => {
    const old = join(scratch, 'old-history.jsonl');
    const lines = readFileSync(historyPath, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { metadata: Record<string, unknown> });
    writeFileSync(old, `${lines.map(({ metadata: { precision: _precision, ...metadata }, ...rest }) => JSON.stringify({ ...rest, metadata })).join('\n')}\n`);
    const result = await runCoDesignLoop(input(old, fakeScorer()));
    expect(E.isLeft(result) && result.left.code).toBe('CONFIG_INVALID');
    expect(E.isLeft(result) && result.left.message).toMatch(/written before quantization-aware scoring/);
  });

  it('accepts an old history whose pairs are all at full precision', async () => {
    const hostOnlySpace = { ...DEFAULT_PIM_CONFIG_SPACE, placement: { ...DEFAULT_PIM_CONFIG_SPACE.placement, matrix: ['host' as const] } };
    const path = join(scratch, 'host-history.jsonl');
    const scorer = fakeScorer();
    const fresh = await runCoDesignLoop(input(path, scorer, { hardware: { ...hardware, space: hostOnlySpace } }));
    if (E.isLeft(fresh)) throw fresh.left;
    expect(scorer.tasks.every((task) => task.precision === undefined)).toBe(true);
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { metadata: Record<string, unknown> });
    writeFileSync(path, `${lines.map(({ metadata: { precision: _precision, ...metadata }, ...rest }) => JSON.stringify({ ...rest, metadata })).join('\n')}\n`);
    const again = fakeScorer();
    const resumed = await runCoDesignLoop(input(path, again, { hardware: { ...hardware, space: hostOnlySpace } }));
    if (E.isLeft(resumed)) throw resumed.left;
    expect(again.tasks).toHaveLength(0);
  });

  it('rejects a hardware space that searches activation precision', async () => {
    const searched = { ...DEFAULT_PIM_CONFIG_SPACE, activationBits: [4, 8] };
    const result = await runCoDesignLoop(input(join(scratch, 'act.jsonl'), fakeScorer(), { hardware: { ...hardware, space: searched } }));
    expect(E.isLeft(result) && result.left.message).toMatch(/hardware\.space\.activationBits: expected one activation precision/);
    const config = decodeRunConfig({ data: { path: 'unused.csv', format: 'criteo' }, hardware: { space: searched } });
    expect(E.isLeft(config) && config.left.message).toMatch(/hardware\.space/);
  });
});
