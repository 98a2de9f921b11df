// Test support (see index.d.ts): a throw-away redis-server for the queue tests. Plain JS so that it needs no build.
import { spawn, spawnSync } from 'node:child_process';

export function redisServerPath() {
  const found = spawnSync('sh', ['-c', 'command -v redis-server'], { encoding: 'utf8' });
  const path = found.stdout.trim();
  if (found.status === 0 && path !== '') return path;
  if (process.env['RECNAS_REQUIRE_REDIS'] === '1') throw new Error('RECNAS_REQUIRE_REDIS=1 but redis-server is not on PATH');
  return undefined;
}

/** Starts redis-server and resolves when it logs that it accepts connections. */
function launch(binary, port) {
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Ready to accept connections')) resolve(child);
    });
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`redis-server on port ${port} exited (${code}) before it was ready:\n${output}`)));
  });
}

const stopped = (child) =>
  new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });

export async function startTestRedis(binary) {
  const port = 20_000 + Math.floor(Math.random() * 30_000);
  let child = await launch(binary, port);
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    restart: async () => {
      await stopped(child);
      child = await launch(binary, port);
    },
    stop: () => stopped(child),
  };
}
