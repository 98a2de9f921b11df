/**
 * @recnas/search-strategies: ask/tell search strategies (pure: no tensors, no I/O, no clock).
 * @example
 * import * as E from 'fp-ts/lib/Either.js';
 * import { NASREC_SMALL_SPACE } from '@recnas/core';
 * import { createRegularizedEvolution, evolutionPreset } from '@recnas/search-strategies';
 * const options = evolutionPreset('small');
 * if (E.isRight(options)) {
 *   const evolution = createRegularizedEvolution(options.right);
 *   const { candidates, state } = evolution.ask(evolution.init(NASREC_SMALL_SPACE, 2018), 4);
 * }
 */
export { EvaluationCodec, type Evaluation } from './evaluation.js';
export type { SearchStrategy, AskResult } from './search-strategy.js';
export { RegularizedEvolutionOptionsCodec, type RegularizedEvolutionOptions } from './regularized-evolution-options.js';
export { mutationsForGeneration } from './mutations-for-generation.js';
export { paretoFront, dominates, type ObjectivePoint } from './pareto-front.js';
export { sampleArchitecture } from './sample-architecture.js';
export { mutateArchitecture } from './mutate-architecture.js';
export {
  ObjectiveConstraintCodec,
  SearchObjectivesCodec,
  PRIMARY_LOSS_ONLY,
  compareObjectives,
  constraintViolation,
  scalarScore,
  type ObjectiveConstraint,
  type SearchObjectives,
  type RankingObjectives,
} from './search-objectives.js';
export { bestFeasible } from './best-feasible.js';
export {
  RegularizedEvolutionStateCodec,
  decodeRegularizedEvolutionState,
  type RegularizedEvolutionState,
} from './regularized-evolution-state.js';
export { REGULARIZED_EVOLUTION_ID, createRegularizedEvolution } from './regularized-evolution.js';
export {
  PimChoiceCodec,
  JointCandidateCodec,
  JointSpaceCodec,
  pimChoiceCanonicalJson,
  pimChoiceHash,
  jointCandidateHash,
  architectureHashOf,
  type JointCandidate,
  type JointSpace,
} from './joint-candidate.js';
export { samplePimChoice, mutatePimChoice, sampleJointCandidate, mutateJointCandidate } from './mutate-joint-candidate.js';
export { paretoStandings, compareStandings, type ParetoStanding } from './constrained-pareto-rank.js';
export { JointEvolutionOptionsCodec, type JointEvolutionOptions } from './joint-evolution-options.js';
export {
  JointEvolutionStateCodec,
  PendingJointCandidateCodec,
  EvaluatedJointCandidateCodec,
  decodeJointEvolutionState,
  type JointEvolutionState,
  type PendingJointCandidate,
  type EvaluatedJointCandidate,
} from './joint-evolution-state.js';
export { JOINT_EVOLUTION_ID, createJointEvolution } from './joint-evolution.js';
export { EVOLUTION_PRESET_NAMES, EvolutionPresetNameCodec, evolutionPreset, type EvolutionPresetName } from './evolution-presets.js';
export { RandomSearchOptionsCodec, type RandomSearchOptions } from './random-search-options.js';
export {
  RANDOM_SEARCH_ID,
  RandomSearchStateCodec,
  createRandomSearch,
  decodeRandomSearchState,
  type RandomSearchState,
} from './random-search.js';
export { BudgetScheduleCodec, BudgetEndsCodec, budgetAt, resourcePenalty, type BudgetSchedule, type BudgetEnds } from './dynamic-budget.js';
export {
  DifferentiableSearchOptionsCodec,
  DifferentiableSearchConfigCodec,
  type DifferentiableSearchOptions,
  type DifferentiableSearchOptionsInput,
} from './differentiable-search-options.js';
export {
  DIFFERENTIABLE_SEARCH_ID,
  DifferentiableSearchStateCodec,
  SearchCurvePointCodec,
  createDifferentiableSearch,
  decodeDifferentiableSearch,
  selectSequentialArchitecture,
  type DifferentiableSearch,
  type DifferentiableSearchState,
  type SearchCurvePoint,
  type SearchInstruction,
  type StepReport,
} from './differentiable-search.js';
export { selectWithinBudget, type SequentialSelection, type SequentialSelectionRule } from './select-within-budget.js';
