import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUILT_BIN, runNode, testDataPath, type FinishedProcess } from './helpers.js';

// The wasm memory stop (decision 0014, pipeline/src/stages/training-memory-check.ts): a supernet config the wasm
// heap cannot hold (NASRec-Full at default widths) stops before anything is built, exit 2, with one line naming
// the backend, what the config needs and how to get the native backend. The backend is chosen at start-up from
// RECNAS_BACKEND, so each case runs the built bin in a child process with RECNAS_BACKEND=wasm.
const BIN = BUILT_BIN;
const CRITEO = testDataPath('criteo/train.csv');

const scratch = mkdtempSync(join(tmpdir(), 'recnas-wasm-memory-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the CLI first (pnpm exec nx run cli:build)`);
});

function recnasOnWasm(args: ReadonlyArray<string>): Promise<FinishedProcess> {
  return runNode([BIN, ...args], { env: { RECNAS_BACKEND: 'wasm' } });
}

const GIB = String.raw`(\d+\.\d{2}) GiB`;
/** The memory stop's line for `command`, capturing: needed, weights, Adagrad state, gradients, activations, batch. */
const stopLine = (command: string): RegExp =>
  new RegExp(
    String.raw`^recnas ${command}: CONFIG_INVALID: backend wasm: this supernet config needs ~${GIB} of tensor memory ` +
      String.raw`\(${GIB} weights \+ ${GIB} Adagrad state \+ ${GIB} gradients \+ ${GIB} activations at batch (\d+)\); ` +
      String.raw`the wasm backend can use 2\.00 GiB; the native backend \(OpenBLAS; .*\) has no such limit: ` +
      String.raw`\x60recnas doctor\x60 prints how to build it here \(Debian/Ubuntu: sudo apt-get install -y libopenblas-dev build-essential python3, ` +
      String.raw`then node packages/engine/native/build\.mjs\); or reduce the dense widths or blocks$`,
  );

interface Stop {
  readonly needed: number;
  readonly weights: number;
  readonly optimizer: number;
  readonly gradients: number;
  readonly activations: number;
  readonly batch: number;
}

/** Exactly one stderr line is the memory stop; returns its numbers. */
function theStop(stderr: string, command: string): Stop {
  const lines = stderr.split('\n').filter((line) => line.startsWith(`recnas ${command}:`));
  expect(lines, stderr).toHaveLength(1);
  const match = stopLine(command).exec(lines[0] as string);
  expect(match, lines[0]).not.toBeNull();
  const [needed, weights, optimizer, gradients, activations, batch] = (match as RegExpExecArray).slice(1).map(Number) as [number, number, number, number, number, number];
  // What it needs is the sum of its parts (each rounded to 0.01 GiB), and more than the wasm heap.
  expect(Math.abs(weights + optimizer + gradients + activations - needed)).toBeLessThanOrEqual(0.03);
  expect(needed).toBeGreaterThan(2);
  return { needed, weights, optimizer, gradients, activations, batch };
}

describe('wasm memory stop', () => {
  it('recnas train-supernet at default widths exits 2 at once with one line, leaving --out created and empty', async () => {
    const out = join(scratch, 'train-supernet');
    const finished = await recnasOnWasm(['train-supernet', '--data', CRITEO, '--format', 'criteo', '--out', out]);
    expect(finished.code, finished.stderr).toBe(2);
    expect(finished.stdout).toBe('');
    // stderr: the backend line of start-up, then the stop; no training progress.
    const lines = finished.stderr.trimEnd().split('\n');
    expect(lines, finished.stderr).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[recnas\] backend: wasm \(forced by RECNAS_BACKEND\)/);
    const stop = theStop(finished.stderr, 'train-supernet');
    expect(stop.batch).toBe(512);
    // One Adagrad accumulator and one gradient per weight.
    expect(stop.optimizer).toBe(stop.weights);
    expect(stop.gradients).toBe(stop.weights);
    // train-supernet creates --out (and proves it writable) before reading the data; the stop writes nothing into it.
    expect(readdirSync(out)).toEqual([]);
  });

  it('the estimate follows --batch-size: a quarter of the batch, a quarter of the activations, the same weights', async () => {
    const big = await recnasOnWasm(['train-supernet', '--data', CRITEO, '--format', 'criteo', '--out', join(scratch, 'batch-512'), '--batch-size', '512']);
    const small = await recnasOnWasm(['train-supernet', '--data', CRITEO, '--format', 'criteo', '--out', join(scratch, 'batch-128'), '--batch-size', '128']);
    expect(big.code, big.stderr).toBe(2);
    expect(small.code, small.stderr).toBe(2);
    const at512 = theStop(big.stderr, 'train-supernet');
    const at128 = theStop(small.stderr, 'train-supernet');
    expect(at128.batch).toBe(128);
    expect(at128.weights).toBe(at512.weights);
    expect(Math.abs(at128.activations - at512.activations / 4)).toBeLessThanOrEqual(0.01);
    expect(at128.needed).toBeLessThan(at512.needed);
    expect(readdirSync(join(scratch, 'batch-128'))).toEqual([]);
  });

  it('recnas run with NASRec-Full default widths exits 2 in its supernet stage, leaving only run.json', async () => {
    const config = join(scratch, 'full-widths.json');
    writeFileSync(
      config,
      JSON.stringify({
        data: { path: CRITEO, format: 'criteo' },
        seed: 5,
        supernet: { blocks: 7, denseWidths: [16, 32, 64, 128, 256, 512, 768, 1024], sparseWidths: [16, 32, 48, 64], batchSize: 512 },
      }),
    );
    const out = join(scratch, 'run');
    const finished = await recnasOnWasm(['run', config, '--out', out, '--json']);
    expect(finished.code, finished.stderr).toBe(2);
    // --json: a failed run prints nothing on stdout.
    expect(finished.stdout).toBe('');
    expect(finished.stderr).toContain(`run directory: ${out}`);
    expect(finished.stderr).toContain('[recnas] backend: wasm (forced by RECNAS_BACKEND)');
    expect(finished.stderr).not.toContain('train supernet: ');
    const stop = theStop(finished.stderr, 'run');
    expect(stop.batch).toBe(512);
    // The run directory holds the manifest written before the first stage, and nothing else.
    expect(readdirSync(out)).toEqual(['run.json']);
    expect(JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'))).toMatchObject({ seed: 5, backend: 'wasm' });
  });
});
