import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { archHash, decodeWith } from '@recnas/core';
import { CtrDataSourceCodec, builtinRegistry, openCtrReader, readSplits, type CtrDataSource } from '@recnas/pipeline';
import { evaluateCtrModel, importNasrecArchitecture, loadCtrModel } from '@recnas/supernet';
import { ExitCode, commands, runCli } from '../src/index.js';
import { recordingTerminal, testDataPath } from './helpers.js';

// `recnas train`: one architecture file trained from scratch as a compact model, written as model.ckpt + model.json.
// The published NASRec-Full Criteo subnet (official JSON) costs ~2 s per step of 256 rows on wasm, so the test
// trains it on the first 1,600 rows of the Criteo sample: 1 epoch of 1,280 train rows, 10 steps of 128 at the
// default peak learning rate. (At batch 256 the 5-step cosine schedule at lr 0.16 overshoots: test LogLoss ~3.8.)
const OFFICIAL_ARCH = new URL('../../supernet/test/fixtures/nasrec_best_criteo_full.json', import.meta.url).pathname;
const ROWS = 1600;
const SEED = 7;
const BATCH = 128;

const scratch = mkdtempSync(join(tmpdir(), 'recnas-train-arch-'));
const sample = join(scratch, 'criteo-head.tsv');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => {
  process.env['RECNAS_BACKEND'] = 'wasm';
  const lines = readFileSync(testDataPath('criteo/train.csv'), 'utf8').split('\n').slice(0, ROWS);
  writeFileSync(sample, `${lines.join('\n')}\n`);
});

/** The data source `recnas train --seed 7` reads: its 8:1:1 split is seeded by --seed. */
function dataSource(): CtrDataSource {
  const decoded = decodeWith(CtrDataSourceCodec, { path: sample, format: 'criteo', splitSeed: SEED }, 'data source');
  if (E.isLeft(decoded)) throw decoded.left;
  return decoded.right;
}

interface Evaluation {
  readonly logLoss: number;
  readonly auc: number;
  readonly count: number;
}
interface TrainJson {
  readonly archHash: string;
  readonly inputFormat: string;
  readonly subnetLayout: string;
  readonly parameterCount: number;
  readonly flopsPerExample: number;
  readonly steps: number;
  readonly trainRows: number;
  readonly validation: Evaluation;
  readonly test: Evaluation;
  readonly trainSeconds: number;
}

describe('train: the published NASRec-Full subnet on a Criteo sample', () => {
  const out = join(scratch, 'model');
  let printed: TrainJson;
  let stderr = '';

  beforeAll(async () => {
    const terminal = recordingTerminal();
    const code = await runCli(
      ['train', '--arch', OFFICIAL_ARCH, '--data', sample, '--format', 'criteo', '--out', out, '--epochs', '1', '--batch-size', String(BATCH), '--seed', String(SEED), '--json'],
      commands,
      terminal,
    );
    stderr = terminal.stderr();
    expect(code, stderr).toBe(ExitCode.ok);
    // --json: stdout is exactly one JSON document on one line.
    const stdout = terminal.stdout();
    expect(stdout.endsWith('\n') && stdout.indexOf('\n') === stdout.length - 1, stdout.slice(0, 300)).toBe(true);
    printed = JSON.parse(stdout) as TrainJson;
  });

  it('writes model.ckpt and model.json, and model.json is what --json printed', () => {
    expect(existsSync(join(out, 'model.ckpt'))).toBe(true);
    expect(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8'))).toEqual(printed);
  });

  it('reports the compact active-width model the architecture implies: 2,239,219 dense parameters, 6,665,610 FLOPs per example', () => {
    const arch = importNasrecArchitecture(JSON.parse(readFileSync(OFFICIAL_ARCH, 'utf8')));
    if (E.isLeft(arch)) throw arch.left;
    // 13 dense features and 26 sparse fields, as in the countArchCost and buildFromScratch tests of @recnas/supernet.
    expect(printed).toMatchObject({ archHash: archHash(arch.right), inputFormat: 'official-nasrec', subnetLayout: 'active-width', parameterCount: 2_239_219, flopsPerExample: 6_665_610 });
    expect(printed.trainSeconds).toBeGreaterThanOrEqual(0);
  });

  it('trains one epoch over the train part of the seeded split and evaluates validation and test with sane metrics', async () => {
    const source = dataSource();
    const reader = openCtrReader(source);
    if (E.isLeft(reader)) throw reader.left;
    const splits = await readSplits(reader.right, source, ['train'], BATCH, SEED);
    expect(printed.trainRows).toBe([...splits.train].reduce((total, batch) => total + batch.size, 0));
    expect(printed.steps).toBe(splits.train.batchCount);
    // Every row of the file is in exactly one part of the 8:1:1 split.
    expect(printed.trainRows + printed.validation.count + printed.test.count).toBe(ROWS);
    for (const part of [printed.validation, printed.test]) {
      expect(part.count).toBeGreaterThan(100);
      expect(part.logLoss).toBeGreaterThan(0.3);
      expect(part.logLoss).toBeLessThan(1.0);
      expect(part.auc).toBeGreaterThan(0);
      expect(part.auc).toBeLessThan(1);
    }
    expect(stderr).toContain(`training: 100.0% (${printed.steps}/${printed.steps} steps)`);
  });

  it('writes a model that loadCtrModel restores without the supernet: same parameters, finite probabilities, the same test LogLoss and AUC', async () => {
    const registry = builtinRegistry();
    if (E.isLeft(registry)) throw registry.left;
    const loaded = await loadCtrModel(join(out, 'model.ckpt'), registry.right)();
    if (E.isLeft(loaded)) throw loaded.left;
    const { model } = loaded.right;
    try {
      expect(model.layoutKind).toBe('active-width');
      expect(model.parameterCount).toBe(2_239_219);
      const source = dataSource();
      const reader = openCtrReader(source);
      if (E.isLeft(reader)) throw reader.left;
      const { test } = await readSplits(reader.right, source, ['test'], BATCH, SEED);
      const [batch] = test;
      if (batch === undefined) throw new Error('the test split is empty');
      const probabilities = Array.from(model.predict(batch));
      expect(probabilities).toHaveLength(batch.size);
      for (const p of probabilities) {
        expect(Number.isFinite(p)).toBe(true);
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThan(1);
      }
      // The saved weights are the trained weights: the reloaded model scores the test split exactly as reported.
      expect(evaluateCtrModel(model, test)).toEqual(printed.test);
    } finally {
      model.dispose();
    }
  });
});

describe('train: bad usage exits 2 before training, naming the option or the file', () => {
  it('needs --arch, --data, --format and --out', async () => {
    const out = join(scratch, 'never-1');
    const terminal = recordingTerminal();
    expect(await runCli(['train', '--data', sample, '--format', 'criteo', '--out', out], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('recnas train: USAGE: --arch <file>, --data <file>, --format <name> and --out <dir> are required');
    expect(terminal.stdout()).toBe('');
    expect(existsSync(out)).toBe(false);
  });

  it('names the --arch file when it is not JSON or cannot be read', async () => {
    const broken = join(scratch, 'broken-arch.json');
    writeFileSync(broken, '{"micro": [');
    const out = join(scratch, 'never-2');
    const terminal = recordingTerminal();
    expect(await runCli(['train', '--arch', broken, '--data', sample, '--format', 'criteo', '--out', out, '--json'], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain(`recnas train: USAGE: --arch ${broken}: `);
    expect(terminal.stdout()).toBe('');
    const missing = join(scratch, 'missing-arch.json');
    const other = recordingTerminal();
    expect(await runCli(['train', '--arch', missing, '--data', sample, '--format', 'criteo', '--out', out], commands, other)).toBe(ExitCode.usage);
    expect(other.stderr()).toContain(`recnas train: USAGE: --arch ${missing}: ENOENT`);
    expect(existsSync(out)).toBe(false);
  });

  it('rejects JSON that is not an architecture with the JSON path of each problem', async () => {
    const notArch = join(scratch, 'not-an-arch.json');
    writeFileSync(notArch, JSON.stringify({ micro: [], macro: [] }));
    const out = join(scratch, 'never-3');
    const terminal = recordingTerminal();
    expect(await runCli(['train', '--arch', notArch, '--data', sample, '--format', 'criteo', '--out', out], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('recnas train: CONFIG_INVALID: NASRec architecture is invalid:');
    expect(terminal.stderr()).toContain('num_blocks: expected positive integer');
    expect(terminal.stderr()).not.toContain('training:');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a non-numeric --epochs and an unknown --layout', async () => {
    const out = join(scratch, 'never-4');
    const terminal = recordingTerminal();
    expect(await runCli(['train', '--arch', OFFICIAL_ARCH, '--data', sample, '--format', 'criteo', '--out', out, '--epochs', 'two'], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('--epochs: expected a number, got "two"');
    const layout = recordingTerminal();
    expect(await runCli(['train', '--arch', OFFICIAL_ARCH, '--data', sample, '--format', 'criteo', '--out', out, '--layout', 'wide'], commands, layout)).toBe(ExitCode.usage);
    expect(layout.stderr()).toContain('subnetLayout: expected one of active-width, max-width, weight-sharing, got "wide"');
    expect(existsSync(out)).toBe(false);
  });
});
