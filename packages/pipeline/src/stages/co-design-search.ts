import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, archHash, decodeWith } from '@recnas/core';
import type { PimChoice } from '@recnas/pim-sim';
import {
  JointEvolutionOptionsCodec,
  createJointEvolution,
  jointCandidateHash,
  type Evaluation,
  type JointCandidate,
  type JointEvolutionOptions,
  type JointSpace,
  type RegularizedEvolutionOptions,
} from '@recnas/search-strategies';
import type { PimWorkloadConfig } from '@recnas/supernet';
import { activationPrecisionProblem, paretoObjectivesOf, type ResolvedHardwareSection } from '../co-design-config.js';
import { appendJournalLine, readJournal } from '../journal.js';
import type { ResolvedRunConfig } from '../run-config.js';
import { jointEntry, jointHashOf, precisionOf, scoreOf, type ArchScore } from './co-design-pairs.js';
import { refineHardware } from './hardware-refinement.js';
import type { ScoringTask, TaskScorer } from './scoring-task.js';
import { SearchHistoryEntryCodec, type SearchHistoryEntry } from './search-history.js';
import { precisionKeyOf, scoreKeyOf, type WeightPrecisionPlan } from './weight-precision-plan.js';

/** The joint-evolution options of a run: the evolution budget of `search.preset` / `search.evolution`, the Pareto objectives and constraints. */
export function jointEvolutionOptionsOf(config: ResolvedRunConfig, evolution: RegularizedEvolutionOptions): E.Either<RecnasError, JointEvolutionOptions> {
  const { objectives: _objectives, ...budget } = evolution;
  return decodeWith(
    JointEvolutionOptionsCodec,
    { ...budget, objectives: paretoObjectivesOf(config.search.objectives) ?? ['loss', 'energy'], constraints: [...(config.search.constraints ?? [])] },
    'search',
  );
}

export interface CoDesignLoopInput {
  readonly config: ResolvedRunConfig;
  readonly hardware: ResolvedHardwareSection;
  readonly options: JointEvolutionOptions;
  readonly space: JointSpace['architecture'];
  readonly modelConfig: PimWorkloadConfig;
  readonly historyPath: string;
  /** Scores an architecture at a weight precision (a pair's LogLoss depends on its hardware's precision). */
  readonly score: TaskScorer;
  readonly onProgress?: (evaluated: number, budget: number | undefined, bestLoss: number) => void;
}

export interface CoDesignLoopResult {
  /** Every joint candidate, in proposal order (`metadata.hardware` is its PIM choice). */
  readonly entries: ReadonlyArray<SearchHistoryEntry>;
  /**
   * The hardware refinement's pairs (`metadata.refined`), after the evolution's in the history; empty when
   * `hardware.refine.architectures` is 0 or the hardware is not searched.
   */
  readonly refined: ReadonlyArray<SearchHistoryEntry>;
  readonly reused: number;
  readonly budget: number;
}

/**
 * The score cache key of a history line, checked against what this run's hardware config gives its pair:
 * a line written before precision was scored (no `metadata.precision`) is only valid at full precision;
 * CONFIG_INVALID otherwise (its LogLoss ignored the quantization this pair now pays for).
 */
function historyScoreKey(input: CoDesignLoopInput, entry: SearchHistoryEntry, line: number): E.Either<RecnasError, string> {
  const choice = (entry.metadata?.['hardware'] ?? {}) as PimChoice;
  return E.flatMap(precisionOf(input, entry.arch, choice), (plan) => {
    const expected = precisionKeyOf(plan);
    const stored = entry.metadata?.['precision'];
    const where = `${input.historyPath} entry ${line + 1} (${entry.archHash})`;
    if (stored === undefined && plan !== undefined) {
      return E.left(new RecnasError('CONFIG_INVALID', `${where}: written before quantization-aware scoring (no metadata.precision), but its hardware quantizes weights (${expected}); its LogLoss is not comparable: move the search history aside and run the search stage again`, { expected }));
    }
    if (stored !== undefined && stored !== expected) {
      return E.left(new RecnasError('CONFIG_INVALID', `${where}: scored at precision ${String(stored)}, but this run's hardware config gives ${expected}: the hardware section changed since the history was written`, { stored, expected }));
    }
    return E.right(scoreKeyOf(entry.archHash, plan));
  });
}

/**
 * The co-design search (issue 13 part 3): `joint-evolution` over (architecture, PIM choice) pairs. An
 * architecture is fine-tuned and scored once per weight precision (`weightPrecisionPlanOf`: the operators
 * its hardware puts on ReRAM, fake-quantized to the chip's weight bits; full precision when none), every
 * pair is costed with pim-sim, and every pair is journalled to `search-history.jsonl` the moment it is
 * known, with `metadata.hardware`, `metadata.precision` and the objectives loss, flops, latency, energy and
 * area. Resume replays the strategy from its seed and answers known pairs (and known architecture +
 * precision scores) from the history. After the evolution, `refineHardware` adds the cheapest feasible
 * hardware choice per precision plan of the best `hardware.refine.architectures` architectures (same scorer,
 * cache and journal). CONFIG_INVALID when the hardware space searches activation precision
 * (the LogLoss cannot see it) or a history line's precision does not match this run's (`historyScoreKey`).
 */
export async function runCoDesignLoop(input: CoDesignLoopInput): Promise<E.Either<RecnasError, CoDesignLoopResult>> {
  const unscored = input.hardware.searchHardware ? activationPrecisionProblem(input.hardware.space) : undefined;
  if (unscored !== undefined) return E.left(new RecnasError('CONFIG_INVALID', `hardware.space.activationBits: ${unscored}`));
  const history = readJournal(input.historyPath, SearchHistoryEntryCodec);
  if (E.isLeft(history)) return history;
  const knownPairs = new Map<string, SearchHistoryEntry>();
  const scores = new Map<string, ArchScore>();
  for (const [line, entry] of history.right.entries.entries()) {
    const hash = jointHashOf(entry);
    if (hash !== undefined) knownPairs.set(hash, entry);
    const key = historyScoreKey(input, entry, line);
    if (E.isLeft(key)) return key;
    if (!scores.has(key.right)) scores.set(key.right, scoreOf(entry));
  }
  const strategy = createJointEvolution(input.options);
  const budget = input.options.population + input.options.generations * input.options.childrenPerGeneration;
  const space: JointSpace = { architecture: input.space, hardware: input.hardware.searchHardware ? input.hardware.space : null };
  let state = strategy.init(space, input.config.seed);
  const entries: SearchHistoryEntry[] = [];
  let reused = 0;
  let best = Number.POSITIVE_INFINITY;
  const record = (entry: SearchHistoryEntry): E.Either<RecnasError, unknown> => {
    knownPairs.set(jointHashOf(entry) as string, entry);
    best = Math.min(best, entry.objectives['loss'] ?? Number.POSITIVE_INFINITY);
    return appendJournalLine(input.historyPath, entry);
  };
  while (!strategy.isDone(state)) {
    const asked = strategy.ask(state, 1_000_000);
    state = asked.state;
    if (asked.candidates.length === 0) {
      if (strategy.isDone(state)) break;
      return E.left(new RecnasError('INVARIANT', `${strategy.id}: asked for candidates but got none before the search was done`));
    }
    const base = entries.length;
    const open: Array<{ candidate: JointCandidate; plan: WeightPrecisionPlan | undefined; key: string; index: number }> = [];
    for (const [position, candidate] of asked.candidates.entries()) {
      const hash = jointCandidateHash(candidate);
      if (knownPairs.has(hash)) {
        reused += 1;
        best = Math.min(best, knownPairs.get(hash)?.objectives['loss'] ?? Number.POSITIVE_INFINITY);
        continue;
      }
      const plan = precisionOf(input, candidate.architecture, candidate.hardware);
      if (E.isLeft(plan)) return plan;
      const key = scoreKeyOf(archHash(candidate.architecture), plan.right);
      const score = scores.get(key);
      if (score === undefined) {
        open.push({ candidate, plan: plan.right, key, index: base + position });
        continue;
      }
      const entry = jointEntry(input, candidate, plan.right, base + position, score, false);
      if (E.isLeft(entry)) return entry;
      const written = record(entry.right);
      if (E.isLeft(written)) return written;
    }
    // One task per (architecture, precision), in proposal order.
    const toScore = new Map<string, ScoringTask>();
    for (const { candidate, plan, key } of open) if (!toScore.has(key)) toScore.set(key, plan === undefined ? { arch: candidate.architecture } : { arch: candidate.architecture, precision: plan });
    const keyOfTask = new Map([...toScore.entries()].map(([key, task]) => [task, key]));
    let failure: RecnasError | undefined;
    await input.score([...toScore.values()], (task, score) => {
      const key = keyOfTask.get(task) as string;
      scores.set(key, score);
      open.filter((pending) => pending.key === key).forEach(({ candidate, plan, index }, nth) => {
        const entry = jointEntry(input, candidate, plan, index, score, nth === 0);
        const written = E.isLeft(entry) ? entry : record(entry.right);
        if (E.isLeft(written)) failure ??= written.left;
      });
      input.onProgress?.(knownPairs.size, budget, best);
    });
    if (failure !== undefined) return E.left(failure);
    const told: Evaluation[] = [];
    for (const candidate of asked.candidates) {
      const hash = jointCandidateHash(candidate);
      const entry = knownPairs.get(hash);
      if (entry === undefined) return E.left(new RecnasError('INVARIANT', `joint candidate ${hash} was not scored`));
      entries.push(entry);
      told.push({ archHash: hash, objectives: entry.objectives });
    }
    state = strategy.tell(state, told);
    input.onProgress?.(entries.length, budget, best);
  }
  const refined = await refineHardware(
    {
      context: input,
      entries,
      architectures: input.hardware.refine.architectures,
      objectives: input.options.objectives,
      constraints: input.options.constraints,
      score: input.score,
      firstIndex: entries.length,
    },
    { knownPairs, scores, record, onScored: () => input.onProgress?.(entries.length, budget, best) },
  );
  if (E.isLeft(refined)) return refined;
  return E.right({ entries, refined: refined.right, reused, budget });
}
