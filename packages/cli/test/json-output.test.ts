import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { BUILT_BIN, runNode, testDataPath, tinyCtrRunConfig } from './helpers.js';

// SPEC section 8: with --json, stdout holds exactly one JSON document and everything else goes to stderr,
// so `recnas <command> --json | jq` works. Checked on the built bin, as a user runs it, and once through the
// root npm script (which installs and builds first).
const BIN = BUILT_BIN;
const OFFICIAL_ARCH = fileURLToPath(new URL('../../supernet/test/fixtures/nasrec_best_criteo_full.json', import.meta.url));
const CRITEO = testDataPath('criteo/train.csv');

const scratch = mkdtempSync(join(tmpdir(), 'recnas-json-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs `recnas <args>` and parses its whole stdout as one JSON document (one line, as JSON.stringify writes it). */
async function jsonOf(args: ReadonlyArray<string>, runner: ReadonlyArray<string> = [BIN]): Promise<{ json: Record<string, unknown>; stderr: string }> {
  const { code, stdout, stderr } = await runNode([...runner, ...args]);
  expect(code, stderr).toBe(0);
  expect(stdout.endsWith('\n') && stdout.indexOf('\n') === stdout.length - 1, `stdout of recnas ${args.join(' ')}: ${stdout.slice(0, 500)}`).toBe(true);
  return { json: JSON.parse(stdout) as Record<string, unknown>, stderr };
}

const supernetDir = join(scratch, 'supernet');
const runDir = join(scratch, 'run');

beforeAll(() => {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the CLI first (pnpm exec nx run cli:build)`);
});

describe('--json through the recnas bin', () => {
  it('doctor prints one JSON description, the backend line on stderr', async () => {
    const { json, stderr } = await jsonOf(['doctor', '--json']);
    expect(json).toMatchObject({ backend: expect.any(String), hints: expect.any(Array) });
    expect(stderr).toContain('[recnas] backend: ');
  });

  it('flops prints one JSON measurement', async () => {
    const { json } = await jsonOf(['flops', '--arch', OFFICIAL_ARCH, '--json']);
    expect(json).toMatchObject({ inputFormat: 'official-nasrec', cost: { flopsPerExample: 6665610 } });
  });

  it('inspect-data prints one JSON profile, progress on stderr', async () => {
    const { json, stderr } = await jsonOf(['inspect-data', '--format', 'criteo', CRITEO, '--json']);
    expect(json).toMatchObject({ format: 'criteo', rows: 7200 });
    expect(stderr).toContain('100.0%');
  });

  it('train-supernet, then search on its output, each print one JSON result', async () => {
    const trained = await jsonOf(['train-supernet', '--data', CRITEO, '--format', 'criteo', '--out', supernetDir, '--steps', '3', '--batch-size', '64',
      '--blocks', '2', '--dense-widths', '16', '--sparse-widths', '16', '--json']);
    expect(trained.json).toMatchObject({ steps: 3 });
    expect(trained.stderr).toContain('training supernet: 100.0%');
    // One worker thread: its output must not reach stdout either.
    const searched = await jsonOf(['search', '--supernet', supernetDir, '--strategy', 'random', '--budget', '2', '--fine-tune-steps', '1', '--workers', '1',
      '--out', join(scratch, 'search'), '--json']);
    expect(searched.json).toMatchObject({ strategy: 'random', evaluated: 2, workers: 1 });
    expect(searched.stderr).toContain('search: 100.0%');
  });

  it('run, then report on its directory, each print one JSON document', async () => {
    const config = join(scratch, 'tiny.json');
    writeFileSync(config, JSON.stringify(tinyCtrRunConfig(3, 1)));
    const ran = await jsonOf(['run', config, '--out', runDir, '--json']);
    expect(ran.json).toMatchObject({ search: { evaluated: 3 } });
    expect(ran.stderr).toContain(`run directory: ${runDir}`);
    const reported = await jsonOf(['report', '--run', runDir, '--json']);
    expect(reported.json).toEqual({ report: join(runDir, 'report.html') });
  });

  it('prints nothing on stdout when a --json command fails', async () => {
    const failed = await runNode([BIN, 'flops', '--arch', join(scratch, 'missing.json'), '--json']);
    expect(failed.code).toBe(2);
    expect(failed.stdout).toBe('');
    expect(failed.stderr).toContain('missing.json');
  });
});

// The root npm script (`node tools/workspace/run.mjs recnas ...`) is checked by tools/workspace/check-json-output.mjs
// after every test has run: it installs and rebuilds the workspace, which must not happen while tests read dist/.
