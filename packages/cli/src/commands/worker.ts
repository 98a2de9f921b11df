import { homedir } from 'node:os';
import { join } from 'node:path';
import { RecnasError } from '@recnas/core';
import { createEngine } from '@recnas/engine';
import { CANDIDATE_QUEUE, isRedisUrl, startQueueWorker } from '@recnas/pipeline';
import { parseCommandArgs, positiveIntegerOption, type Command } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { recnasPackageVersions } from '../run/package-versions.js';
import { withNativeSpeedHint } from '../backend-speed.js';

const HELP = `Usage: recnas worker --redis <redis://host:port> [--concurrency <n>] [--cache-dir <dir>] [--lock-duration <ms>]

Scores search candidates for coordinators on other machines: \`recnas run --queue redis://host:port\` (or
search.queue in the config) puts each candidate on the BullMQ queue "${CANDIDATE_QUEUE}" in that Redis, and
every \`recnas worker\` connected to it takes candidates, scores them against the run's supernet and sends
the result back. Start as many as you like, on any machine that reaches Redis; stop one with Ctrl-C (it
finishes its current candidates) or even kill -9 (its candidates go to another worker after --lock-duration).

The supernet checkpoint, and the data file when it is at most 256 MB, travel through Redis (fetched once,
SHA-256 verified, kept in --cache-dir), so workers need no shared disk; a larger data file must be at the
coordinator's path on this machine too. A worker whose recnas package versions differ from the
coordinator's refuses its candidates (they go to another worker) and the coordinator prints why.

Options:
  --redis <url>           the queue's Redis (redis://host:port or rediss://host:port)
  --concurrency <n>       candidates scored at once, one thread each (default 1; at most the machine's cores)
  --cache-dir <dir>       where fetched checkpoints and data are kept (default ~/.cache/recnas/worker)
  --lock-duration <ms>    how long a killed worker's candidate waits before another worker takes it (default 30000)
  --help                  show this help
`;

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<string> {
  return new Promise((resolve) => {
    const stop = (signal: string): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `recnas worker`: a BullMQ worker scoring search candidates (@recnas/pipeline's startQueueWorker). */
export const workerCommand: Command = {
  name: 'worker',
  summary: 'score search candidates from a Redis queue for runs on other machines (recnas run --queue)',
  help: HELP,
  async run(argv, terminal) {
    const { values, positionals } = parseCommandArgs('worker', argv, {
      redis: { type: 'string' },
      concurrency: { type: 'string', default: '1' },
      'cache-dir': { type: 'string' },
      'lock-duration': { type: 'string', default: '30000' },
    });
    if (positionals.length > 0) throw new RecnasError('USAGE', `recnas worker takes no positional arguments, got ${positionals.join(' ')}`);
    if (values.redis === undefined) throw new RecnasError('USAGE', '--redis <redis://host:port> is required');
    if (!isRedisUrl(values.redis)) throw new RecnasError('USAGE', `--redis: expected redis://host:port, got "${values.redis}"`);
    const concurrency = positiveIntegerOption('concurrency', values.concurrency);
    const lockDurationMs = positiveIntegerOption('lock-duration', values['lock-duration']);
    const crashText = process.env['RECNAS_WORKER_CRASH_AT_JOB'];
    const crashAtJob = crashText === undefined || crashText === '' ? undefined : positiveIntegerOption('RECNAS_WORKER_CRASH_AT_JOB (environment)', crashText);
    const line = (text: string): void => terminal.err(`[recnas worker] ${text}\n`);
    // The backend each scoring thread will pick, said once (with how much faster native would be).
    await createEngine({ logger: withNativeSpeedHint(line) }).initBackend();
    const worker = await startQueueWorker({
      url: values.redis,
      concurrency,
      versions: recnasPackageVersions().packageVersions,
      cacheDir: values['cache-dir'] ?? join(homedir(), '.cache', 'recnas', 'worker'),
      lockDurationMs,
      onLine: line,
      // Fault injection for the tests of worker crashes: die like kill -9 as the n-th candidate starts.
      ...(crashAtJob === undefined ? {} : { onJobStart: (jobId: string, started: number) => {
        if (started !== crashAtJob) return;
        line(`RECNAS_WORKER_CRASH_AT_JOB=${crashAtJob}: killing this worker while it scores ${jobId}`);
        process.kill(process.pid, 'SIGKILL');
      } }),
    });
    const signal = await stopSignal();
    line(`${signal}: finishing the candidates in hand, then stopping`);
    await worker.close();
    return ExitCode.ok;
  },
};
