import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode, commands, runCli } from '../src/index.js';
import { recordingTerminal } from './helpers.js';

const OFFICIAL = new URL('../../supernet/test/fixtures/nasrec_best_criteo_full.json', import.meta.url).pathname;
const scratch = mkdtempSync(join(tmpdir(), 'recnas-flops-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('flops', () => {
  it('counts the official best NASRec-Full Criteo architecture and the same arch in the recnas encoding alike', async () => {
    const terminal = recordingTerminal();
    expect(await runCli(['flops', '--arch', OFFICIAL, '--json'], commands, terminal)).toBe(ExitCode.ok);
    const official = JSON.parse(terminal.stdout());
    // Pinned in @recnas/supernet's arch-cost test (block 2 checked by hand there).
    expect(official).toMatchObject({ inputFormat: 'official-nasrec', dataset: 'criteo', cost: { flopsPerExample: 6665610, params: 2239219 } });
    const recnasFile = join(scratch, 'arch.json');
    writeFileSync(recnasFile, JSON.stringify(official.arch));
    const again = recordingTerminal();
    expect(await runCli(['flops', '--arch', recnasFile, '--json'], commands, again)).toBe(ExitCode.ok);
    expect(JSON.parse(again.stdout())).toMatchObject({ inputFormat: 'recnas', archHash: official.archHash, cost: { flopsPerExample: 6665610 } });
  });

  it('prints both FLOPs conventions for people', async () => {
    const terminal = recordingTerminal();
    await runCli(['flops', '--arch', OFFICIAL], commands, terminal);
    expect(terminal.stdout()).toContain("6.666 MFLOPs; 3.333 M multiply-adds, NASRec's convention");
  });

  it('exits 2 for an invalid architecture, naming the path, and for an unknown dataset', async () => {
    const bad = join(scratch, 'bad.json');
    writeFileSync(bad, JSON.stringify({ space: 'nasrec-full', blocks: [{ denseOp: 'linear-2d' }] }));
    const terminal = recordingTerminal();
    expect(await runCli(['flops', '--arch', bad], commands, terminal)).toBe(ExitCode.usage);
    expect(terminal.stderr()).toContain('blocks[0].sparseOp: expected string, got nothing');
    const other = recordingTerminal();
    expect(await runCli(['flops', '--arch', OFFICIAL, '--dataset', 'movielens'], commands, other)).toBe(ExitCode.usage);
    expect(other.stderr()).toContain('dataset: expected one of criteo, avazu, kdd2012, got "movielens"');
  });

  // By hand (decision 0010's convention), L = 50 positions, d = 64, 12,101 items:
  // embedding add + LayerNorm 6 L d = 19,200; scoring 2 x 12,101 x 64 = 1,548,928.
  // A layer with 2 heads of 32 (a = 64) and FFN 256: attention 3(2Lda + La) + 2L^2a + 2(2L^2) + 3(2L^2) + 2L^2a
  // + (2Lad + Ld) + 6Ld = 2,335,400; FFN (2Ldf + Lf) + 8Lf + (2Lfd + Ld) + 6Ld = 3,414,400; 5,749,800 a layer.
  // SASRec (2 such layers): 19,200 + 2 x 5,749,800 + 1,548,928 = 13,067,728.
  // 1 layer, 1 head (a = 32), FFN 128: attention 1,178,900 + FFN 1,718,400 -> 4,465,428 (34.2% of SASRec).
  it('counts a sequential architecture per sequence, as by hand', async () => {
    const sasrec = join(scratch, 'sasrec.json');
    writeFileSync(sasrec, JSON.stringify({ hiddenWidth: 64, attentionWidth: 64, maxHeads: 2, layers: [{ heads: 2, ffnWidth: 256 }, { heads: 2, ffnWidth: 256 }] }));
    const terminal = recordingTerminal();
    expect(await runCli(['flops', '--arch', sasrec, '--items', '12101', '--json'], commands, terminal)).toBe(ExitCode.ok);
    const measured = JSON.parse(terminal.stdout());
    expect(measured).toMatchObject({ itemCount: 12101, sequenceLength: 50, cost: { flopsPerSequence: 13067728, embeddingFlops: 19200, scoringFlops: 1548928 } });
    expect(measured.cost.perLayer).toEqual([
      expect.objectContaining({ flops: 5749800, attentionFlops: 2335400, ffnFlops: 3414400 }),
      expect.objectContaining({ flops: 5749800 }),
    ]);
    const pruned = join(scratch, 'pruned.json');
    writeFileSync(pruned, JSON.stringify({ hiddenWidth: 64, attentionWidth: 64, maxHeads: 2, layers: [{ heads: 1, ffnWidth: 128 }] }));
    const people = recordingTerminal();
    expect(await runCli(['flops', '--arch', pruned, '--items', '12101'], commands, people)).toBe(ExitCode.ok);
    expect(people.stdout()).toContain('FLOPs:        4465428 per sequence');
    expect(people.stdout()).toContain('layer 1: 2897300 FLOPs (attention 1178900, FFN 1718400)');
  });

  it('exits 2 for a sequential architecture without --items or with a bad one', async () => {
    const sasrec = join(scratch, 'sasrec-usage.json');
    writeFileSync(sasrec, JSON.stringify({ hiddenWidth: 64, attentionWidth: 64, maxHeads: 2, layers: [{ heads: 2, ffnWidth: 256 }] }));
    const missing = recordingTerminal();
    expect(await runCli(['flops', '--arch', sasrec], commands, missing)).toBe(ExitCode.usage);
    expect(missing.stderr()).toContain('--items <count> is required for the sequential architecture');
    const bad = recordingTerminal();
    expect(await runCli(['flops', '--arch', sasrec, '--items', '12k'], commands, bad)).toBe(ExitCode.usage);
    expect(bad.stderr()).toContain('--items: expected a positive integer, got "12k"');
    const wrong = recordingTerminal();
    writeFileSync(sasrec, JSON.stringify({ hiddenWidth: 64, attentionWidth: 64, maxHeads: 3, layers: [{ heads: 2, ffnWidth: 256 }] }));
    expect(await runCli(['flops', '--arch', sasrec, '--items', '10'], commands, wrong)).toBe(ExitCode.usage);
    expect(wrong.stderr()).toContain('attentionWidth: 64 is not divisible by maxHeads 3');
  });
});
