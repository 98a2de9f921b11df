import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { HARDWARE_PRESETS } from '@recnas/pim-sim';
import { ExitCode, commands, runCli } from '../src/index.js';
import { recordingTerminal } from './helpers.js';

const OFFICIAL = new URL('../../supernet/test/fixtures/nasrec_best_criteo_full.json', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'recnas-cost-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('cost', () => {
  it('prints the per-operator breakdown and totals of the published NASRec-Full subnet on a hardware JSON', async () => {
    const hw = join(scratch, 'hw.json');
    writeFileSync(hw, JSON.stringify(HARDWARE_PRESETS.naivePim));
    const terminal = recordingTerminal();
    expect(await runCli(['cost', '--arch', OFFICIAL, '--hardware', hw, '--json'], commands, terminal)).toBe(ExitCode.ok);
    const result = JSON.parse(terminal.stdout());
    expect(result.flopsPerExample).toBe(6665610);
    expect(result.total.flops).toBe(512 * 6665610);
    expect(result.perOperator[0]).toMatchObject({ id: 'stem.embeddings', device: 'dram-pim', kind: 'embedding-gather' });
    expect(result.perOperator.some((op: { device: string }) => op.device === 'reram-pim')).toBe(true);
    const text = recordingTerminal();
    expect(await runCli(['cost', '--arch', OFFICIAL, '--hardware', 'hostOnly'], commands, text)).toBe(ExitCode.ok);
    expect(text.stdout()).toMatch(/^id\s+device\s+latency\s+energy\s+area mm\^2\s+FLOPs\s+boundBy$/m);
    expect(text.stdout()).toMatch(/^total\s+/m);
  });

  it('exits 2 for a bad hardware JSON, naming the JSON path', async () => {
    const bad = join(scratch, 'bad-hw.json');
    writeFileSync(bad, JSON.stringify({ host: HARDWARE_PRESETS.hostOnly.host, placement: { byKind: { matrix: 'reram-pim' } } }));
    const terminal = recordingTerminal();
    expect(await runCli(['cost', '--arch', OFFICIAL, '--hardware', bad], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('placement.byKind.matrix: expected a configured device');
    const typo = join(scratch, 'typo-hw.json');
    writeFileSync(typo, JSON.stringify({ host: { ...HARDWARE_PRESETS.hostOnly.host, memoryBandwidthBytesPerSecond: -1 } }));
    const other = recordingTerminal();
    expect(await runCli(['cost', '--arch', OFFICIAL, '--hardware', typo], commands, other)).toBe(ExitCode.usage);
    expect(other.stderr()).toContain('host.memoryBandwidthBytesPerSecond');
    const notJson = join(scratch, 'not-json.json');
    writeFileSync(notJson, '{ nope');
    expect(await runCli(['cost', '--arch', OFFICIAL, '--hardware', notJson], commands, recordingTerminal())).toBe(ExitCode.usage);
  });
});
