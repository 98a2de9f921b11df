import * as E from 'fp-ts/lib/Either.js';
import {
  NASREC_FULL_SPACE,
  NASREC_SMALL_SPACE,
  RecnasError,
  archHash,
  decodeArchEncoding,
  fieldsOfKind,
  withBlockCount,
  type ArchEncoding,
  type SearchSpace,
} from '@recnas/core';
import { avazuPreset, criteoPreset, kdd2012Preset, type CtrPreset } from '@recnas/data-loaders';
import { createOperatorRegistry, registerBuiltinOperators } from '@recnas/operators';
import { countArchCost, importNasrecArchitecture, type ArchCost } from '@recnas/supernet';
import { decodeHardwareConfig, type ArchitectureCostReport, type HardwareConfig } from '@recnas/pim-sim';
import { costArchitectureOn } from './hardware-cost.js';

const DATASETS: Readonly<Record<string, () => CtrPreset>> = { criteo: criteoPreset, avazu: avazuPreset, kdd2012: kdd2012Preset };
const SPACES: Readonly<Record<string, SearchSpace>> = { [NASREC_FULL_SPACE.id]: NASREC_FULL_SPACE, [NASREC_SMALL_SPACE.id]: NASREC_SMALL_SPACE };

/** What `recnas flops` prints: the architecture (in the recnas encoding), its hash and its cost. */
export interface ArchitectureMeasurement {
  readonly arch: ArchEncoding;
  readonly archHash: string;
  readonly dataset: string;
  /** `official-nasrec` when the input was NASRec's JSON format, `recnas` otherwise. */
  readonly inputFormat: 'recnas' | 'official-nasrec';
  readonly cost: ArchCost;
}

type CostModel = Parameters<typeof countArchCost>[1];

/** Accepts the recnas encoding or the official NASRec JSON (recognised by its `micro` and `macro` keys). */
function decodeAnyArchitecture(json: unknown): E.Either<RecnasError, { arch: ArchEncoding; inputFormat: ArchitectureMeasurement['inputFormat'] }> {
  const official = typeof json === 'object' && json !== null && 'micro' in json && 'macro' in json;
  return official
    ? E.map((arch: ArchEncoding) => ({ arch, inputFormat: 'official-nasrec' as const }))(importNasrecArchitecture(json))
    : E.map((arch: ArchEncoding) => ({ arch, inputFormat: 'recnas' as const }))(decodeArchEncoding(json));
}

/**
 * Per-example FLOPs and parameters of an architecture on a dataset's shapes (dense feature count,
 * categorical vocabularies), from the operators' cost functions (docs/decisions/0005-flops-counting.md).
 */
export function measureArchitecture(json: unknown, dataset: string): E.Either<RecnasError, ArchitectureMeasurement> {
  return E.map(({ measurement }: { measurement: ArchitectureMeasurement }) => measurement)(measureWithModel(json, dataset));
}

function measureWithModel(json: unknown, dataset: string): E.Either<RecnasError, { measurement: ArchitectureMeasurement; model: CostModel }> {
  const preset = DATASETS[dataset];
  if (preset === undefined) {
    return E.left(new RecnasError('USAGE', `dataset: expected one of ${Object.keys(DATASETS).join(', ')}, got "${dataset}"`));
  }
  return E.flatMap(decodeAnyArchitecture(json), ({ arch, inputFormat }) => {
    const baseSpace = SPACES[arch.space];
    if (baseSpace === undefined) {
      return E.left(new RecnasError('CONFIG_INVALID', `architecture.space: expected one of ${Object.keys(SPACES).join(', ')}, got "${arch.space}"`));
    }
    const registry = createOperatorRegistry();
    const registered = registerBuiltinOperators(registry);
    if (E.isLeft(registered)) return registered;
    const { schema, vocabSizes } = preset();
    const model = {
      space: withBlockCount(baseSpace, arch.blocks.length as SearchSpace['blocks']),
      registry,
      denseFeatures: fieldsOfKind(schema, 'dense').length,
      sparseFields: vocabSizes,
    };
    const cost = countArchCost(arch, model);
    return E.map((value: ArchCost) => ({ measurement: { arch, archHash: archHash(arch), dataset, inputFormat, cost: value }, model }))(cost);
  });
}

/** What `recnas cost` prints: the architecture measurement, the hardware config and pim-sim's per-operator report. */
export interface HardwareCostMeasurement {
  readonly measurement: ArchitectureMeasurement;
  readonly hardware: HardwareConfig;
  readonly batchSize: number;
  readonly report: ArchitectureCostReport;
}

/**
 * Latency, energy, area and FLOPs of an architecture on a hardware config (pim-sim, docs/pim-model.md), per
 * operator and in total, for one batch of `batchSize` examples. A bad hardware JSON is CONFIG_INVALID naming
 * each bad value by its JSON path (`placement.byKind.matrix: ...`).
 */
export function measureHardwareCost(archJson: unknown, hardwareJson: unknown, dataset: string, batchSize: number): E.Either<RecnasError, HardwareCostMeasurement> {
  return E.flatMap(decodeHardwareConfig(hardwareJson), (hardware) =>
    E.flatMap(measureWithModel(archJson, dataset), ({ measurement, model }) =>
      E.map((report: ArchitectureCostReport) => ({ measurement, hardware, batchSize, report }))(costArchitectureOn(measurement.arch, model, hardware, batchSize)),
    ),
  );
}
