import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, archHash, type ArchEncoding } from '@recnas/core';
import { costArchitecture, type PimChoice } from '@recnas/pim-sim';
import { constraintViolation, jointCandidateHash, type JointCandidate, type ObjectiveConstraint } from '@recnas/search-strategies';
import { pimWorkloadsOf } from '@recnas/supernet';
import { precisionOf, jointEntry, searchedSpaceOf, type ArchScore, type CoDesignPairContext } from './co-design-pairs.js';
import { hardwareOfChoice, type HardwareObjectives } from './hardware-cost.js';
import { everyPimChoice } from './pim-choice-list.js';
import type { ScoringTask, TaskScorer } from './scoring-task.js';
import { rankByLoss, type SearchHistoryEntry } from './search-history.js';
import { precisionKeyOf, scoreKeyOf, type WeightPrecisionPlan } from './weight-precision-plan.js';

/** The hardware objectives a choice changes; `loss` and `flops` are fixed by the architecture and its precision plan. */
const HARDWARE_KEYS = ['energy', 'latency', 'area'] as const;
type HardwareKey = (typeof HARDWARE_KEYS)[number];
const isHardwareKey = (key: string): key is HardwareKey => (HARDWARE_KEYS as ReadonlyArray<string>).includes(key);

/** The cheapest feasible hardware choice of one architecture at one weight-precision plan. */
export interface RefinedChoice {
  readonly plan: WeightPrecisionPlan | undefined;
  readonly choice: PimChoice;
  readonly costs: HardwareObjectives;
}

/**
 * The `count` distinct architectures with the lowest validation LogLoss among `entries` (any precision; ties:
 * earlier proposal first), best first.
 */
export function architecturesToRefine(entries: ReadonlyArray<SearchHistoryEntry>, count: number): ArchEncoding[] {
  const chosen = new Map<string, ArchEncoding>();
  for (const entry of rankByLoss(entries)) {
    if (chosen.size >= count) break;
    if (!chosen.has(entry.archHash)) chosen.set(entry.archHash, entry.arch);
  }
  return [...chosen.values()];
}

/**
 * The order choices are compared in: the run's hardware objectives in their listed order (the first one is
 * what the co-design table minimises), then energy, latency and area for the remaining ties.
 */
export function hardwareOrderOf(objectives: ReadonlyArray<string>): HardwareKey[] {
  return [...new Set([...objectives.filter(isHardwareKey), ...HARDWARE_KEYS])];
}

/**
 * For one architecture, every choice of the run's PIM space costed (the search's cost function: pim-sim over
 * `pimWorkloadsOf` at the run's batch size, on the run's base config), grouped by weight-precision plan (the
 * plan alone decides the LogLoss), and per plan the choice that meets every constraint on latency, energy
 * and area with the lowest value in `hardwareOrderOf(objectives)` (last ties: `everyPimChoice` order). Plans
 * in the order their first choice is enumerated; a plan without a feasible choice is left out. Constraints
 * on loss and flops cannot be met by a hardware choice and are left to the caller.
 */
export function cheapestChoicePerPlan(
  context: CoDesignPairContext,
  architecture: ArchEncoding,
  objectives: ReadonlyArray<string>,
  constraints: ReadonlyArray<ObjectiveConstraint>,
): E.Either<RecnasError, RefinedChoice[]> {
  const space = searchedSpaceOf(context);
  if (space === null) return E.right([]);
  const workloads = pimWorkloadsOf(architecture, context.modelConfig, { batchSize: context.hardware.batchSize });
  if (E.isLeft(workloads)) return workloads;
  const order = hardwareOrderOf(objectives);
  const hardwareConstraints = constraints.filter((constraint) => isHardwareKey(constraint.objective));
  const isBetter = (a: HardwareObjectives, b: HardwareObjectives): boolean => {
    for (const key of order) if (a[key] !== b[key]) return a[key] < b[key];
    return false; // equal: the earlier choice stays
  };
  // The plan depends only on where operators are placed and on the weight bits (`decodePimChoice` sets
  // nothing else the plan reads), so it is computed once per such combination, not per choice.
  const plans = new Map<string, WeightPrecisionPlan | undefined>();
  const best = new Map<string, RefinedChoice>();
  for (const choice of everyPimChoice(space)) {
    const planKey = JSON.stringify(Object.entries(choice).filter(([label]) => label.startsWith('placement.') || label === 'reramPim.weightBits'));
    if (!plans.has(planKey)) {
      const plan = precisionOf(context, architecture, choice);
      if (E.isLeft(plan)) return plan;
      plans.set(planKey, plan.right);
    }
    const plan = plans.get(planKey);
    const hardware = hardwareOfChoice(space, choice, context.hardware.config);
    if (E.isLeft(hardware)) return hardware;
    const report = costArchitecture(workloads.right, hardware.right);
    if (E.isLeft(report)) return report;
    const costs: HardwareObjectives = { latency: report.right.total.latencySeconds, energy: report.right.total.energyJoules, area: report.right.total.areaSquareMillimetres };
    if (constraintViolation({ ...costs }, hardwareConstraints) > 0) continue;
    const precision = precisionKeyOf(plan);
    const known = best.get(precision);
    if (known === undefined || isBetter(costs, known.costs)) best.set(precision, { plan, choice, costs });
  }
  // Map iteration keeps first-insertion order, i.e. the order each plan's first feasible choice was enumerated.
  return E.right([...best.values()]);
}

/** What the refinement shares with the joint evolution of the same run (its caches and its journal). */
export interface RefinementState {
  /** Pairs already in the history (and those appended since), by joint hash. */
  readonly knownPairs: ReadonlyMap<string, SearchHistoryEntry>;
  /** Scores by `scoreKeyOf`; the refinement adds what it scores. */
  readonly scores: Map<string, ArchScore>;
  /** Journals a new pair (and registers it in `knownPairs`). */
  readonly record: (entry: SearchHistoryEntry) => E.Either<RecnasError, unknown>;
  /** Called after each score the refinement computes. */
  readonly onScored?: () => void;
}

export interface RefinementInput {
  readonly context: CoDesignPairContext;
  /** The evolution's pairs (in proposal order): the architectures to refine are ranked from these. */
  readonly entries: ReadonlyArray<SearchHistoryEntry>;
  /** How many architectures to refine (`hardware.refine.architectures`). */
  readonly architectures: number;
  /** Pareto objectives as history keys (`["loss", "energy"]`) and constraints of the run. */
  readonly objectives: ReadonlyArray<string>;
  readonly constraints: ReadonlyArray<ObjectiveConstraint>;
  readonly score: TaskScorer;
  /** The `index` of the first refinement pair (the evolution's pairs come before it). */
  readonly firstIndex: number;
}

interface PendingPair {
  readonly candidate: JointCandidate;
  readonly hash: string;
  readonly plan: WeightPrecisionPlan | undefined;
  readonly key: string;
  readonly index: number;
}

/**
 * Post-search hardware refinement (docs/decisions/0013-pim-co-design.md, "Hardware refinement"): for each of
 * the `architectures` best architectures of the evolution, the cheapest feasible choice of every precision
 * plan (`cheapestChoicePerPlan`) becomes a pair, scored through the run's scorer and score cache (a score
 * already known is not computed again: at most architectures x plans new scorings) and journalled with
 * `metadata.refined: true`. The pairs and their `index` (from `firstIndex` up) follow a fixed order
 * (architectures best first, plans in enumeration order) and are journalled in that order whatever order
 * scores arrive in, so a resumed run appends exactly what an uninterrupted one would; a pair whose joint hash
 * is already in the history is skipped. Returns the refinement pairs (new or from the history) that are not
 * evolution pairs, in that order.
 */
export async function refineHardware(input: RefinementInput, state: RefinementState): Promise<E.Either<RecnasError, SearchHistoryEntry[]>> {
  const pending: PendingPair[] = [];
  for (const architecture of architecturesToRefine(input.entries, input.architectures)) {
    const choices = cheapestChoicePerPlan(input.context, architecture, input.objectives, input.constraints);
    if (E.isLeft(choices)) return choices;
    for (const { plan, choice } of choices.right) {
      const candidate: JointCandidate = { architecture, hardware: choice };
      pending.push({ candidate, hash: jointCandidateHash(candidate), plan, key: scoreKeyOf(archHash(architecture), plan), index: input.firstIndex + pending.length });
    }
  }
  const tasks = new Map<string, ScoringTask>();
  for (const { candidate, hash, plan, key } of pending) {
    if (state.knownPairs.has(hash) || state.scores.has(key) || tasks.has(key)) continue;
    tasks.set(key, plan === undefined ? { arch: candidate.architecture } : { arch: candidate.architecture, precision: plan });
  }
  const keyOfTask = new Map([...tasks.entries()].map(([key, task]) => [task, key]));
  const fresh = new Set<string>();
  let next = 0;
  let failure: RecnasError | undefined;
  // Journals pending pairs in order up to the first one whose score is not known yet.
  const flush = (): void => {
    for (; next < pending.length && failure === undefined; next++) {
      const { candidate, hash, plan, key, index } = pending[next] as PendingPair;
      if (state.knownPairs.has(hash)) continue;
      const score = state.scores.get(key);
      if (score === undefined) return;
      const entry = jointEntry(input.context, candidate, plan, index, score, fresh.delete(key), { refined: true });
      const written = E.isLeft(entry) ? entry : state.record(entry.right);
      if (E.isLeft(written)) failure = written.left;
    }
  };
  flush();
  if (tasks.size > 0) {
    await input.score([...tasks.values()], (task, score) => {
      const key = keyOfTask.get(task) as string;
      state.scores.set(key, score);
      fresh.add(key);
      flush();
      state.onScored?.();
    });
    flush();
  }
  if (failure !== undefined) return E.left(failure);
  if (next < pending.length) return E.left(new RecnasError('INVARIANT', `hardware refinement: pair ${(pending[next] as PendingPair).hash} was not scored`));
  const evolution = new Set(input.entries.map((entry) => entry.metadata?.['jointHash']));
  return E.right(pending.filter(({ hash }) => !evolution.has(hash)).map(({ hash }) => state.knownPairs.get(hash) as SearchHistoryEntry));
}
