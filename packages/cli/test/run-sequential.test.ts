import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode, commands, runCli } from '../src/index.js';
import { BUILT_BIN, recordingTerminal, runNode } from './helpers.js';

const BIN = BUILT_BIN;
const scratch = mkdtempSync(join(tmpdir(), 'recnas-run-seq-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
beforeAll(() => {
  process.env['RECNAS_BACKEND'] = 'wasm';
});

/** 60 users walking through 12 items, one line per user, and the same walks as a session click log. */
function writeData(): { sequences: string; sessions: string } {
  const lines: string[] = [];
  const events = ['session_id,timestamp,item_id'];
  for (let user = 1; user <= 60; user++) {
    const start = (user * 7) % 12;
    const count = 5 + (user % 5);
    const items = Array.from({ length: count }, (_, k) => ((start + k) % 12) + 1);
    lines.push([user, ...items].join(' '));
    items.forEach((item, k) => events.push(`s${user},${1000 + k},item${item}`));
  }
  const sequences = join(scratch, 'walk.txt');
  const sessions = join(scratch, 'clicks.csv');
  writeFileSync(sequences, `${lines.join('\n')}\n`);
  writeFileSync(sessions, `${events.join('\n')}\n`);
  return { sequences, sessions };
}

const { sequences, sessions } = writeData();
const TINY = {
  task: 'sequential',
  data: { path: sequences, maxLength: 8 },
  seed: 3,
  model: { space: { maxLayers: 2, maxHeads: 2, attentionWidth: 16, hiddenWidths: [8, 16], ffnWidths: [16, 32] } },
  training: { epochs: 1, batchSize: 16 },
  search: { epochs: 1, batchSize: 16, variants: ['dns-rec'] },
  evaluation: { ks: [5, 10] },
};

function writeConfig(name: string, value: unknown): string {
  const file = join(scratch, name);
  writeFileSync(file, JSON.stringify(value));
  return file;
}

describe('recnas run --task sequential', () => {
  it('documents the sequential task in --help', async () => {
    const terminal = recordingTerminal();
    expect(await runCli(['run', '--help'], commands, terminal)).toBe(ExitCode.ok);
    expect(terminal.stdout()).toContain('recnas run --task sequential [config.json] [--data <file>] [--format <f>]');
  });

  it('exits 2 listing bad and unknown keys with their JSON paths, before creating the run directory', async () => {
    const file = writeConfig('bad.json', { ...TINY, search: { ...TINY.search, targetFraction: 2, varients: [] } });
    const out = join(scratch, 'never');
    const terminal = recordingTerminal();
    expect(await runCli(['run', file, '--out', out], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('search.targetFraction');
    expect(terminal.stderr()).toContain('search.varients');
    expect(existsSync(out)).toBe(false);
  });

  it('routes by --task and rejects a contradiction or CTR-only options', async () => {
    const file = writeConfig('tiny.json', TINY);
    const contradiction = recordingTerminal();
    expect(await runCli(['run', file, '--task', 'ctr'], commands, contradiction)).toBe(ExitCode.usage);
    expect(contradiction.stderr()).toContain('contradicts "task": "sequential"');
    const workers = recordingTerminal();
    expect(await runCli(['run', file, '--workers', '1'], commands, workers)).toBe(ExitCode.usage);
  });

  it('prints the detected layout of a session click log given with --data, and runs on it', async () => {
    const file = writeConfig('tiny-cfg.json', TINY);
    const terminal = recordingTerminal();
    const out = join(scratch, 'sessions-run');
    expect(await runCli(['run', '--task', 'sequential', file, '--data', sessions, '--out', out], commands, terminal), terminal.stderr()).toBe(ExitCode.ok);
    expect(terminal.stderr()).toContain("data layout: delimiter ',', header yes, sequence = session_id (column 0), item = item_id (2), time = timestamp (1)");
    expect(terminal.stderr()).toMatch(/sasrec +\d\.\d{4}/);
    expect(existsSync(join(out, 'report.html'))).toBe(true);
  }, 60_000);

  it('exits 3 with a clear message when bad lines exceed the limit', async () => {
    const bad = join(scratch, 'bad.txt');
    writeFileSync(bad, `${readFileSync(sequences, 'utf8')}1 x y\n2 3 oops\n`);
    const file = writeConfig('strict.json', { ...TINY, data: { path: bad, maxLength: 8, maxBadFraction: 0.01 } });
    const terminal = recordingTerminal();
    expect(await runCli(['run', file, '--out', join(scratch, 'bad-run')], commands, terminal)).toBe(ExitCode.badData);
    expect(terminal.stderr()).toContain('DATA_BAD_ROWS_OVER_LIMIT');
    expect(terminal.stderr()).toContain(bad);
  }, 60_000);

  it('--json prints exactly one JSON document on stdout through the bin', async () => {
    if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the CLI first (pnpm exec nx run cli:build)`);
    const file = writeConfig('json.json', TINY);
    const { code, stdout, stderr } = await runNode([BIN, 'run', file, '--out', join(scratch, 'json-run'), '--json'], { cwd: process.cwd() });
    expect(code, stderr).toBe(0);
    expect(stdout.indexOf('\n')).toBe(stdout.length - 1);
    const summary = JSON.parse(stdout) as { task: string; variants: Array<{ variant: string }> };
    expect(summary.task).toBe('sequential');
    expect(summary.variants.map((variant) => variant.variant)).toEqual(['dns-rec']);
    expect(stderr).toContain('baseline');
  }, 60_000);
});
