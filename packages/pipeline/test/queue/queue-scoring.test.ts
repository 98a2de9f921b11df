import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Rng, type ArchEncoding } from '@recnas/core';
import { initBackend } from '@recnas/engine';
import { sampleArchitecture } from '@recnas/search-strategies';
import { createQueueScorer, decodeRunConfig, inProcessScorer, loadScoringContext, scoringSpec, startQueueWorker, type QueueWorker, type ResolvedRunConfig } from '../../src/index.js';
import type { CandidateResult } from '../../src/stages/search-history.js';
import { runSupernetStage } from '../../src/stages/supernet-stage.js';
import { HARDWARE_PRESETS, DEFAULT_RERAM_PIM } from '@recnas/pim-sim';
import type { ScoringTask } from '../../src/index.js';
import { inProcessTaskScorer } from '../../src/stages/candidate-scorers.js';
import { weightPrecisionPlanOf } from '../../src/stages/weight-precision-plan.js';
import { builtinOperators } from '../builtin-operators.js';
import { scoredInOrder } from '../scored-in-order.js';
import { redisServerPath, startTestRedis, type TestRedis } from '@recnas/test-redis';

// Candidate scoring through BullMQ on a real redis-server: same results as in this thread, a worker with
// other versions refuses (and the coordinator hears why), workers without the coordinator's disk fetch the
// files from Redis, and a Redis restart that loses every job still ends with every result.
const REDIS = redisServerPath();
if (REDIS === undefined) process.stderr.write('[recnas] redis-server is not installed: the queue scoring tests are skipped (apt-get install redis-server)\n');

const CRITEO = new URL('../../../../test-data/criteo/train.csv', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'recnas-queue-'));
const VERSIONS = { '@recnas/pipeline': '1.2.3', '@recnas/core': '1.2.3' };
let redis: TestRedis;
let config: ResolvedRunConfig;
let archs: ArchEncoding[];
let expected: Array<Omit<CandidateResult, 'seconds'>>;

function worker(cacheDir: string, versions = VERSIONS, lines: string[] = []): Promise<QueueWorker> {
  return startQueueWorker({ url: redis.url, concurrency: 1, versions, cacheDir: join(root, cacheDir), lockDurationMs: 2000, refusedDelayMs: 300, onLine: (line) => lines.push(line) });
}

/** A run directory with a trained (tiny) supernet, and the config it was trained with. */
async function trainedRun(name: string): Promise<string> {
  const runDir = join(root, name);
  mkdirSync(runDir);
  const trained = await runSupernetStage(runDir, config, builtinOperators());
  if (E.isLeft(trained)) throw trained.left;
  trained.right.supernet.dispose();
  return runDir;
}

describe.skipIf(REDIS === undefined)('candidate scoring through a BullMQ queue', () => {
  beforeAll(async () => {
    await initBackend({ logger: () => undefined });
    redis = await startTestRedis(REDIS as string);
    const decoded = decodeRunConfig({
      data: { path: CRITEO, format: 'criteo', vocabCap: 2000 },
      supernet: { blocks: 2, denseWidths: [16, 32], sparseWidths: [16], steps: 10, batchSize: 64 },
      search: { fineTuneSteps: 8, fineTuneBatchSize: 64 },
    });
    if (E.isLeft(decoded)) throw decoded.left;
    config = decoded.right;
    const runDir = await trainedRun('reference');
    const context = await loadScoringContext(scoringSpec(runDir, config), builtinOperators());
    const rng = Rng.fromSeed(11);
    archs = Array.from({ length: 6 }, () => sampleArchitecture(context.supernet.space, rng));
    expected = await scoredInOrder(inProcessScorer(context), archs);
    context.supernet.dispose();
  }, 120_000);
  // Every run here trains the same supernet, so its jobs would have the same ids: each test starts from an
  // empty Redis (a job already finished in Redis is answered from there, as for a resumed coordinator).
  beforeEach(() => redis.restart());
  afterAll(async () => {
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('gives exactly the in-process results on two workers', async () => {
    const workers = await Promise.all([worker('cache-a'), worker('cache-b')]);
    const scorer = await createQueueScorer(scoringSpec(join(root, 'reference'), config), { url: redis.url, versions: VERSIONS });
    try {
      expect(await scoredInOrder(scorer.score, archs)).toEqual(expected);
    } finally {
      await scorer.close();
      await Promise.all(workers.map((w) => w.close()));
    }
  }, 120_000);

  it('is refused by a worker with other package versions, with the reason at the coordinator, and scored by one with the same', async () => {
    const runDir = await trainedRun('versions');
    const notices: string[] = [];
    const workerLines: string[] = [];
    const stale = await worker('cache-stale', { ...VERSIONS, '@recnas/core': '1.2.2' }, workerLines);
    let refusedOnce: () => void = () => undefined;
    const refused = new Promise<void>((resolve) => (refusedOnce = resolve));
    const scorer = await createQueueScorer(scoringSpec(runDir, config), {
      url: redis.url,
      versions: VERSIONS,
      onNotice: (line) => {
        notices.push(line);
        if (line.includes('refused')) refusedOnce();
      },
    });
    let current: QueueWorker | undefined;
    try {
      // The matching worker starts only once the stale one has refused: nothing else could score.
      const results = scoredInOrder(scorer.score, archs.slice(0, 2));
      await refused;
      current = await worker('cache-current');
      expect(await results).toEqual(expected.slice(0, 2));
    } finally {
      await scorer.close();
      await stale.close();
      await current?.close();
    }
    expect(notices.some((line) => line.includes('recnas versions differ: @recnas/core is 1.2.2 on this worker but 1.2.3 on the coordinator'))).toBe(true);
    expect(workerLines.some((line) => line.startsWith('refused'))).toBe(true);
    expect(workerLines.some((line) => line.startsWith('scored'))).toBe(false);
  }, 120_000);

  it('lets workers without the coordinator files fetch them from Redis (SHA-256 verified)', async () => {
    const runDir = await trainedRun('moved');
    const scorer = await createQueueScorer(scoringSpec(runDir, config), { url: redis.url, versions: VERSIONS });
    // The coordinator's run directory is not where the job says: like a worker on another machine.
    renameSync(runDir, `${runDir}-elsewhere`);
    const remote = await worker('cache-remote');
    try {
      expect(await scoredInOrder(scorer.score, archs.slice(2, 4))).toEqual(expected.slice(2, 4));
    } finally {
      await scorer.close();
      await remote.close();
    }
    // The run's files in one folder, and the validation split the worker wrote for itself.
    const cached = readdirSync(join(root, 'cache-remote')).filter((name) => name !== 'splits');
    expect(cached).toHaveLength(1);
    expect(existsSync(join(root, 'cache-remote', 'splits'))).toBe(true);
    expect(existsSync(join(root, 'cache-remote', cached[0] as string, 'supernet.ckpt'))).toBe(true);
  }, 120_000);

  it('scores co-design pairs (an architecture at a weight precision) as in this thread', async () => {
    const runDir = await trainedRun('precision');
    const context = await loadScoringContext(scoringSpec(runDir, config), builtinOperators());
    const hardware = { ...HARDWARE_PRESETS.naivePim, reramPim: { ...DEFAULT_RERAM_PIM, weightBits: 4 } };
    const tasks: ScoringTask[] = archs.slice(0, 2).flatMap((arch) => {
      const plan = weightPrecisionPlanOf(arch, context.costConfig, hardware);
      if (E.isLeft(plan)) throw plan.left;
      // The same architecture at float32 and at 4-bit weights: two jobs, two different scores.
      return [{ arch }, ...(plan.right === undefined ? [] : [{ arch, precision: plan.right }])];
    });
    expect(tasks.length).toBeGreaterThan(2);
    const local = await scoredInOrder(inProcessTaskScorer(context), tasks);
    context.supernet.dispose();
    const one = await worker('cache-precision');
    const scorer = await createQueueScorer(scoringSpec(runDir, config), { url: redis.url, versions: VERSIONS });
    try {
      expect(await scoredInOrder(scorer.scoreTasks, tasks)).toEqual(local);
    } finally {
      await scorer.close();
      await one.close();
    }
    expect(local[0]?.validationLogLoss).not.toBe(local[1]?.validationLogLoss);
  }, 120_000);

  it('gets every result after Redis restarts without its data mid-search', async () => {
    const runDir = await trainedRun('restart');
    const notices: string[] = [];
    const one = await worker('cache-restart');
    const scorer = await createQueueScorer(scoringSpec(runDir, config), { url: redis.url, versions: VERSIONS, onNotice: (line) => notices.push(line), pollMs: 200 });
    try {
      expect(await scoredInOrder(scorer.score, archs, () => redis.restart())).toEqual(expected);
    } finally {
      await scorer.close();
      await one.close();
    }
    expect(notices.some((line) => line.startsWith('lost the connection'))).toBe(true);
    expect(notices.some((line) => line.includes('enqueued again'))).toBe(true);
  }, 120_000);
});
