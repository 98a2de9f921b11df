import * as t from 'io-ts';
import { NonNegativeIntCodec, PositiveIntCodec, strictPartial, type NonNegativeInt, type PositiveInt } from '@recnas/core';
import { DEFAULT_PIM_CONFIG_SPACE, HARDWARE_PRESETS, HardwareConfigCodec, PimConfigSpaceCodec, type HardwareConfig, type PimConfigSpace } from '@recnas/pim-sim';
import { ObjectiveConstraintCodec, PRIMARY_LOSS_ONLY, SearchObjectivesCodec, type SearchObjectives } from '@recnas/search-strategies';

/**
 * Objective names a config or the CLI may list (`["logloss", "energy"]`) and the keys they have in the search
 * history: `logloss` (or `loss`) the validation LogLoss, `flops` per example, `latency` seconds and `energy`
 * joules per batch of `hardware.batchSize`, `area` mm^2 of PIM silicon.
 */
export const OBJECTIVE_KEYS: Readonly<Record<string, string>> = { logloss: 'loss', loss: 'loss', flops: 'flops', latency: 'latency', energy: 'energy', area: 'area' };

const ObjectiveNameCodec = t.keyof({ logloss: null, loss: null, flops: null, latency: null, energy: null, area: null }, 'ObjectiveName');

/** `["logloss", "energy"]`: the objectives of a multi-objective (Pareto) search, at least one, no repeats. */
export const ObjectiveListCodec = t.refinement(
  t.array(ObjectiveNameCodec),
  (names) => names.length > 0 && new Set(names.map((name) => OBJECTIVE_KEYS[name])).size === names.length,
  'non-empty list of distinct objectives (logloss, flops, latency, energy, area)',
);

/** `search.objectives`: the scalar ranking object (primary + weights + constraints) or a list of Pareto objectives. */
export const RunObjectivesCodec = t.union([ObjectiveListCodec, SearchObjectivesCodec], 'RunObjectives');
export type RunObjectives = t.TypeOf<typeof RunObjectivesCodec>;

/** `search.constraints`: upper bounds honoured by every strategy, e.g. `[{ "objective": "energy", "max": 0.002 }]`. */
export const RunConstraintsCodec = t.array(ObjectiveConstraintCodec, 'RunConstraints');

const HardwarePresetNameCodec = t.keyof({ hostOnly: null, naivePim: null }, 'HardwarePresetName');

/**
 * Why a PIM config space cannot be searched jointly with the architecture, or undefined: the candidate
 * LogLoss is scored with fake-quantized weights but float activations, so a space offering several
 * activation precisions would let the search buy cheaper bit-serial inputs for free
 * (docs/decisions/0013-pim-co-design.md, "Precision and accuracy").
 */
export function activationPrecisionProblem(space: PimConfigSpace): string | undefined {
  return new Set(space.activationBits).size > 1
    ? `expected one activation precision (the LogLoss is scored with float activations, so searching it would make fewer bits free), got ${space.activationBits.join(', ')}`
    : undefined;
}

/** `hardware.space`: a PIM config space with a single activation precision (see `activationPrecisionProblem`). */
const SearchablePimConfigSpaceCodec = t.refinement(PimConfigSpaceCodec, (space) => activationPrecisionProblem(space) === undefined, 'PimConfigSpace with one activationBits value');

/** Architectures whose hardware is refined exhaustively after the joint search unless `hardware.refine` says otherwise. */
export const DEFAULT_REFINED_ARCHITECTURES = 3 as NonNegativeInt;

/**
 * `hardware.refine`: after the joint evolution, every hardware choice of the space is costed for the
 * `architectures` (default 3, 0 turns it off) lowest-LogLoss architectures, and the cheapest feasible choice
 * per weight-precision plan is added to the history (docs/decisions/0013-pim-co-design.md, "Hardware refinement").
 */
export const RunHardwareRefineCodec = strictPartial({}, { architectures: NonNegativeIntCodec }, 'RunHardwareRefine');

/**
 * The `hardware` section of a run config (issue 13): `config` is a pim-sim hardware config (JSON) or a preset
 * name (`hostOnly`, `naivePim`; default `hostOnly`); `searchHardware` (default true) searches the PIM config
 * `space` (default `DEFAULT_PIM_CONFIG_SPACE`; one activation precision, see `activationPrecisionProblem`)
 * jointly with the architecture, false keeps `config` fixed;
 * `batchSize` (default 512) is the batch the latency and energy objectives are costed at; `refine` (see
 * `RunHardwareRefineCodec`) the post-search hardware refinement.
 */
export const RunHardwareConfigCodec = strictPartial(
  {},
  { config: t.union([HardwarePresetNameCodec, HardwareConfigCodec]), searchHardware: t.boolean, space: SearchablePimConfigSpaceCodec, batchSize: PositiveIntCodec, refine: RunHardwareRefineCodec },
  'RunHardwareConfig',
);

/** The `hardware` section with its defaults filled and the preset resolved. */
export interface ResolvedHardwareSection {
  readonly config: HardwareConfig;
  readonly searchHardware: boolean;
  readonly space: PimConfigSpace;
  readonly batchSize: PositiveInt;
  /** Post-search hardware refinement: how many of the best architectures get every hardware choice costed (0: off). */
  readonly refine: { readonly architectures: NonNegativeInt };
}

/** Fills the defaults of a decoded `hardware` section. */
export function resolveHardwareSection(section: t.TypeOf<typeof RunHardwareConfigCodec>): ResolvedHardwareSection {
  const config = section.config === undefined ? HARDWARE_PRESETS.hostOnly : typeof section.config === 'string' ? HARDWARE_PRESETS[section.config] : section.config;
  return {
    config,
    searchHardware: section.searchHardware ?? true,
    space: section.space ?? DEFAULT_PIM_CONFIG_SPACE,
    batchSize: section.batchSize ?? (512 as PositiveInt),
    refine: { architectures: section.refine?.architectures ?? DEFAULT_REFINED_ARCHITECTURES },
  };
}

/** The Pareto objectives of `search.objectives` as history keys (`["loss", "energy"]`), or undefined for the scalar form. */
export function paretoObjectivesOf(objectives: RunObjectives): string[] | undefined {
  return Array.isArray(objectives) ? objectives.map((name) => OBJECTIVE_KEYS[name] as string) : undefined;
}

/**
 * The scalar ranking a single-objective strategy uses: the object form as given, the list form as its first
 * objective alone (`["logloss", "energy"]` ranks by loss), with `constraints` added.
 */
export function scalarObjectivesOf(objectives: RunObjectives, constraints: ReadonlyArray<t.TypeOf<typeof ObjectiveConstraintCodec>> = []): SearchObjectives {
  if (!Array.isArray(objectives)) return { ...objectives, constraints: [...objectives.constraints, ...constraints] };
  const primary = paretoObjectivesOf(objectives)?.[0] ?? PRIMARY_LOSS_ONLY.primary;
  return { primary, weights: {}, constraints: [...constraints] };
}
