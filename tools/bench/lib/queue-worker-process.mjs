// A queue worker process for the search-candidates workload: @recnas/pipeline's startQueueWorker (what
// `recnas worker` runs) with one scoring thread; prints "ready" on stdout, stops on SIGTERM.
// Usage: node queue-worker-process.mjs <redis-url> <cache-dir>
import { startQueueWorker } from '@recnas/pipeline';

const [url, cacheDir] = process.argv.slice(2);
const worker = await startQueueWorker({ url, concurrency: 1, versions: {}, cacheDir });
process.stdout.write('ready\n');
process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
