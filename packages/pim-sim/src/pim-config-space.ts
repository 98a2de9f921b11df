import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { RecnasError, decodeWith, strictType, type ChoiceMap } from '@recnas/core';
import { DRAM_PIM_PRESETS } from './dram-pim.js';
import { decodeHardwareConfig, type HardwareConfig } from './hardware-config.js';
import { WORKLOAD_KINDS, type WorkloadKind } from './operator-workload.js';
import { PimDeviceCodec, canRun, type PimDevice } from './placement.js';
import { ADC_BITS_RANGE } from './reram-adc.js';
import { DEFAULT_RERAM_PIM } from './reram-crossbar.js';
import { integerInRange, ruleError } from './internal/number-codecs.js';

const Devices = t.array(PimDeviceCodec);
const Integers = (min: number, max: number): t.ArrayC<t.Type<number, number, unknown>> => t.array(integerInRange(min, max));

const FieldsCodec = strictType(
  {
    placement: strictType({ matrix: Devices, 'embedding-gather': Devices, elementwise: Devices, attention: Devices }, 'PlacementChoices'),
    crossbarSize: Integers(1, 4096),
    adcBits: Integers(ADC_BITS_RANGE.min, ADC_BITS_RANGE.max),
    weightBits: Integers(1, 32),
    activationBits: Integers(1, 32),
    reramTiles: Integers(1, 1_000_000),
    dramPimUnits: Integers(1, 1_000_000),
  },
  'PimConfigSpace',
);
type Fields = t.TypeOf<typeof FieldsCodec>;

function spaceErrors(space: Fields, context: t.Context): t.ValidationError[] {
  const errors: t.ValidationError[] = [];
  const at = (key: string): t.Context => [...context, { key, type: t.unknown, actual: undefined }];
  for (const kind of WORKLOAD_KINDS) {
    const devices = space.placement[kind];
    if (devices.length === 0) errors.push(ruleError(at('placement'), kind, 'at least one device', devices));
    devices.forEach((device, index) => {
      if (!canRun(device, kind)) errors.push(ruleError([...at('placement'), { key: kind, type: Devices, actual: devices }], String(index), `a device that runs ${kind} operators`, device));
    });
  }
  for (const key of ['crossbarSize', 'adcBits', 'weightBits', 'activationBits', 'reramTiles', 'dramPimUnits'] as const) {
    if (space[key].length === 0) errors.push(ruleError(context, key, 'at least one value', space[key]));
  }
  return errors;
}

/**
 * The PIM hardware choices searched jointly with the architecture (SPEC section 6; issue 13 part 3), as data:
 * the devices each workload kind may be placed on, and the values of the ReRAM crossbar size, ADC bits,
 * weight and activation precision, tile count and DRAM-PIM unit count. Each list must be non-empty and
 * each placement device must be able to run its kind.
 */
export const PimConfigSpaceCodec = new t.Type<Fields, t.OutputOf<typeof FieldsCodec>, unknown>(
  'PimConfigSpace',
  FieldsCodec.is,
  (input, context) =>
    E.flatMap(FieldsCodec.validate(input, context), (space) => {
      const errors = spaceErrors(space, context);
      return errors.length === 0 ? t.success(space) : t.failures(errors);
    }),
  FieldsCodec.encode,
);
export type PimConfigSpace = t.TypeOf<typeof PimConfigSpaceCodec>;

/** Decodes a PIM configuration space; CONFIG_INVALID names each bad value by its JSON path. */
export function decodePimConfigSpace(input: unknown): E.Either<RecnasError, PimConfigSpace> {
  return decodeWith(PimConfigSpaceCodec, input, 'PIM config space');
}

/**
 * The default space: placement host or PIM per kind (attention stays on the host), crossbars of 64, 128 or
 * 256, ADCs of 4 to 8 bits (costed lossless: a narrow ADC pays in partial-sum reads, `partialSumSplit`),
 * 4-, 8- or 16-bit weights (the co-design search scores the LogLoss with the weights fake-quantized),
 * 8-bit activations only (DNN+NeuroSim's default; the LogLoss does not see activation precision, so it is
 * not searched: docs/decisions/0013-pim-co-design.md, "Precision and accuracy"), 64 to 512 ReRAM tiles
 * (MNSIM's 256 in the middle) and 2 to 16 DRAM-PIM ranks (RecNMP's 8 in the middle).
 */
export const DEFAULT_PIM_CONFIG_SPACE: PimConfigSpace = {
  placement: { matrix: ['host', 'reram-pim'], 'embedding-gather': ['host', 'dram-pim'], elementwise: ['host', 'dram-pim'], attention: ['host'] },
  crossbarSize: [64, 128, 256],
  adcBits: [4, 5, 6, 7, 8],
  weightBits: [4, 8, 16],
  activationBits: [8],
  reramTiles: [64, 128, 256, 512],
  dramPimUnits: [2, 4, 8, 16],
};

/** A sampled point of a PIM config space: label -> value, labels as `enumeratePimChoices` names them. */
export type PimChoice = Readonly<Record<string, string | number | boolean>>;

const NUMERIC_LABELS = {
  'reramPim.crossbarSize': 'crossbarSize',
  'reramPim.adcBits': 'adcBits',
  'reramPim.weightBits': 'weightBits',
  'reramPim.activationBits': 'activationBits',
  'reramPim.tiles': 'reramTiles',
  'dramPim.units': 'dramPimUnits',
} as const;

/**
 * Every choice of `space` as a flat `label -> one-of` map (core's `ChoiceMap`, as `enumerateChoices` gives for
 * architectures), so a strategy mutates hardware like architecture: `placement.<kind>`, `reramPim.crossbarSize`,
 * `reramPim.adcBits`, `reramPim.weightBits`, `reramPim.activationBits`, `reramPim.tiles`, `dramPim.units`.
 */
export function enumeratePimChoices(space: PimConfigSpace): ChoiceMap {
  const choices: Record<string, ChoiceMap[string]> = {};
  for (const kind of WORKLOAD_KINDS) choices[`placement.${kind}`] = { kind: 'one-of', values: space.placement[kind] };
  for (const [label, key] of Object.entries(NUMERIC_LABELS)) choices[label] = { kind: 'one-of', values: space[key] };
  return choices;
}

function choiceProblems(choices: ChoiceMap, choice: PimChoice): string[] {
  const problems: string[] = [];
  for (const [label, options] of Object.entries(choices)) {
    const value = choice[label];
    if (options.kind === 'one-of' && (value === undefined || !options.values.includes(value))) {
      problems.push(`${label}: expected one of ${options.values.join(', ')}, got ${value === undefined ? 'nothing' : JSON.stringify(value)}`);
    }
  }
  for (const label of Object.keys(choice)) if (!Object.hasOwn(choices, label)) problems.push(`${label}: expected no such key (unknown choice), got ${JSON.stringify(choice[label])}`);
  return problems;
}

/**
 * The hardware config a choice selects: `base` (host, device physics, byId / byOperatorId rules) with the
 * chosen placement per kind, ReRAM crossbar size, ADC bits, precisions and tiles, and DRAM-PIM units (a
 * device the base lacks starts from its default). CONFIG_INVALID when a value is missing, unknown or not in
 * the space, with its label.
 */
export function decodePimChoice(space: PimConfigSpace, choice: PimChoice, base: HardwareConfig): E.Either<RecnasError, HardwareConfig> {
  const problems = choiceProblems(enumeratePimChoices(space), choice);
  if (problems.length > 0) return E.left(new RecnasError('CONFIG_INVALID', `PIM choice is invalid:\n${problems.join('\n')}`, { problems }));
  const number = (label: keyof typeof NUMERIC_LABELS): number => choice[label] as number;
  const byKind = Object.fromEntries(WORKLOAD_KINDS.map((kind): [WorkloadKind, PimDevice] => [kind, choice[`placement.${kind}`] as PimDevice]));
  return decodeHardwareConfig({
    ...base,
    placement: { ...base.placement, byKind },
    reramPim: {
      ...(base.reramPim ?? DEFAULT_RERAM_PIM),
      crossbarSize: number('reramPim.crossbarSize'),
      adcBits: number('reramPim.adcBits'),
      weightBits: number('reramPim.weightBits'),
      activationBits: number('reramPim.activationBits'),
      tiles: number('reramPim.tiles'),
    },
    dramPim: { ...(base.dramPim ?? DRAM_PIM_PRESETS.rankLevel), units: number('dramPim.units') },
  });
}
