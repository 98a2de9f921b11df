import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_BIN, runNode, tinyCtrRunConfig } from './helpers.js';
import { redisServerPath, startTestRedis, type TestRedis } from '@recnas/test-redis';

// Issue 16: `recnas run --queue` with `recnas worker` processes on a real redis-server. A worker killed
// mid-candidate (kill -9) and a coordinator killed mid-search (then --resume) both end with the search
// history of the run that scored every candidate in its own thread, and no candidate is scored twice.
const REDIS = redisServerPath();
if (REDIS === undefined) process.stderr.write('[recnas] redis-server is not installed: the queue worker tests are skipped (apt-get install redis-server)\n');

const root = mkdtempSync(join(tmpdir(), 'recnas-queue-cli-'));
let redis: TestRedis;
let config: string;
let reference: unknown[];

/** A `recnas worker` process whose stderr is collected; `onLine` hears each line. */
interface WorkerProcess {
  readonly child: ChildProcess;
  readonly stderr: () => string;
  readonly exited: Promise<void>;
}

function startWorker(name: string, env: Record<string, string> = {}, onLine: (line: string) => void = () => undefined): WorkerProcess {
  const child = spawn(process.execPath, [BUILT_BIN, 'worker', '--redis', redis.url, '--lock-duration', '1000', '--cache-dir', join(root, `cache-${name}`)], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr += chunk;
    for (const line of chunk.split('\n')) if (line !== '') onLine(line);
  });
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return { child, stderr: () => stderr, exited };
}

/** Stops workers (SIGTERM: they finish what they hold); a worker that crashed already is just awaited. */
async function stopWorkers(workers: ReadonlyArray<WorkerProcess>): Promise<void> {
  for (const worker of workers) if (worker.child.exitCode === null && worker.child.signalCode === null) worker.child.kill('SIGTERM');
  await Promise.all(workers.map((worker) => worker.exited));
}

/** The search history of a run in proposal order, timing aside. */
function history(runDir: string): unknown[] {
  return readFileSync(join(runDir, 'search-history.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { index: number; seconds?: number })
    .sort((a, b) => a.index - b.index)
    .map(({ seconds: _seconds, ...entry }) => entry);
}

/** Job ids each worker reported as scored, over all workers. */
function scoredJobs(workers: ReadonlyArray<WorkerProcess>): string[] {
  return workers.flatMap((worker) => [...worker.stderr().matchAll(/scored (\S+) in/g)].map((match) => match[1] as string));
}

describe.skipIf(REDIS === undefined)('recnas run --queue with recnas worker processes', () => {
  beforeAll(async () => {
    redis = await startTestRedis(REDIS as string);
    const run = tinyCtrRunConfig(7, 1);
    config = join(root, 'config.json');
    writeFileSync(
      config,
      JSON.stringify({
        ...run,
        search: { ...(run['search'] as object), evolution: { population: 4, generations: 4, childrenPerGeneration: 2, tournamentSize: 2, initialMutations: 1, finalMutations: 1 }, fineTuneSteps: 5 },
      }),
    );
    const local = await runNode([BUILT_BIN, 'run', config, '--out', join(root, 'in-process')]);
    expect(local.code, local.stderr).toBe(0);
    reference = history(join(root, 'in-process'));
    expect(reference.length).toBeGreaterThanOrEqual(8);
  }, 120_000);
  afterAll(async () => {
    await redis?.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('ends with the in-process history when a worker is killed mid-candidate (three workers)', async () => {
    const workers = [startWorker('a'), startWorker('b'), startWorker('c', { RECNAS_WORKER_CRASH_AT_JOB: '2' })];
    try {
      const run = await runNode([BUILT_BIN, 'run', config, '--out', join(root, 'queue'), '--queue', redis.url]);
      expect(run.code, run.stderr).toBe(0);
      expect(history(join(root, 'queue'))).toEqual(reference);
    } finally {
      await stopWorkers(workers);
    }
    const crashed = workers[2] as WorkerProcess;
    expect(crashed.child.signalCode).toBe('SIGKILL');
    const lost = /killing this worker while it scores (\S+)/.exec(crashed.stderr())?.[1];
    expect(lost).toBeDefined();
    // The candidate the dead worker held was scored by another one; none was scored twice.
    const scored = scoredJobs(workers);
    expect(scored).toContain(lost);
    expect(new Set(scored).size).toBe(scored.length);
    expect(scored.length).toBe(reference.length);
  }, 180_000);

  it('resumes a coordinator killed mid-search: nothing lost, nothing scored twice', async () => {
    await redis.restart();
    let scoredLines = 0;
    let killCoordinator: () => void = () => undefined;
    const onLine = (line: string): void => {
      if (line.includes(' scored ') && ++scoredLines === 4) killCoordinator();
    };
    const workers = [startWorker('d', {}, onLine), startWorker('e', {}, onLine)];
    const out = join(root, 'resumed');
    try {
      const coordinator = spawn(process.execPath, [BUILT_BIN, 'run', config, '--out', out, '--queue', redis.url], { stdio: 'ignore' });
      const killed = new Promise<NodeJS.Signals | null>((resolve) => coordinator.on('exit', (_code, signal) => resolve(signal)));
      killCoordinator = () => coordinator.kill('SIGKILL');
      expect(await killed).toBe('SIGKILL');
      const resumed = await runNode([BUILT_BIN, 'run', '--out', out, '--resume', '--queue', redis.url]);
      expect(resumed.code, resumed.stderr).toBe(0);
      expect(history(out)).toEqual(reference);
    } finally {
      await stopWorkers(workers);
    }
    const scored = scoredJobs(workers);
    expect(new Set(scored).size).toBe(scored.length);
    expect(scored.length).toBe(reference.length);
  }, 180_000);
});
