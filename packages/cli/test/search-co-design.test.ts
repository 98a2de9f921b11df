import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, commands, runCli } from '../src/index.js';
import { recordingTerminal, testDataPath } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'recnas-search-co-design-'));
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

describe('search --objectives --hardware (co-design)', () => {
  it('runs the joint architecture + hardware search and journals the hardware choice and costs of every pair', async () => {
    const out = join(scratch, 'joint');
    const terminal = recordingTerminal();
    const code = await runCli(
      ['search', '--supernet', supernetDir, '--strategy', 'evolution', '--objectives', 'logloss,energy', '--hardware', 'naivePim', '--fine-tune-steps', '0', '--workers', '0', '--out', out, '--json'],
      commands,
      terminal,
    );
    expect(code, terminal.stderr()).toBe(ExitCode.ok);
    const history = historyOf(out) as unknown as Array<{ index: number; objectives: Record<string, number>; metadata: { hardware: Record<string, unknown>; jointHash: string; refined?: boolean } }>;
    // The small preset's 16 + 6 x 4 pairs, then the hardware refinement of the best 3 architectures.
    const evolved = history.filter((line) => line.metadata.refined !== true);
    expect(evolved).toHaveLength(16 + 6 * 4);
    expect(history.length).toBeGreaterThan(evolved.length);
    expect(history.slice(0, evolved.length)).toEqual(evolved);
    expect(new Set(history.map((line) => line.metadata.jointHash)).size).toBe(history.length);
    for (const line of history) {
      expect(Object.keys(line.objectives).sort()).toEqual(['area', 'energy', 'flops', 'latency', 'loss']);
      expect(line.metadata.hardware).toHaveProperty('placement.matrix');
    }
    expect(JSON.parse(terminal.stdout())).toMatchObject({ strategy: 'joint-evolution', pairs: history.length });
  });

  it('exits 2 for a bad hardware JSON, naming the JSON path', async () => {
    const bad = join(scratch, 'bad-hw.json');
    writeFileSync(bad, JSON.stringify({ host: { peakFlopsPerSecond: 1e9, memoryBandwidthBytesPerSecond: 1e9 }, reramPim: { adcBits: 99 } }));
    const terminal = recordingTerminal();
    const code = await runCli(['search', '--supernet', supernetDir, '--strategy', 'evolution', '--hardware', bad, '--out', join(scratch, 'bad')], commands, terminal);
    expect(code).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('reramPim.adcBits');
    const objectives = recordingTerminal();
    expect(await runCli(['search', '--supernet', supernetDir, '--strategy', 'evolution', '--objectives', 'logloss,speed', '--out', join(scratch, 'bad')], commands, objectives)).toBe(ExitCode.usage);
    expect(objectives.stderr()).toContain('--objectives');
  });
});
