import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, commands, runCli } from '../src/index.js';
import { recordingTerminal, testDataPath } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'recnas-search-'));
const supernetDir = join(scratch, 'supernet');
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

interface HistoryLine {
  index: number;
  archHash: string;
  objectives: { loss: number; flops: number };
}
const historyOf = (dir: string): HistoryLine[] =>
  readFileSync(join(dir, 'search-history.jsonl'), 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as HistoryLine);

beforeAll(async () => {
  process.env['RECNAS_BACKEND'] = 'wasm';
  const terminal = recordingTerminal();
  const code = await runCli(
    ['train-supernet', '--data', testDataPath('criteo/train.csv'), '--format', 'criteo', '--out', supernetDir, '--steps', '6', '--batch-size', '64',
      '--blocks', '2', '--dense-widths', '16,32', '--sparse-widths', '16', '--seed', '5'],
    commands,
    terminal,
  );
  if (code !== ExitCode.ok) throw new Error(terminal.stderr());
});

describe('search', () => {
  it('searches a train-supernet output at random and writes the history and the best architectures into --out', async () => {
    const out = join(scratch, 'random');
    const terminal = recordingTerminal();
    const code = await runCli(
      ['search', '--supernet', supernetDir, '--strategy', 'random', '--budget', '5', '--fine-tune-steps', '2', '--workers', '0', '--out', out, '--json'],
      commands,
      terminal,
    );
    expect(code, terminal.stderr()).toBe(ExitCode.ok);
    for (const name of ['supernet.ckpt', 'train-supernet.json', 'search-history.jsonl', 'best-architectures.json']) expect(existsSync(join(out, name)), name).toBe(true);
    const history = historyOf(out);
    expect(history.map((line) => line.index)).toEqual([0, 1, 2, 3, 4]);
    // best-architectures.json is the history sorted by loss, and the JSON result names the same best.
    const sorted = [...history].sort((a, b) => a.objectives.loss - b.objectives.loss);
    const best = JSON.parse(readFileSync(join(out, 'best-architectures.json'), 'utf8')) as HistoryLine[];
    expect(best.map((line) => line.archHash)).toEqual(sorted.map((line) => line.archHash));
    const result = JSON.parse(terminal.stdout());
    expect(result).toMatchObject({ strategy: 'random', budget: 5, evaluated: 5, reusedFromHistory: 0, workers: 0 });
    expect(result.best[0].archHash).toBe(sorted[0]?.archHash);
    expect(terminal.stderr()).toContain(`best architecture ${sorted[0]?.archHash}: validation LogLoss ${sorted[0]?.objectives.loss.toFixed(4)}`);
    expect(terminal.stderr()).toContain('search: 100.0% (5/5 candidates)');
  });

  it('refuses an --out that already holds a search unless --resume, which reuses every evaluation', async () => {
    const out = join(scratch, 'random');
    const refused = recordingTerminal();
    const args = ['search', '--supernet', supernetDir, '--strategy', 'random', '--budget', '5', '--fine-tune-steps', '2', '--workers', '0', '--out', out];
    expect(await runCli(args, commands, refused)).toBe(ExitCode.usage);
    expect(refused.stderr()).toContain('add --resume to continue that search');
    const before = readFileSync(join(out, 'search-history.jsonl'), 'utf8');
    const resumed = recordingTerminal();
    expect(await runCli([...args, '--resume', '--json'], commands, resumed), resumed.stderr()).toBe(ExitCode.ok);
    expect(JSON.parse(resumed.stdout())).toMatchObject({ evaluated: 5, reusedFromHistory: 5 });
    expect(readFileSync(join(out, 'search-history.jsonl'), 'utf8')).toBe(before);
  });

  it('maps --strategy evolution to regularized evolution, in the supernet directory itself', async () => {
    const terminal = recordingTerminal();
    // The small preset: population 16 + 6 generations x 4 children = 40 candidates.
    const code = await runCli(['search', '--supernet', supernetDir, '--strategy', 'evolution', '--fine-tune-steps', '0', '--workers', '0', '--out', supernetDir, '--json'], commands, terminal);
    expect(code, terminal.stderr()).toBe(ExitCode.ok);
    expect(JSON.parse(terminal.stdout())).toMatchObject({ strategy: 'regularized-evolution', budget: 40, evaluated: 40 });
    expect(historyOf(supernetDir)).toHaveLength(40);
  });

  it('exits 2 for a missing supernet, an unknown strategy or a bad preset, with what was wrong', async () => {
    const missing = recordingTerminal();
    expect(await runCli(['search', '--supernet', join(scratch, 'none'), '--strategy', 'random', '--out', join(scratch, 'o')], commands, missing)).toBe(ExitCode.usage);
    expect(missing.stderr()).toContain(`${join(scratch, 'none', 'train-supernet.json')} does not exist`);
    const strategy = recordingTerminal();
    expect(await runCli(['search', '--supernet', supernetDir, '--strategy', 'bayes', '--out', join(scratch, 'o')], commands, strategy)).toBe(ExitCode.usage);
    expect(strategy.stderr()).toContain('--strategy: expected evolution or random, got "bayes"');
    const preset = recordingTerminal();
    expect(await runCli(['search', '--supernet', supernetDir, '--strategy', 'evolution', '--preset', 'huge', '--out', join(scratch, 'o')], commands, preset)).toBe(ExitCode.usage);
    expect(preset.stderr()).toContain('search.preset');
    expect(existsSync(join(scratch, 'o'))).toBe(false);
  });
});
