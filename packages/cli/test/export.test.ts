import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { archHash, decodeWith, pathFromArch, type ArchEncoding, type Batch } from '@recnas/core';
import { CtrDataSourceCodec, builtinRegistry, openCtrReader, readSplits } from '@recnas/pipeline';
import { evaluateCtrModel, loadCheckpoint, loadCtrModel, restoreSupernet, type CtrSubnet } from '@recnas/supernet';
import { ExitCode, commands, runCli } from '../src/index.js';
import { recordingTerminal, tinyCtrRunConfig } from './helpers.js';

// `recnas export`: the best architecture of a finished run as a standalone compact model (model.ckpt + model.json).
// beforeAll makes one tiny finished run (the tiny config of json-output.test.ts, top-2 retraining and a baseline).
const SEED = 3;
const RETRAIN_BATCH = 128; // the run config's default retrain.batchSize
const TINY_RUN = tinyCtrRunConfig(SEED, 2) as { data: Record<string, unknown> };

const scratch = mkdtempSync(join(tmpdir(), 'recnas-export-'));
const runDir = join(scratch, 'run');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface RetrainLine {
  readonly name: string;
  readonly kind: 'searched' | 'baseline';
  readonly archHash: string;
  readonly arch: ArchEncoding;
  readonly validationLogLoss: number | null;
  readonly testLogLoss: number;
  readonly testAuc: number | null;
  readonly params: number;
}
interface ExportJson {
  readonly arch: ArchEncoding;
  readonly archHash: string;
  readonly name: string;
  readonly weights: string;
  readonly layout: string;
  readonly parameterCount: number;
  readonly test?: { readonly logLoss: number; readonly auc: number; readonly count: number };
  readonly modelFile: string;
  readonly infoFile: string;
}

type Registry = Extract<ReturnType<typeof builtinRegistry>, { readonly _tag: 'Right' }>['right'];

let registry: Registry;
let retrained: RetrainLine[];
let testBatches: Batch[];

beforeAll(async () => {
  process.env['RECNAS_BACKEND'] = 'wasm';
  const config = join(scratch, 'tiny.json');
  writeFileSync(config, JSON.stringify(TINY_RUN));
  const terminal = recordingTerminal();
  expect(await runCli(['run', config, '--out', runDir], commands, terminal), terminal.stderr()).toBe(ExitCode.ok);
  retrained = readFileSync(join(runDir, 'retrain.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as RetrainLine);
  expect(retrained.map((model) => model.name)).toEqual(['searched-1', 'searched-2', 'dlrm']);
  const built = builtinRegistry();
  if (E.isLeft(built)) throw built.left;
  registry = built.right;
  // The run's test split, batched as its retraining evaluated it.
  const source = decodeWith(CtrDataSourceCodec, { ...TINY_RUN.data, splitSeed: SEED }, 'data source');
  if (E.isLeft(source)) throw source.left;
  const reader = openCtrReader(source.right);
  if (E.isLeft(reader)) throw reader.left;
  testBatches = [...(await readSplits(reader.right, source.right, ['test'], RETRAIN_BATCH, SEED)).test];
});

/** Runs `recnas export <args> --json` in this process; stdout must be exactly one JSON document on one line. */
async function exportJson(args: ReadonlyArray<string>): Promise<{ json: ExportJson; stderr: string }> {
  const terminal = recordingTerminal();
  const code = await runCli(['export', ...args, '--json'], commands, terminal);
  expect(code, terminal.stderr()).toBe(ExitCode.ok);
  const stdout = terminal.stdout();
  expect(stdout.endsWith('\n') && stdout.indexOf('\n') === stdout.length - 1, stdout.slice(0, 300)).toBe(true);
  return { json: JSON.parse(stdout) as ExportJson, stderr: terminal.stderr() };
}

async function loadModel(dir: string): Promise<CtrSubnet> {
  const loaded = await loadCtrModel(join(dir, 'model.ckpt'), registry)();
  if (E.isLeft(loaded)) throw loaded.left;
  return loaded.right.model;
}

function expectProbabilities(values: Float32Array, size: number): void {
  expect(values).toHaveLength(size);
  for (const p of values) {
    expect(Number.isFinite(p)).toBe(true);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(1);
  }
}

/** model.json holds what --json printed, without the two file paths. */
function expectInfoFile(dir: string, json: ExportJson): void {
  const { modelFile, infoFile, ...info } = json;
  expect(modelFile).toBe(join(dir, 'model.ckpt'));
  expect(infoFile).toBe(join(dir, 'model.json'));
  expect(existsSync(modelFile)).toBe(true);
  expect(JSON.parse(readFileSync(infoFile, 'utf8'))).toEqual(info);
}

/** The searched model with the lowest validation LogLoss in retrain.jsonl (baselines never count). */
function bestSearched(): RetrainLine {
  const searched = retrained.filter((model) => model.kind === 'searched');
  return [...searched].sort((a, b) => (a.validationLogLoss ?? Infinity) - (b.validationLogLoss ?? Infinity))[0] as RetrainLine;
}

describe('export of a finished run', () => {
  it('--weights retrained (default): the best searched model retrained with the run recipe, reproducing its retrain.jsonl test metrics', async () => {
    const out = join(scratch, 'retrained');
    const before = readdirSync(runDir).sort();
    const { json, stderr } = await exportJson(['--run', runDir, '--out', out]);
    const best = bestSearched();
    expect(json).toMatchObject({ name: best.name, archHash: best.archHash, arch: best.arch, weights: 'retrained', layout: 'active-width', parameterCount: best.params });
    expect(archHash(json.arch)).toBe(best.archHash);
    // Same recipe, split and seed as the run's retraining: the same test LogLoss and AUC, bit for bit.
    expect(json.test).toEqual({ logLoss: best.testLogLoss, auc: best.testAuc, count: testBatches.reduce((total, batch) => total + batch.size, 0) });
    expectInfoFile(out, json);
    expect(stderr).toContain('[recnas] backend: wasm');
    // The run directory is only read.
    expect(readdirSync(runDir).sort()).toEqual(before);

    const model = await loadModel(out);
    try {
      expect(model.layoutKind).toBe('active-width');
      expect(model.parameterCount).toBe(best.params);
      expectProbabilities(model.predict(testBatches[0] as Batch), (testBatches[0] as Batch).size);
      expect(evaluateCtrModel(model, testBatches)).toEqual(json.test);
    } finally {
      model.dispose();
    }
  });

  it('--weights supernet: the best architecture cut from supernet.ckpt (max-width), predicting what the supernet predicts along it', async () => {
    const out = join(scratch, 'supernet');
    const { json } = await exportJson(['--run', runDir, '--out', out, '--weights', 'supernet']);
    const best = bestSearched();
    expect(json).toMatchObject({ name: best.name, archHash: best.archHash, weights: 'supernet', layout: 'max-width' });
    expect(json.test).toBeUndefined();
    expectInfoFile(out, json);

    const content = await loadCheckpoint(join(runDir, 'supernet.ckpt'))();
    if (E.isLeft(content)) throw content.left;
    const supernet = restoreSupernet(content.right, registry);
    if (E.isLeft(supernet)) throw supernet.left;
    const model = await loadModel(out);
    try {
      expect(model.layoutKind).toBe('max-width');
      expect(model.parameterCount).toBe(json.parameterCount);
      const batch = testBatches[0] as Batch;
      const exported = model.predict(batch);
      expectProbabilities(exported, batch.size);
      const reference = supernet.right.predict(batch, pathFromArch(json.arch));
      const maxDiff = exported.reduce((max, value, i) => Math.max(max, Math.abs(value - (reference[i] as number))), 0);
      expect(maxDiff).toBeLessThan(1e-5);
    } finally {
      model.dispose();
      supernet.right.dispose();
    }
  });

  it('prints a one-paragraph summary without --json', async () => {
    const out = join(scratch, 'supernet-text');
    const terminal = recordingTerminal();
    expect(await runCli(['export', '--run', runDir, '--out', out, '--weights', 'supernet'], commands, terminal), terminal.stderr()).toBe(ExitCode.ok);
    const info = JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')) as ExportJson;
    expect(terminal.stdout()).toBe(
      `exported ${info.name} (${info.archHash}, supernet weights, max-width layout): ${info.parameterCount} dense parameters\nwrote ${join(out, 'model.ckpt')} and ${join(out, 'model.json')}\n`,
    );
  });

  it('falls back to the first of best-architectures.json when the run has no retrain.jsonl', async () => {
    const partial = join(scratch, 'searched-only');
    mkdirSync(partial);
    for (const file of ['run.json', 'supernet.ckpt', 'best-architectures.json']) copyFileSync(join(runDir, file), join(partial, file));
    const first = (JSON.parse(readFileSync(join(runDir, 'best-architectures.json'), 'utf8')) as Array<{ arch: ArchEncoding }>)[0];
    if (first === undefined) throw new Error('best-architectures.json is empty');
    const out = join(scratch, 'searched-only-model');
    const { json } = await exportJson(['--run', partial, '--out', out, '--weights', 'supernet']);
    expect(json).toMatchObject({ name: 'best-searched', archHash: archHash(first.arch), weights: 'supernet', layout: 'max-width' });
    expectInfoFile(out, json);
  });
});

describe('export: what is not a finished run', () => {
  it('a folder without run.json is bad usage: exit 2 naming the run.json it could not read, and writes nothing', async () => {
    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    const out = join(scratch, 'never-1');
    const terminal = recordingTerminal();
    expect(await runCli(['export', '--run', empty, '--out', out, '--json'], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain(`recnas export: USAGE: ${empty} is not a run directory: cannot read ${join(empty, 'run.json')}: ENOENT`);
    expect(terminal.stdout()).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('a started run that has not finished its search exits 2 asking whether it has', async () => {
    const started = join(scratch, 'started');
    mkdirSync(started);
    copyFileSync(join(runDir, 'run.json'), join(started, 'run.json'));
    const out = join(scratch, 'never-2');
    const terminal = recordingTerminal();
    expect(await runCli(['export', '--run', started, '--out', out], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain(`recnas export: USAGE: ${started}: no retrain.jsonl or best-architectures.json (has the run finished its search?)`);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 without --run or --out, or with an unknown --weights', async () => {
    const terminal = recordingTerminal();
    expect(await runCli(['export', '--run', runDir], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('--run <dir> and --out <dir> are required');
    const weights = recordingTerminal();
    expect(await runCli(['export', '--run', runDir, '--out', join(scratch, 'never-3'), '--weights', 'best'], commands, weights)).toBe(ExitCode.usage);
    expect(weights.stderr()).toContain('--weights: expected retrained or supernet, got "best"');
    expect(existsSync(join(scratch, 'never-3'))).toBe(false);
  });
});
