import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { afterEach, describe, expect, it } from 'vitest';
import { NASREC_SMALL_SPACE, archHash, fnv1a64, withBlockCount, type ArchEncoding, type PositiveInt } from '@recnas/core';
import { createRegularizedEvolution, evolutionPreset } from '@recnas/search-strategies';
import { runSearchLoop } from '../../src/stages/search-loop.js';
import type { CandidateResult, CandidateScorer } from '../../src/stages/search-history.js';

const SPACE = withBlockCount(NASREC_SMALL_SPACE, 3 as PositiveInt);
const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A deterministic stand-in for fine-tune-and-score: a loss derived from the architecture's hash. */
function fakeScore(arch: ArchEncoding): CandidateResult {
  const hash = fnv1a64(archHash(arch));
  const unit = Number(BigInt.asUintN(20, BigInt(`0x${hash}`))) / 2 ** 20;
  return { validationLogLoss: 0.4 + 0.1 * unit, flopsPerExample: 1000 + Math.round(1000 * unit), params: 10, seconds: 0 };
}

/** Scores in reverse order (as parallel workers might finish), failing after `failAfter` candidates in total. */
function scorer(failAfter = Number.POSITIVE_INFINITY): CandidateScorer & { scored: number } {
  const score = Object.assign(
    async (archs: ReadonlyArray<ArchEncoding>, onScored: (arch: ArchEncoding, result: CandidateResult) => void) => {
      for (const arch of [...archs].reverse()) {
        if (score.scored >= failAfter) throw new Error('killed');
        score.scored += 1;
        onScored(arch, fakeScore(arch));
      }
    },
    { scored: 0 },
  );
  return score;
}

function evolution() {
  const options = evolutionPreset('small');
  if (E.isLeft(options)) throw options.left;
  return createRegularizedEvolution(options.right);
}

function freshHistory(): string {
  const dir = mkdtempSync(join(tmpdir(), 'recnas-search-'));
  dirs.push(dir);
  return join(dir, 'search-history.jsonl');
}

describe('runSearchLoop', () => {
  it('runs the small evolution preset to its budget and journals every candidate once', async () => {
    const historyPath = freshHistory();
    const progress: Array<[number, number]> = [];
    const result = await runSearchLoop({
      strategy: evolution(),
      space: SPACE,
      seed: 7,
      historyPath,
      score: scorer(),
      onProgress: (evaluated, _budget, best) => progress.push([evaluated, best]),
    });
    expect(E.isRight(result)).toBe(true);
    if (E.isLeft(result)) return;
    // One progress call per scored candidate, counting up, with the best loss so far.
    expect(progress.map(([evaluated]) => evaluated)).toEqual(result.right.entries.map((_, i) => i + 1));
    const losses = result.right.entries.map((entry) => entry.objectives['loss'] as number);
    expect(progress[progress.length - 1]?.[1]).toBe(Math.min(...losses));
    const lines = readFileSync(historyPath, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(result.right.entries.length);
    expect(new Set(result.right.entries.map((entry) => entry.archHash)).size).toBe(result.right.entries.length);
    for (const entry of result.right.entries) expect(entry.objectives['loss']).toBe(fakeScore(entry.arch).validationLogLoss);
  });

  it('resumes an interrupted search from its history: same candidates, nothing scored twice', async () => {
    const reference = await runSearchLoop({ strategy: evolution(), space: SPACE, seed: 7, historyPath: freshHistory(), score: scorer() });
    if (E.isLeft(reference)) throw reference.left;
    const historyPath = freshHistory();
    const first = scorer(11);
    await expect(runSearchLoop({ strategy: evolution(), space: SPACE, seed: 7, historyPath, score: first })).rejects.toThrow('killed');
    // A crash in the middle of a write leaves a cut last line; it is dropped, not fatal.
    appendFileSync(historyPath, '{"index": 11, "archHa');
    const second = scorer();
    const resumed = await runSearchLoop({ strategy: evolution(), space: SPACE, seed: 7, historyPath, score: second });
    if (E.isLeft(resumed)) throw resumed.left;
    expect(resumed.right.reused).toBe(11);
    expect(second.scored).toBe(reference.right.entries.length - 11);
    expect(resumed.right.entries.map((entry) => [entry.archHash, entry.objectives])).toEqual(
      reference.right.entries.map((entry) => [entry.archHash, entry.objectives]),
    );
  });

  it('fails with the journal error when the history holds a line that is not a history entry', async () => {
    const historyPath = freshHistory();
    writeFileSync(historyPath, '{"index": 0}\n');
    const result = await runSearchLoop({ strategy: evolution(), space: SPACE, seed: 7, historyPath, score: scorer() });
    expect(E.isLeft(result) && result.left.message).toMatch(/search-history\.jsonl/);
  });
});
