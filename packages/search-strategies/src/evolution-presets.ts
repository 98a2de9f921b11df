import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { RecnasError, decodeWith } from '@recnas/core';
import { RegularizedEvolutionOptionsCodec, type RegularizedEvolutionOptions } from './regularized-evolution-options.js';

/**
 * Named evolution settings. `nasrec`: NASRec's Criteo search (population 128, 240 generations, 8 children,
 * tournament 64, mutations 6 -> 1; 2,048 evaluations). `small`: for the 8,000-row Criteo sample of SPEC
 * section 9, where each evaluation is a fine-tune on a tiny split: population 16, 6 generations of
 * 4 children, tournament 8 (half the population, NASRec's ratio), mutations 3 -> 1; 16 + 6 x 4 = 40
 * evaluations, so a CPU smoke search finishes in minutes.
 */
const PRESETS: Readonly<Record<string, unknown>> = {
  nasrec: {},
  small: { population: 16, generations: 6, childrenPerGeneration: 4, tournamentSize: 8, initialMutations: 3, finalMutations: 1 },
};

export const EvolutionPresetNameCodec = t.keyof({ small: null, nasrec: null }, 'EvolutionPresetName');
export type EvolutionPresetName = t.TypeOf<typeof EvolutionPresetNameCodec>;

/** The names `evolutionPreset` accepts. */
export const EVOLUTION_PRESET_NAMES: ReadonlyArray<EvolutionPresetName> = ['small', 'nasrec'];

/** The resolved options of preset `name`; CONFIG_INVALID listing the known names for any other name. */
export function evolutionPreset(name: string): E.Either<RecnasError, RegularizedEvolutionOptions> {
  const preset = EvolutionPresetNameCodec.is(name) ? PRESETS[name] : undefined;
  if (preset === undefined) {
    return E.left(new RecnasError('CONFIG_INVALID', `unknown evolution preset "${name}" (known: ${EVOLUTION_PRESET_NAMES.join(', ')})`, { name }));
  }
  return decodeWith(RegularizedEvolutionOptionsCodec, preset, `evolution preset ${name}`);
}
