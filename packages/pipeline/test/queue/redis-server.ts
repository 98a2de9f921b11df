import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** A throw-away `redis-server` on 127.0.0.1 (no persistence), for the queue tests. */
export interface TestRedis {
  readonly url: string;
  readonly port: number;
  /** Kills the server (SIGKILL: everything in it is lost) and starts a fresh one on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Where redis-server is, or undefined (the queue tests then skip, saying so); with RECNAS_REQUIRE_REDIS=1
 * (CI, where it is installed) a missing server is an error instead of a skip.
 */
export function redisServerPath(): string | undefined {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status === 0 && path !== '') return path;
  if (process.env['RECNAS_REQUIRE_REDIS'] === '1') throw new Error('RECNAS_REQUIRE_REDIS=1 but redis-server is not on PATH');
  return undefined;
}

/** Starts redis-server and resolves when it logs that it accepts connections. */
function launch(binary: string, port: number): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve(child);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`redis-server on port ${port} exited (${code}) before it was ready:\n${output}`)));
  });
}

/** Starts redis-server on a random free-looking port and waits until it answers PING. */
export async function startTestRedis(binary: string): Promise<TestRedis> {
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  const url = `redis://127.0.0.1:${port}`;
  let child = await launch(binary, port);
  const stopChild = (process: ChildProcess): Promise<void> =>
    new Promise((resolve) => {
      if (process.exitCode !== null || process.signalCode !== null) return resolve();
      process.once('exit', () => resolve());
      process.kill('SIGKILL');
    });
  return {
    url,
    port,
    restart: async () => {
      await stopChild(child);
      child = await launch(binary, port);
    },
    stop: () => stopChild(child),
  };
}
