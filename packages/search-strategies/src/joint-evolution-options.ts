import * as t from 'io-ts';
import { PositiveIntCodec, ProbabilityCodec, strictWithDefaults, type PositiveInt, type Probability } from '@recnas/core';
import { ruleError, withRules } from './internal/rule-error.js';
import { ObjectiveConstraintCodec, type ObjectiveConstraint } from './search-objectives.js';

const ObjectiveNamesCodec = t.refinement(t.array(t.string), (names) => names.length > 0 && new Set(names).size === names.length, 'non-empty list of distinct objective names');

type Counts = 'population' | 'generations' | 'childrenPerGeneration' | 'tournamentSize' | 'initialMutations' | 'finalMutations';
type Resolved = { readonly [K in Counts]: PositiveInt } & {
  readonly objectives: ReadonlyArray<string>;
  readonly constraints: ReadonlyArray<ObjectiveConstraint>;
  readonly hardwareMutationProbability: Probability;
};
type Encoded = { readonly [K in Counts]: number } & {
  readonly objectives: ReadonlyArray<string>;
  readonly constraints: ReadonlyArray<t.OutputOf<typeof ObjectiveConstraintCodec>>;
  readonly hardwareMutationProbability: number;
};

const count = (value: number): PositiveInt => value as PositiveInt;

const ResolvedCodec = strictWithDefaults(
  {},
  {
    population: PositiveIntCodec,
    generations: PositiveIntCodec,
    childrenPerGeneration: PositiveIntCodec,
    tournamentSize: PositiveIntCodec,
    initialMutations: PositiveIntCodec,
    finalMutations: PositiveIntCodec,
    objectives: ObjectiveNamesCodec,
    constraints: t.array(ObjectiveConstraintCodec),
    hardwareMutationProbability: ProbabilityCodec,
  },
  {
    population: count(128),
    generations: count(240),
    childrenPerGeneration: count(8),
    tournamentSize: count(64),
    initialMutations: count(6),
    finalMutations: count(1),
    objectives: ['loss', 'energy'],
    constraints: [],
    hardwareMutationProbability: 0.5 as Probability,
  },
  'JointEvolutionOptions',
) as unknown as t.Type<Resolved, Encoded, unknown>;

function contradictions(options: Resolved, context: t.Context): t.ValidationError[] {
  const errors: t.ValidationError[] = [];
  if (options.tournamentSize > options.population) errors.push(ruleError(context, ['tournamentSize'], `at most population (${options.population})`, options.tournamentSize));
  if (options.childrenPerGeneration > options.population) errors.push(ruleError(context, ['childrenPerGeneration'], `at most population (${options.population})`, options.childrenPerGeneration));
  if (options.finalMutations > options.initialMutations) errors.push(ruleError(context, ['finalMutations'], `at most initialMutations (${options.initialMutations})`, options.finalMutations));
  return errors;
}

/**
 * Options of `joint-evolution`, the multi-objective joint architecture + hardware search
 * (docs/decisions/0013-pim-co-design.md). The evolution budget keys mean what they mean for
 * `regularized-evolution` (same NASRec defaults: 128 + 240 x 8 candidates, mutations 6 -> 1); `objectives`
 * are the minimised objectives of the Pareto ranking (default `["loss", "energy"]`); `constraints` upper
 * bounds (`{ objective: 'energy', max: 1e-3 }`); `hardwareMutationProbability` (default 0.5) the chance that
 * a child changes its hardware choice instead of its architecture. Unknown keys and contradictions are
 * rejected at their JSON path.
 */
export const JointEvolutionOptionsCodec = withRules(ResolvedCodec, contradictions);
export type JointEvolutionOptions = t.TypeOf<typeof JointEvolutionOptionsCodec>;
