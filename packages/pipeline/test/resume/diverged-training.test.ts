import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEngine } from '@recnas/engine';
import { decodeRunConfig, runSupernetStage } from '../../src/index.js';
import { builtinOperators } from '../builtin-operators.js';

// A non-finite training loss must stop the supernet stage with TRAINING_DIVERGED and keep the last good
// snapshot (README). No hook injects a NaN: a peak learning rate of 1e12 overflows the weights within a few
// steps, through the public config alone. Snapshots every step so one exists before the divergence.

const CRITEO = new URL('../../../../test-data/criteo/train.csv', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'recnas-diverge-'));

function divergingConfig() {
  const config = decodeRunConfig({
    data: { path: CRITEO, format: 'criteo', vocabCap: 2000 },
    supernet: { blocks: 2, denseWidths: [16, 32], sparseWidths: [16], steps: 24, batchSize: 64, checkpointEverySteps: 1, peakLearningRate: 1e12 },
  });
  if (E.isLeft(config)) throw config.left;
  return config.right;
}

const registry = builtinOperators;

/** Runs the stage and returns its error, with the losses it reported on the way. */
async function divergedRun(dir: string): Promise<{ code: string; step: unknown; message: string; losses: number[] }> {
  const losses: number[] = [];
  const outcome = await runSupernetStage(dir, divergingConfig(), registry(), (_step, _total, loss) => losses.push(loss));
  if (E.isRight(outcome)) {
    outcome.right.supernet.dispose();
    throw new Error(`expected TRAINING_DIVERGED, got a trained supernet with losses ${losses.join(', ')}`);
  }
  return { code: outcome.left.code, step: outcome.left.details['step'], message: outcome.left.message, losses };
}

const snapshotFiles = (dir: string): string[] => readdirSync(join(dir, 'checkpoints')).sort();

beforeAll(async () => {
  await createEngine({ logger: () => undefined }).initBackend();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('supernet training that diverges', () => {
  it('stops with TRAINING_DIVERGED at the first non-finite loss and keeps the snapshot of the step before', async () => {
    const dir = join(root, 'run');
    const first = await divergedRun(dir);
    expect(first.code).toBe('TRAINING_DIVERGED');
    // Every reported loss was finite; the step that diverged is the one after them.
    expect(first.losses.every(Number.isFinite)).toBe(true);
    expect(first.losses.length).toBeGreaterThanOrEqual(2);
    expect(first.step).toBe(first.losses.length + 1);
    expect(first.message).toContain(`at step ${first.losses.length + 1}`);
    // No finished-stage files; the newest snapshot is the last good step, with exactly its losses.
    expect(existsSync(join(dir, 'supernet.ckpt'))).toBe(false);
    expect(existsSync(join(dir, 'train-supernet.json'))).toBe(false);
    const stem = `supernet-step-${String(first.losses.length).padStart(8, '0')}`;
    expect(snapshotFiles(dir)).toEqual([`${stem}.ckpt`, `${stem}.json`]);
    const progress = JSON.parse(readFileSync(join(dir, 'checkpoints', `${stem}.json`), 'utf8')) as { step: number; losses: number[] };
    expect(progress.step).toBe(first.losses.length);
    expect(progress.losses).toEqual(first.losses);

    // Resuming from the kept snapshot replays the same state: it diverges at the same step, trains nothing
    // before it again, and still keeps the snapshot.
    const again = await divergedRun(dir);
    expect(again.code).toBe('TRAINING_DIVERGED');
    expect(again.step).toBe(first.step);
    expect(again.losses).toEqual([]);
    expect(snapshotFiles(dir)).toEqual([`${stem}.ckpt`, `${stem}.json`]);
  });
});
