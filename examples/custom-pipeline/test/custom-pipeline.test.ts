import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archHash } from '@recnas/core';
import { createEngine } from '@recnas/engine';
import { builtinRegistry, decodeRunConfig, loadScoringContext, resolveSpace, scoreArchitecture, scoringSpec, type ResolvedRunConfig } from '@recnas/pipeline';
import { baselineArchitecture } from '@recnas/supernet';
import { formatCustomPipelineResult, runCustomPipeline, type CustomPipelineResult } from '../src/index.js';

const CRITEO = new URL('../../../test-data/criteo/train.csv', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'recnas-custom-'));
const runDir = join(root, 'run');
const data = join(root, 'criteo-head.csv');
let config: Record<string, unknown>;
let result: CustomPipelineResult;

beforeAll(async () => {
  await createEngine({ logger: () => undefined }).initBackend();
  // The first 2,000 rows of the Criteo sample: 1,600 train, 200 validation, 200 test.
  writeFileSync(data, `${readFileSync(CRITEO, 'utf8').split('\n').slice(0, 2000).join('\n')}\n`);
  config = {
    data: { path: data, format: 'criteo', vocabCap: 2000 },
    supernet: { blocks: 2, denseWidths: [16, 32], sparseWidths: [16], steps: 24, batchSize: 64, checkpointEverySteps: 8 },
    search: { fineTuneSteps: 10 },
    retrain: { epochs: 1 },
  };
  const outcome = await runCustomPipeline(config, { runDir, candidates: 8 });
  if (E.isLeft(outcome)) throw outcome.left;
  result = outcome.right;
}, 300_000);
function resolvedConfig(): ResolvedRunConfig {
  const resolved = decodeRunConfig(config);
  if (E.isLeft(resolved)) throw resolved.left;
  return resolved.right;
}

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('runCustomPipeline', () => {
  it('scores 8 random candidates and picks the one with the lowest validation LogLoss', () => {
    expect(result.candidates).toHaveLength(8);
    for (const candidate of result.candidates) {
      expect(Number.isFinite(candidate.validationLogLoss)).toBe(true);
      expect(candidate.validationLogLoss).toBeGreaterThan(0);
      expect(candidate.flopsPerExample).toBeGreaterThan(0);
      expect(candidate.archHash).toBe(archHash(candidate.arch));
    }
    expect(result.best.validationLogLoss).toBe(Math.min(...result.candidates.map((candidate) => candidate.validationLogLoss)));
    expect(result.candidates).toContain(result.best);
  });

  it("agrees with the pipeline's own scoring of the best candidate from the saved supernet.ckpt", async () => {
    const registry = builtinRegistry();
    if (E.isLeft(registry)) throw registry.left;
    // No supernet passed: the context loads runDir/supernet.ckpt, as a worker thread would.
    const context = await loadScoringContext(scoringSpec(runDir, resolvedConfig()), registry.right);
    try {
      expect(scoreArchitecture(context, result.best.arch).validationLogLoss).toBe(result.best.validationLogLoss);
    } finally {
      context.supernet.dispose();
    }
  });

  it('retrains the best candidate and DLRM and reports finite test metrics', () => {
    const space = resolveSpace(resolvedConfig().supernet);
    if (E.isLeft(space)) throw space.left;
    const dlrm = baselineArchitecture('dlrm', space.right);
    if (E.isLeft(dlrm)) throw dlrm.left;
    expect(result.models.map((model) => [model.name, model.archHash])).toEqual([
      ['searched', result.best.archHash],
      ['dlrm', archHash(dlrm.right)],
    ]);
    for (const model of result.models) {
      expect(Number.isFinite(model.testLogLoss)).toBe(true);
      expect(model.testLogLoss).toBeGreaterThan(0);
      expect(model.testAuc).toBeGreaterThan(0);
      expect(model.testAuc).toBeLessThan(1);
    }
  });

  it('prints the candidates best first (marked) and the models', () => {
    const lines = formatCustomPipelineResult(result).split('\n');
    expect(lines).toHaveLength(1 + 8 + 1 + 1 + 2);
    expect(lines[1]).toContain(`${result.best.archHash} *`);
    expect(lines[1]).toContain(result.best.validationLogLoss.toFixed(4));
    expect(lines[11]).toMatch(/^searched\s/);
    expect(lines[11]).toContain(result.models[0]?.testLogLoss.toFixed(4));
    expect(lines[12]).toMatch(/^dlrm\s/);
  });

  it('returns CONFIG_INVALID with the JSON path for a bad config', async () => {
    const outcome = await runCustomPipeline({ supernet: { blocks: 0 } }, { runDir: join(root, 'bad') });
    if (E.isRight(outcome)) throw new Error('expected a bad config to fail');
    expect(outcome.left.code).toBe('CONFIG_INVALID');
    expect(outcome.left.message).toContain('supernet.blocks');
  });
});
