import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode, commands, runCli } from '../src/index.js';
import { recordingTerminal } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'recnas-synthetic-data-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('synthetic-data', () => {
  it('writes the rows and the teacher, the same bytes for the same seed, and a file the Criteo reader takes', async () => {
    const first = join(scratch, 'a', 'synthetic.tsv');
    const terminal = recordingTerminal();
    expect(await runCli(['synthetic-data', '--rows', '500', '--out', first, '--seed', '7', '--json'], commands, terminal)).toBe(ExitCode.ok);
    const metadata = JSON.parse(terminal.stdout());
    expect(metadata).toMatchObject({ format: 'criteo-kaggle-tsv', rows: 500, seed: 7 });
    expect(metadata.optimalLogLoss).toBeLessThan(metadata.baseRateLogLoss);
    const lines = readFileSync(first, 'utf8').split('\n').filter((line) => line !== '');
    expect(lines).toHaveLength(500);
    expect(lines.every((line) => line.split('\t').length === 40)).toBe(true); // label, 13 integers, 26 categoricals
    expect(JSON.parse(readFileSync(`${first}.teacher.json`, 'utf8'))).toMatchObject({ rows: 500, optimalLogLoss: metadata.optimalLogLoss });

    const second = join(scratch, 'b.tsv');
    await runCli(['synthetic-data', '--rows', '500', '--out', second, '--seed', '7'], commands, recordingTerminal());
    expect(readFileSync(second)).toEqual(readFileSync(first));

    const inspected = recordingTerminal();
    expect(await runCli(['inspect-data', '--format', 'criteo', first, '--json'], commands, inspected)).toBe(ExitCode.ok);
    expect(JSON.parse(inspected.stdout())).toMatchObject({ rows: 500 });
  });

  it('prints the optimum for people', async () => {
    const terminal = recordingTerminal();
    await runCli(['synthetic-data', '--rows', '200', '--out', join(scratch, 'c.tsv')], commands, terminal);
    expect(terminal.stdout()).toMatch(/^wrote 200 rows to .*c\.tsv \(seed 2018\)/);
    expect(terminal.stdout()).toMatch(/Bayes-optimal 0\.\d{4}/);
  });

  it('exits 2 for missing or bad options, writing nothing', async () => {
    for (const argv of [['--out', join(scratch, 'd.tsv')], ['--rows', '0', '--out', join(scratch, 'd.tsv')], ['--rows', '10']]) {
      const terminal = recordingTerminal();
      expect(await runCli(['synthetic-data', ...argv], commands, terminal)).toBe(ExitCode.usage);
      expect(terminal.stderr()).toMatch(/--rows|--out/);
    }
    expect(existsSync(join(scratch, 'd.tsv'))).toBe(false);
  });
});

describe('run without the embedded default data', () => {
  // The tests run in packages/cli, where test-data/criteo/train.csv and test-data/amazon-beauty/Beauty.txt do
  // not exist: just as for an installed CLI in an empty folder.
  it('says how to get the Criteo sample (exit 2, nothing created)', async () => {
    expect(existsSync('test-data/criteo/train.csv'), `run from ${process.cwd()}: the default data must be absent here`).toBe(false);
    const out = join(scratch, 'no-data-run');
    const terminal = recordingTerminal();
    expect(await runCli(['run', '--out', out], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('data.path: test-data/criteo/train.csv does not exist (relative to the current directory');
    expect(terminal.stderr()).toContain('recnas synthetic-data --rows 7200 --out test-data/criteo/train.csv');
    expect(existsSync(out)).toBe(false);
  });

  it('says to pass --data for the sequential default', async () => {
    expect(existsSync('test-data/amazon-beauty/Beauty.txt'), `run from ${process.cwd()}: the default data must be absent here`).toBe(false);
    const terminal = recordingTerminal();
    expect(await runCli(['run', '--task', 'sequential', '--out', join(scratch, 'no-data-seq')], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('test-data/amazon-beauty/Beauty.txt does not exist');
    expect(terminal.stderr()).toContain('pass --data <your interaction log>');
  });
});
