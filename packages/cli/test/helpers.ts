import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Terminal } from '../src/index.js';

/** A terminal that records what a command writes, with a controllable clock. */
export function recordingTerminal(isTty = false): Terminal & { stdout: () => string; stderr: () => string; advance: (ms: number) => void } {
  let out = '';
  let err = '';
  let now = 0;
  return {
    out: (text) => void (out += text),
    err: (text) => void (err += text),
    isTty,
    now: () => now,
    stdout: () => out,
    stderr: () => err,
    advance: (ms) => void (now += ms),
  };
}

export const testDataPath = (relative: string): string => new URL(`../../../test-data/${relative}`, import.meta.url).pathname;

/** The repository root and the built `recnas` bin, for tests that run the CLI as a child process. */
export const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const BUILT_BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

/** What a finished child process left: its exit code and everything it wrote. */
export interface FinishedProcess {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node <args>` from the repository root (or `options.cwd`), with `options.env` added to this process's environment. */
export function runNode(args: ReadonlyArray<string>, options: { readonly cwd?: string; readonly env?: Readonly<Record<string, string>> } = {}): Promise<FinishedProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...args], { cwd: options.cwd ?? repositoryRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => void (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => void (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * A whole CTR run in seconds on the Criteo sample: 3 supernet steps, 2 + 1 candidates with 1 fine-tuning step,
 * the top `topK` and DLRM retrained for one epoch.
 */
export function tinyCtrRunConfig(seed: number, topK: number): Record<string, unknown> {
  return {
    data: { path: testDataPath('criteo/train.csv'), format: 'criteo', vocabCap: 2000 },
    seed,
    supernet: { blocks: 2, denseWidths: [16], sparseWidths: [16], steps: 3, batchSize: 64 },
    search: {
      preset: 'small',
      evolution: { population: 2, generations: 1, childrenPerGeneration: 1, tournamentSize: 1, initialMutations: 1, finalMutations: 1 },
      fineTuneSteps: 1,
      workers: 0,
    },
    retrain: { epochs: 1, topK, baselines: ['dlrm'] },
  };
}
