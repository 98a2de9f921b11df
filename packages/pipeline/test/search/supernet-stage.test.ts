import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '@recnas/engine';
import { createOperatorRegistry, registerBuiltinOperators } from '@recnas/operators';
import { decodeRunConfig, type ResolvedRunConfig } from '../../src/run-config.js';
import { runSupernetStage, supernetStageConfig } from '../../src/stages/supernet-stage.js';
import { trainSupernet } from '../../src/stages/train-supernet.js';
import { saveSupernetSnapshot } from '../../src/stages/supernet-snapshots.js';

const CRITEO = new URL('../../../../test-data/criteo/train.csv', import.meta.url).pathname;
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});
beforeAll(async () => {
  await initBackend({ logger: () => undefined });
});

function registry() {
  const operators = createOperatorRegistry();
  registerBuiltinOperators(operators);
  return operators;
}

function tinyConfig(): ResolvedRunConfig {
  const config = decodeRunConfig({
    data: { path: CRITEO, format: 'criteo' },
    supernet: { blocks: 2, denseWidths: [16, 32], sparseWidths: [16], steps: 12, batchSize: 64, checkpointEverySteps: 4 },
  });
  if (E.isLeft(config)) throw config.left;
  return config.right;
}

function runDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'recnas-stage-'));
  dirs.push(dir);
  return dir;
}

describe('runSupernetStage', () => {
  it('continues from a snapshot to exactly the losses and weights of an uninterrupted run', async () => {
    const config = tinyConfig();
    const whole = await runSupernetStage(runDir(), config, registry());
    if (E.isLeft(whole)) throw whole.left;
    // An interrupted run: the training stops right after writing its step-8 snapshot (as if killed there).
    const partial = runDir();
    let saved = 0;
    const stopAt = 8;
    const stopped = await trainSupernet(supernetStageConfig(config), {
      registry: registry(),
      checkpoint: {
        every: 4,
        save: async (supernet, progress) => {
          await saveSupernetSnapshot(partial, supernet, progress);
          saved = progress.step;
          if (progress.step === stopAt) throw new Error('killed');
        },
      },
    });
    expect(E.isLeft(stopped)).toBe(true);
    expect(saved).toBe(stopAt);
    expect(readdirSync(join(partial, 'checkpoints')).sort()).toEqual(['supernet-step-00000008.ckpt', 'supernet-step-00000008.json']);
    const resumed = await runSupernetStage(partial, config, registry());
    if (E.isLeft(resumed)) throw resumed.left;
    expect(resumed.right.result.lossCurve).toEqual(whole.right.result.lossCurve);
    expect(resumed.right.result.subnets.map((subnet) => subnet.validationLogLoss)).toEqual(whole.right.result.subnets.map((subnet) => subnet.validationLogLoss));
    expect(readdirSync(partial)).not.toContain('checkpoints');
    // A finished stage is loaded, not trained again.
    const again = await runSupernetStage(partial, config, registry());
    if (E.isLeft(again)) throw again.left;
    expect(again.right.reused).toBe(true);
    expect(again.right.result.lossCurve).toEqual(whole.right.result.lossCurve);
    for (const output of [whole, resumed, again]) if (E.isRight(output)) output.right.supernet.dispose();
  });
});
