import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, commands, runCli } from '../src/index.js';
import { recordingTerminal, testDataPath } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'recnas-run-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => {
  process.env['RECNAS_BACKEND'] = 'wasm';
});

/** A run small enough for a unit test: 2 blocks, 12 supernet steps, 6 candidates, 2 retrained models. */
const TINY_CONFIG = {
  data: { path: testDataPath('criteo/train.csv'), format: 'criteo', vocabCap: 2000 },
  seed: 11,
  supernet: { blocks: 2, denseWidths: [16, 32], sparseWidths: [16], steps: 12, batchSize: 64 },
  search: {
    preset: 'small',
    evolution: { population: 4, generations: 1, childrenPerGeneration: 2, tournamentSize: 2, initialMutations: 1, finalMutations: 1 },
    fineTuneSteps: 5,
    workers: 0,
  },
  retrain: { epochs: 1, topK: 1, baselines: ['dlrm'] },
};

const RUN_FILES = ['run.json', 'supernet.ckpt', 'train-supernet.json', 'search-history.jsonl', 'best-architectures.json', 'retrain.jsonl', 'summary.json', 'report.html'];

function writeConfig(name: string, content: string): string {
  const file = join(scratch, name);
  writeFileSync(file, content);
  return file;
}

const bestHashOf = (stderr: string): string | undefined => /best architecture ([0-9a-f]+)/.exec(stderr)?.[1];

describe('run: arguments and config', () => {
  it('prints its usage for --help with exit 0', async () => {
    const terminal = recordingTerminal();
    expect(await runCli(['run', '--help'], commands, terminal)).toBe(ExitCode.ok);
    expect(terminal.stdout()).toContain('Usage: recnas run [config.json] [--out <dir>] [--resume]');
    expect(terminal.stdout()).toContain('--workers <n>');
  });

  it('exits 2 listing every bad key with its JSON path, before creating the run directory', async () => {
    const file = writeConfig('bad.json', JSON.stringify({ ...TINY_CONFIG, serach: {}, search: { ...TINY_CONFIG.search, workers: -1 } }));
    const out = join(scratch, 'never-created');
    const terminal = recordingTerminal();
    expect(await runCli(['run', file, '--out', out], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain(`CONFIG_INVALID: ${file} is invalid`);
    expect(terminal.stderr()).toContain('serach');
    expect(terminal.stderr()).toContain('search.workers');
    expect(existsSync(out)).toBe(false);
  });

  it('checks a --seed override like the config value it replaces', async () => {
    const file = writeConfig('good.json', JSON.stringify({ ...TINY_CONFIG, seed: 1 }));
    const out = join(scratch, 'never-created-2');
    const terminal = recordingTerminal();
    expect(await runCli(['run', file, '--out', out, '--seed', '4294967296'], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('seed');
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 when data.path does not exist, before creating the run directory', async () => {
    const file = writeConfig('no-data.json', JSON.stringify({ ...TINY_CONFIG, data: { ...TINY_CONFIG.data, path: join(scratch, 'absent.csv') } }));
    const out = join(scratch, 'never-created-3');
    const terminal = recordingTerminal();
    expect(await runCli(['run', file, '--out', out], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain(`data.path: ${join(scratch, 'absent.csv')} does not exist`);
    expect(existsSync(out)).toBe(false);
  });

  it('exits 2 naming the file when the config is not JSON or cannot be read', async () => {
    const file = writeConfig('broken.json', '{ "seed": 7,');
    const terminal = recordingTerminal();
    expect(await runCli(['run', file, '--out', join(scratch, 'x')], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain(`the config file ${file} is not valid JSON`);
    const missing = recordingTerminal();
    expect(await runCli(['run', join(scratch, 'missing.json')], commands, missing)).toBe(ExitCode.usage);
    expect(missing.stderr()).toContain(`cannot read the config file ${join(scratch, 'missing.json')}`);
  });

  it('exits 2 for --resume without --out, or of a directory with no run', async () => {
    const terminal = recordingTerminal();
    expect(await runCli(['run', '--resume'], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('--resume needs --out <dir>');
    const empty = recordingTerminal();
    expect(await runCli(['run', '--resume', '--out', scratch], commands, empty)).toBe(ExitCode.usage);
    expect(empty.stderr()).toContain(`there is no run to resume in ${scratch}`);
  });
});

describe('run, resume and report on a tiny config', () => {
  const out = join(scratch, 'tiny');
  let firstStderr = '';

  it('runs the whole pipeline, writes every run file and prints the summary as JSON', async () => {
    const file = writeConfig('tiny.json', JSON.stringify(TINY_CONFIG));
    const terminal = recordingTerminal();
    expect(await runCli(['run', file, '--out', out, '--json'], commands, terminal), terminal.stderr()).toBe(ExitCode.ok);
    for (const name of RUN_FILES) expect(existsSync(join(out, name)), name).toBe(true);
    const summary = JSON.parse(terminal.stdout());
    expect(summary).toEqual(JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')));
    expect(summary.models.map((model: { name: string }) => model.name)).toEqual(['searched-1', 'dlrm']);
    // population 4 + 1 generation x 2 children = 6 candidates, none reused on a fresh run.
    expect(summary.search).toMatchObject({ strategy: 'regularized-evolution', evaluated: 6, reusedFromHistory: 0, workers: 0 });
    expect(summary.supernet.steps).toBe(12);
    const manifest = JSON.parse(readFileSync(join(out, 'run.json'), 'utf8'));
    expect(manifest).toMatchObject({ seed: 11, backend: 'wasm', recnasVersion: '0.0.0' });
    expect(Object.keys(manifest.packageVersions)).toEqual(expect.arrayContaining(['@recnas/cli', '@recnas/pipeline', '@recnas/supernet', '@recnas/core']));
    firstStderr = terminal.stderr();
    expect(bestHashOf(firstStderr)).toBe(summary.bestModel.archHash);
    expect(firstStderr).toContain('block 1: dense ');
    expect(firstStderr).toContain('block 2: dense ');
    expect(firstStderr).toMatch(/dlrm +baseline +\d\.\d{4} +(\d\.\d{4}|n\/a) +\d+\.\d{3}/);
    expect(firstStderr).toMatch(/beats every baseline on test LogLoss: (yes|no) \(difference: dlrm [+-]\d\.\d{4}\)/);
    expect(firstStderr).toContain(`report: ${join(out, 'report.html')}`);
    expect(firstStderr).toContain('train supernet: 100.0% (12/12 steps)');
    expect(firstStderr).toContain('search: 100.0% (6/6 candidates)');
  });

  it('resumes the finished run from its run.json alone and prints the same best architecture', async () => {
    const terminal = recordingTerminal();
    expect(await runCli(['run', '--resume', '--out', out, '--json'], commands, terminal), terminal.stderr()).toBe(ExitCode.ok);
    const summary = JSON.parse(terminal.stdout());
    expect(summary.search).toMatchObject({ evaluated: 6, reusedFromHistory: 6 });
    expect(bestHashOf(terminal.stderr())).toBe(bestHashOf(firstStderr));
    expect(terminal.stderr()).toContain('(resumed run: finished work is reused)');
    // Nothing was trained again: no supernet progress line.
    expect(terminal.stderr()).not.toContain('train supernet: 100.0%');
  });

  it('refuses to resume with a different seed, naming it', async () => {
    const terminal = recordingTerminal();
    expect(await runCli(['run', '--resume', '--out', out, '--seed', '12'], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('started with seed 11, not 12');
  });

  it('renders report.html again from summary.json with report --run', async () => {
    const report = join(out, 'report.html');
    const before = readFileSync(report, 'utf8');
    rmSync(report);
    const terminal = recordingTerminal();
    expect(await runCli(['report', '--run', out], commands, terminal)).toBe(ExitCode.ok);
    expect(terminal.stdout()).toBe(`${report}\n`);
    expect(readFileSync(report, 'utf8')).toBe(before);
  });
});
