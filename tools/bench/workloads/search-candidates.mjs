// Benchmark workload (SPEC section 10, issue 5): evolution candidates evaluated per minute, scored as the
// pipeline's search does (inherited-weight validation LogLoss, then NASRec's head fine-tuning), in this
// thread and on worker threads (`search.workers`), so the gain of parallel candidate evaluation is measured.
// Through the queue (issue 16): the same candidates on 1, 2 and 4 worker processes (`recnas worker`'s
// startQueueWorker, one scoring thread each) over BullMQ on a local redis-server, and the queue's overhead
// per candidate: (wall time - the scoring threads' own time) / candidates through one queue worker process,
// minus the same through one worker thread (the hop to a scoring thread both have), measured with inherited
// weights only (no fine-tuning: short candidates, so the overhead is not lost in the noise of long ones).
// Setup: the default run config on the shipped 8,000-row Criteo sample (4 blocks, widths 16-64/16-32, 100
// fine-tuning steps), with the supernet trained for 20 steps only: weights do not change the cost.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { Rng } from '@recnas/core';
import { initBackend } from '@recnas/engine';
import { builtinRegistry, createQueueScorer, decodeRunConfig, inProcessScorer, loadScoringContext, runSupernetStage, scoringSpec, workerScorer } from '@recnas/pipeline';
import { sampleArchitecture } from '@recnas/search-strategies';

const CRITEO = new URL('../../../test-data/criteo/train.csv', import.meta.url).pathname;
const CANDIDATES = 16;

function orThrow(either) {
  if (E.isLeft(either)) throw either.left;
  return either.right;
}

/** Wall seconds of scoring `archs`, and the scoring threads' own seconds (summed over candidates). */
async function timedScoring(score, archs) {
  const start = performance.now();
  let scoringSeconds = 0;
  await score(archs, (_arch, result) => void (scoringSeconds += result.seconds));
  return { seconds: (performance.now() - start) / 1000, scoringSeconds };
}

async function timed(score, archs) {
  return (await timedScoring(score, archs)).seconds;
}

const WORKER_PROCESS = fileURLToPath(new URL('../lib/queue-worker-process.mjs', import.meta.url));

/** Resolves with the child once it prints `marker` on stdout. */
function startedChild(command, args, marker) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes(marker)) resolve(child);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}) before "${marker}"`)));
  });
}

const stopped = (child) => new Promise((resolve) => {
  if (child.exitCode !== null || child.signalCode !== null) return resolve();
  child.once('exit', resolve);
  child.kill('SIGTERM');
});

/** Scores `archs` through a fresh redis-server and `workers` worker processes (after a warm-up that loads the supernet in each). */
async function timedThroughQueue(spec, workers, warmUp, archs, runDir) {
  const port = 20000 + Math.floor(Math.random() * 30000);
  const redis = await startedChild('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], 'Ready to accept connections');
  const url = `redis://127.0.0.1:${port}`;
  const processes = await Promise.all(Array.from({ length: workers }, (_, i) => startedChild(process.execPath, [WORKER_PROCESS, url, join(runDir, `cache-${i}`)], 'ready')));
  const scorer = await createQueueScorer(spec, { url, versions: {} });
  try {
    await timed(scorer.score, warmUp);
    return await timedScoring(scorer.score, archs);
  } finally {
    await scorer.close();
    await Promise.all(processes.map(stopped));
    await stopped(redis);
  }
}

export default async function searchCandidatesWorkload() {
  const info = await initBackend({ logger: () => undefined });
  const registry = orThrow(builtinRegistry());
  const config = orThrow(decodeRunConfig({ data: { path: CRITEO, format: 'criteo' }, supernet: { steps: 20 } }));
  const runDir = mkdtempSync(join(tmpdir(), 'recnas-bench-search-'));
  try {
    orThrow(await runSupernetStage(runDir, config, registry)).supernet.dispose();
    const context = await loadScoringContext(scoringSpec(runDir, config), registry);
    const rng = Rng.fromSeed(2018);
    const archs = Array.from({ length: CANDIDATES }, () => sampleArchitecture(context.supernet.space, rng));
    const warmUp = Array.from({ length: 8 }, () => sampleArchitecture(context.supernet.space, rng));
    const results = [];
    const sequentialSeconds = await timed(inProcessScorer(context), archs);
    context.supernet.dispose();
    results.push({ workers: 0, seconds: sequentialSeconds });
    const workers = config.search.workers;
    const parallel = workerScorer(scoringSpec(runDir, config), workers);
    try {
      await timed(parallel.score, archs.slice(0, workers)); // each worker loads the supernet and data once
      results.push({ workers, seconds: await timed(parallel.score, archs) });
    } finally {
      await parallel.close();
    }
    const redisInstalled = spawnSync('sh', ['-c', 'command -v redis-server']).status === 0;
    if (!redisInstalled) process.stderr.write('[bench] redis-server is not installed: the queue rows are skipped\n');
    for (const count of redisInstalled ? [1, 2, 4] : []) {
      const { seconds } = await timedThroughQueue(scoringSpec(runDir, config), count, warmUp, archs, runDir);
      results.push({ workers: count, queue: true, seconds });
    }
    if (redisInstalled) {
      const inherited = { ...scoringSpec(runDir, config), fineTuneSteps: 0 };
      const overheadMs = (seconds, scoringSeconds) => (1000 * (seconds - scoringSeconds)) / CANDIDATES;
      const thread = workerScorer(inherited, 1);
      let threadOverhead;
      try {
        await timed(thread.score, warmUp);
        const threaded = await timedScoring(thread.score, archs);
        threadOverhead = overheadMs(threaded.seconds, threaded.scoringSeconds);
      } finally {
        await thread.close();
      }
      const queued = await timedThroughQueue(inherited, 1, warmUp, archs, runDir);
      const queueOverhead = overheadMs(queued.seconds, queued.scoringSeconds);
      results.push({ overheadRow: true, threadOverhead, queueOverhead });
    }
    return results.map(({ workers: count, queue, seconds, overheadRow, threadOverhead, queueOverhead }) => overheadRow ? ({
      workload: 'search-candidates',
      candidates: CANDIDATES,
      fineTuneSteps: 0,
      scoring: 'overhead per candidate: 1 BullMQ worker process vs 1 worker thread',
      threadHopMsPerCandidate: Number(threadOverhead.toFixed(2)),
      queueAndThreadHopMsPerCandidate: Number(queueOverhead.toFixed(2)),
      queueOverheadMsPerCandidate: Number((queueOverhead - threadOverhead).toFixed(2)),
      backend: info.name,
    }) : ({
      workload: 'search-candidates',
      candidates: CANDIDATES,
      fineTuneSteps: config.search.fineTuneSteps,
      scoring: queue ? `BullMQ queue, ${count} worker process${count === 1 ? '' : 'es'}` : count === 0 ? 'in-process (1 thread)' : `${count} worker threads`,
      seconds: Number(seconds.toFixed(2)),
      candidatesPerMinute: Number(((60 * CANDIDATES) / seconds).toFixed(1)),
      speedup: Number((sequentialSeconds / seconds).toFixed(2)),
      backend: info.name,
    }));
  } finally {
    rmSync(runDir, { recursive: true, force: true });
  }
}
