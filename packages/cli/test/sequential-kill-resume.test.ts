import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// SPEC section 8 for the sequential pipeline: `kill -9` during baseline training or during the DNS-Rec search,
// then `--resume`, ends with exactly the metrics and architectures of an uninterrupted run with the same seed.
const CHILD = fileURLToPath(new URL('./fixtures/cli-child.mjs', import.meta.url));
const BUILT = fileURLToPath(new URL('../dist/index.js', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'recnas-seq-kill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

interface Outcome {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly killed: boolean;
  readonly stderr: string;
}

/** Runs `recnas <args>` in a child; SIGKILLs it at the first stderr line matching `killAt`. */
function recnas(args: ReadonlyArray<string>, killAt?: RegExp): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, RECNAS_BACKEND: 'wasm' } });
    let stderr = '';
    let killed = false;
    child.stdout.resume();
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
      if (!killed && killAt !== undefined && killAt.test(stderr)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, killed, stderr }));
  });
}

interface Summary {
  readonly baseline: Record<string, unknown>;
  readonly variants: ReadonlyArray<{ readonly variant: string; readonly search: Record<string, unknown>; readonly model: Record<string, unknown> }>;
}

/** Everything a run found, timing fields aside. */
function results(dir: string): unknown {
  const summary = JSON.parse(readFileSync(join(dir, 'summary.json'), 'utf8')) as Summary;
  const model = ({ seconds: _s, ...rest }: Record<string, unknown>) => rest;
  const search = ({ seconds: _s, ...rest }: Record<string, unknown>) => rest;
  return { baseline: model(summary.baseline), variants: summary.variants.map((v) => ({ variant: v.variant, search: search(v.search), model: model(v.model) })) };
}

let config = '';
let expected: unknown;

beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error(`${BUILT} is missing: build the CLI first (pnpm exec nx run cli:build)`);
  const rows: string[] = [];
  let seed = 5;
  const next = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  for (let user = 1; user <= 60; user++) {
    const start = next(12);
    const count = 5 + next(5);
    rows.push([user, ...Array.from({ length: count }, (_, k) => ((start + k) % 12) + 1)].join(' '));
  }
  const data = join(root, 'walk.txt');
  writeFileSync(data, `${rows.join('\n')}\n`);
  config = join(root, 'config.json');
  writeFileSync(
    config,
    JSON.stringify({
      task: 'sequential',
      data: { path: data, maxLength: 8 },
      seed: 7,
      model: { space: { maxLayers: 2, maxHeads: 2, attentionWidth: 16, hiddenWidths: [8, 16], ffnWidths: [16, 32] }, dropout: 0.1, attentionDropout: 0.1 },
      training: { epochs: 3, batchSize: 16, learningRate: 0.01 },
      search: { epochs: 4, batchSize: 16, learningRate: 0.01, architectureLearningRate: 0.2, lambda: 5, recordEvery: 1, checkpointEverySteps: 2 },
      evaluation: { ks: [5, 10] },
    }),
  );
  const whole = await recnas(['run', config, '--out', join(root, 'whole')]);
  expect({ code: whole.code, stderr: whole.stderr }).toMatchObject({ code: 0 });
  expected = results(join(root, 'whole'));
}, 120_000);

describe('recnas run --task sequential: kill -9, then --resume', () => {
  it.each([
    ['during baseline training', /baseline: [\d.]+% \(([5-9]|1\d)\/12 steps\)/],
    ['during the DNS-Rec search', /DNS-Rec search: [\d.]+% \(\d+\/\d+ steps\), [^\n]*no-gates/],
  ])('%s: reaches the same metrics and architectures', async (_when, killAt) => {
    const dir = join(root, killAt.source.length.toString());
    const killed = await recnas(['run', config, '--out', dir], killAt);
    expect(killed.killed, killed.stderr).toBe(true);
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(join(dir, 'summary.json'))).toBe(false);
    const resumed = await recnas(['run', '--resume', '--out', dir]);
    expect({ code: resumed.code, stderr: resumed.stderr }).toMatchObject({ code: 0 });
    expect(resumed.stderr).toContain('(resumed run: finished work is reused)');
    expect(results(dir)).toEqual(expected);
  }, 120_000);
});
