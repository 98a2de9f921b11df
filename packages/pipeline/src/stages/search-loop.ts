import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, archHash, type ArchEncoding, type SearchSpace } from '@recnas/core';
import type { Evaluation, SearchStrategy } from '@recnas/search-strategies';
import { appendJournalLine, readJournal } from '../journal.js';
import { SearchHistoryEntryCodec, type CandidateScorer, type SearchHistoryEntry } from './search-history.js';

/** Everything the ask/tell loop needs; the strategy is pure, the scorer does the work. */
export interface SearchLoopInput<S> {
  readonly strategy: SearchStrategy<S, SearchSpace, ArchEncoding>;
  readonly space: SearchSpace;
  readonly seed: number;
  readonly historyPath: string;
  readonly score: CandidateScorer;
  /** After every scored candidate: evaluated so far (including ones reused from the history) and the best loss. */
  readonly onProgress?: (evaluated: number, budget: number | undefined, bestLoss: number) => void;
  readonly budget?: number;
}

export interface SearchLoopResult {
  /** Every candidate of the search, in proposal order. */
  readonly entries: ReadonlyArray<SearchHistoryEntry>;
  /** Candidates found in the history (scored by an earlier, interrupted run) and not scored again. */
  readonly reused: number;
}

const ASK_ALL = 1_000_000;

function toEvaluation(entry: SearchHistoryEntry): Evaluation {
  return { archHash: entry.archHash, objectives: entry.objectives };
}

/**
 * Runs a strategy to the end. Resume is by replay: the strategy restarts from its seed and every candidate
 * already in `search-history.jsonl` is answered from there instead of being scored again; since the
 * strategy is a pure function of its seed and the results, the replay reaches the exact state of the
 * interrupted run and continues. Each generation's candidates are scored together (in parallel when the
 * scorer has workers) and told in proposal order, so results do not depend on scoring order or workers.
 */
export async function runSearchLoop<S>(input: SearchLoopInput<S>): Promise<E.Either<RecnasError, SearchLoopResult>> {
  const history = readJournal(input.historyPath, SearchHistoryEntryCodec);
  if (E.isLeft(history)) return history;
  const known = new Map(history.right.entries.map((entry) => [entry.archHash, entry]));
  const entries: SearchHistoryEntry[] = [];
  let reused = 0;
  let best = Number.POSITIVE_INFINITY;
  let state = input.strategy.init(input.space, input.seed);
  const lossOf = (entry: SearchHistoryEntry): number => entry.objectives['loss'] ?? Number.POSITIVE_INFINITY;
  while (!input.strategy.isDone(state)) {
    const asked = input.strategy.ask(state, ASK_ALL);
    state = asked.state;
    if (asked.candidates.length === 0) {
      // A small space can run out of new architectures: the strategy gives up its last slots and is done.
      if (input.strategy.isDone(state)) break;
      return E.left(new RecnasError('INVARIANT', `${input.strategy.id}: asked for candidates but got none before the search was done`));
    }
    const fresh = asked.candidates.filter((arch) => !known.has(archHash(arch)));
    const reusedNow = asked.candidates.length - fresh.length;
    reused += reusedNow;
    // Progress: the candidates answered from the history at once, then each one as its score arrives.
    for (const arch of asked.candidates) {
      const entry = known.get(archHash(arch));
      if (entry !== undefined) best = Math.min(best, lossOf(entry));
    }
    if (reusedNow > 0) input.onProgress?.(entries.length + reusedNow, input.budget, best);
    let scoredNow = 0;
    let failure: RecnasError | undefined;
    // A candidate's index is its place in proposal order, whichever worker finishes first.
    const positions = new Map(asked.candidates.map((arch, position) => [archHash(arch), entries.length + position]));
    await input.score(fresh, (arch, score) => {
      const hash = archHash(arch);
      const entry: SearchHistoryEntry = {
        index: positions.get(hash) as number,
        archHash: hash,
        arch,
        // A diverged candidate keeps no loss (JSON has no NaN); strategies rank it last.
        objectives: Number.isFinite(score.validationLogLoss) ? { loss: score.validationLogLoss, flops: score.flopsPerExample } : { flops: score.flopsPerExample },
        ...(Number.isFinite(score.inheritedLogLoss) ? { inheritedLogLoss: score.inheritedLogLoss as number } : {}),
        params: score.params,
        seconds: score.seconds,
      };
      const appended = appendJournalLine(input.historyPath, entry);
      if (E.isLeft(appended)) failure ??= appended.left;
      known.set(hash, entry);
      best = Math.min(best, lossOf(entry));
      scoredNow += 1;
      input.onProgress?.(entries.length + reusedNow + scoredNow, input.budget, best);
    });
    if (failure !== undefined) return E.left(failure);
    const told: Evaluation[] = [];
    for (const arch of asked.candidates) {
      const entry = known.get(archHash(arch));
      if (entry === undefined) return E.left(new RecnasError('INVARIANT', `candidate ${archHash(arch)} was not scored`));
      entries.push(entry);
      told.push(toEvaluation(entry));
    }
    state = input.strategy.tell(state, told);
  }
  return E.right({ entries, reused });
}
