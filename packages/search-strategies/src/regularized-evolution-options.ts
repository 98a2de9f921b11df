import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { PositiveIntCodec, RecnasError, type PositiveInt, strictWithDefaults } from '@recnas/core';
import { PRIMARY_LOSS_ONLY, SearchObjectivesCodec, type SearchObjectives } from './search-objectives.js';

function positiveInt(value: number): PositiveInt {
  if (!PositiveIntCodec.is(value)) throw new RecnasError('INVARIANT', `default ${value} is not a positive integer`);
  return value;
}

type OptionName =
  | 'population'
  | 'generations'
  | 'childrenPerGeneration'
  | 'tournamentSize'
  | 'initialMutations'
  | 'finalMutations';
// Written out with core's exported `PositiveInt` so that the declaration file can name the brand.
type Resolved = { readonly [K in OptionName]: PositiveInt } & { readonly objectives: SearchObjectives };
type Encoded = { readonly [K in OptionName]: number } & { readonly objectives: t.OutputOf<typeof SearchObjectivesCodec> };

const OptionalProps = {
  population: PositiveIntCodec,
  generations: PositiveIntCodec,
  childrenPerGeneration: PositiveIntCodec,
  tournamentSize: PositiveIntCodec,
  initialMutations: PositiveIntCodec,
  finalMutations: PositiveIntCodec,
  objectives: SearchObjectivesCodec,
};

// NASRec's regularized evolution on Criteo (SPEC section 5; facebookresearch/NasRec,
// nasrec/scripts/run_ea/criteo_run_ea_from_supernet_xlarge.sh: --init_population 128 --n_generations 240
// --n_childs 8 --sample_size 64), i.e. 128 + 240 x 8 = 2,048 evaluated subnets; mutations decay 6 -> 1.
const ResolvedCodec: t.Type<Resolved, Encoded, unknown> = strictWithDefaults(
  {},
  OptionalProps,
  {
    population: positiveInt(128),
    generations: positiveInt(240),
    childrenPerGeneration: positiveInt(8),
    tournamentSize: positiveInt(64),
    initialMutations: positiveInt(6),
    finalMutations: positiveInt(1),
    objectives: PRIMARY_LOSS_ONLY,
  },
  'RegularizedEvolutionOptions',
);

/** A context entry whose type name is the rule that was broken, so the reporter prints it as "expected". */
function rule(key: string, description: string, actual: unknown): t.ContextEntry {
  return { key, type: new t.Type<unknown>(description, (_: unknown): _ is unknown => true, t.success, t.identity), actual };
}

function contradictions(options: Resolved, context: t.Context): t.ValidationError[] {
  const errors: t.ValidationError[] = [];
  const add = (key: OptionName, description: string): void => {
    const value = options[key];
    errors.push({ value, context: [...context, rule(key, description, value)] });
  };
  if (options.tournamentSize > options.population) add('tournamentSize', `at most population (${options.population})`);
  if (options.childrenPerGeneration > options.population) {
    add('childrenPerGeneration', `at most population (${options.population})`);
  }
  if (options.finalMutations > options.initialMutations) {
    add('finalMutations', `at most initialMutations (${options.initialMutations})`);
  }
  return errors;
}

/**
 * Options of regularized (aging) evolution. Every key is optional and defaults to NASRec's Criteo setting
 * (SPEC section 5): population 128, generations 240, childrenPerGeneration 8, tournamentSize 64,
 * mutations per child decaying from initialMutations 6 to finalMutations 1, and `objectives` (how candidates
 * are ranked, `SearchObjectivesCodec`; default: primary `loss` only, no constraints). Unknown keys are rejected, and
 * so are contradictions (tournamentSize or childrenPerGeneration above population, finalMutations above
 * initialMutations), each reported at its JSON path by `decodeWith`, e.g.
 * `search.tournamentSize: expected at most population (128), got 200`.
 */
export const RegularizedEvolutionOptionsCodec = new t.Type<Resolved, Encoded, unknown>(
  'RegularizedEvolutionOptions',
  (value): value is Resolved => ResolvedCodec.is(value) && contradictions(value, []).length === 0,
  (input, context) =>
    E.flatMap(ResolvedCodec.validate(input, context), (options) => {
      const errors = contradictions(options, context);
      return errors.length === 0 ? t.success(options) : t.failures(errors);
    }),
  (options) => ResolvedCodec.encode(options),
);
export type RegularizedEvolutionOptions = t.TypeOf<typeof RegularizedEvolutionOptionsCodec>;
