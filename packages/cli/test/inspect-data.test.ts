import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode, commands, runCli } from '../src/index.js';
import { recordingTerminal, testDataPath } from './helpers.js';

const scratch = mkdtempSync(join(tmpdir(), 'recnas-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('inspect-data', () => {
  it('prints one JSON profile of the Criteo sample on stdout and progress on stderr', async () => {
    const terminal = recordingTerminal();
    const code = await runCli(['inspect-data', '--format', 'criteo', testDataPath('criteo/train.csv'), '--json'], commands, terminal);
    expect(code).toBe(ExitCode.ok);
    const profile = JSON.parse(terminal.stdout());
    expect(profile).toMatchObject({ format: 'criteo', rows: 7200 });
    expect(profile.labelRate).toBeCloseTo(1549 / 7200, 12);
    expect(profile.fields.find((f: { name: string }) => f.name === 'I1').missingRate).toBeCloseTo(3247 / 7200, 12);
    expect(terminal.stderr()).toMatch(/reading .*100\.0% \(1\.7\/1\.7 MB\)/);
  });

  it('prints a human table with the label rate and every field', async () => {
    const terminal = recordingTerminal();
    await runCli(['inspect-data', '--format', 'criteo', testDataPath('criteo/train.csv')], commands, terminal);
    expect(terminal.stdout()).toContain('label rate: 0.2151');
    expect(terminal.stdout()).toMatch(/C26\s+categorical\s+45\.33%/); // C26 missing in 3,264 of 7,200 rows
  });

  it('reads the Kaggle test layout without labels when told --no-label', async () => {
    const terminal = recordingTerminal();
    const code = await runCli(['inspect-data', '--format', 'criteo', '--no-label', testDataPath('criteo_kaggle_pytorch_deepfm/test.txt'), '--json'], commands, terminal);
    expect(code).toBe(ExitCode.ok);
    expect(JSON.parse(terminal.stdout())).toMatchObject({ rows: 100, labelRate: null });
  });

  it('profiles the Avazu, KDD 2012 and Amazon Beauty samples', async () => {
    const run = async (format: string, file: string) => {
      const terminal = recordingTerminal();
      expect(await runCli(['inspect-data', '--format', format, testDataPath(file), '--json'], commands, terminal)).toBe(ExitCode.ok);
      return JSON.parse(terminal.stdout());
    };
    expect((await run('avazu', 'avazu_kaggle_head_wideresdnn/train.csv')).rows).toBe(8087);
    expect((await run('kdd2012', 'kddcup2012_track2_sample/training.txt')).rows).toBe(11);
    expect(await run('sequences', 'amazon-beauty/Beauty.txt')).toMatchObject({ users: 22363, items: 12101, rows: 198502 });
  });

  it('exits 3 with the reasons and line numbers when bad rows exceed the limit', async () => {
    const path = join(scratch, 'bad.tsv');
    writeFileSync(path, '2\t1\n0\t1\n0\tabc\n');
    const terminal = recordingTerminal();
    expect(await runCli(['inspect-data', '--format', 'criteo', path], commands, terminal)).toBe(ExitCode.badData);
    expect(terminal.stderr()).toContain('DATA_BAD_ROWS_OVER_LIMIT');
    expect(terminal.stderr()).toContain('invalid-label: 1 (first at lines 1)');
    expect(terminal.stderr()).toContain('non-numeric-integer: 1 (first at lines 3)');
  });

  it('accepts the same file when the limit allows it', async () => {
    const path = join(scratch, 'bad-allowed.tsv');
    writeFileSync(path, '2\t1\n0\t1\n');
    const terminal = recordingTerminal();
    expect(await runCli(['inspect-data', '--format', 'criteo', '--max-bad-fraction', '0.5', path], commands, terminal)).toBe(ExitCode.ok);
    expect(terminal.stdout()).toContain('invalid-label: 1 (first at lines 1)');
  });

  it('exits 2 for a bad format, a missing file argument or an unknown option, naming the problem', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['inspect-data', '--format', 'parquet', 'x'], /--format: expected one of criteo, criteo-csv, avazu, kdd2012, interactions, sequences, delimited, got "parquet"/],
      [['inspect-data', '--format', 'criteo'], /expected exactly one <file>, got 0/],
      [['inspect-data', '--format', 'criteo', 'x', '--colour'], /Unknown option '--colour'/],
      [['inspect-data', '--format', 'criteo', '--max-bad-fraction', '2', 'x'], /--max-bad-fraction: expected a number in \[0, 1\], got "2"/],
    ];
    for (const [argv, message] of cases) {
      const terminal = recordingTerminal();
      expect(await runCli(argv, commands, terminal)).toBe(ExitCode.usage);
      expect(terminal.stderr()).toMatch(message);
    }
  });

  it('exits 1 with a clear message when the path is a folder', async () => {
    const terminal = recordingTerminal();
    expect(await runCli(['inspect-data', '--format', 'criteo', scratch], commands, terminal)).toBe(ExitCode.failure);
    expect(terminal.stderr()).toContain(`IO: ${scratch} is not a file`);
    expect(terminal.stderr()).not.toContain('    at ');
  });

  it('exits 1 and names the file when it does not exist', async () => {
    const terminal = recordingTerminal();
    expect(await runCli(['inspect-data', '--format', 'criteo', join(scratch, 'missing.tsv')], commands, terminal)).toBe(ExitCode.failure);
    expect(terminal.stderr()).toMatch(/IO: .*missing\.tsv: no such file/);
  });
});

describe('inspect-data on a delimited session log', () => {
  it('prints the detected layout on stderr and the short-user count', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'recnas-inspect-')), 'clicks.csv');
    writeFileSync(file, 'session_id,timestamp,item_id\ns1,1,a\ns1,2,b\ns1,3,c\ns2,1,a\ns2,2,c\n');
    const terminal = recordingTerminal();
    expect(await runCli(['inspect-data', '--format', 'interactions', file], commands, terminal), terminal.stderr()).toBe(ExitCode.ok);
    expect(terminal.stderr()).toContain("layout: delimiter ',', header yes, sequence = session_id (column 0), item = item_id (2), time = timestamp (1)");
    expect(terminal.stdout()).toContain('short users:     1 with fewer than 3 events');
  });
});
