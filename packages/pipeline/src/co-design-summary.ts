import * as E from 'fp-ts/lib/Either.js';
import type { RecnasError } from '@recnas/core';
import { HARDWARE_PRESETS, type HardwareConfig, type PimChoice } from '@recnas/pim-sim';
import { constraintViolation, paretoFront, type ObjectiveConstraint } from '@recnas/search-strategies';
import type { PimWorkloadConfig } from '@recnas/supernet';
import type { ResolvedHardwareSection } from './co-design-config.js';
import { hardwareObjectivesOf, hardwareOfChoice } from './stages/hardware-cost.js';
import type { SearchHistoryEntry } from './stages/search-history.js';

/** Validation LogLoss a co-designed model may lose against the accuracy-only one (issue 13: "within 0.001"). */
export const CO_DESIGN_LOGLOSS_TOLERANCE = 0.001;

/** One row of the co-design table: a model on a hardware mapping. */
export interface CoDesignRow {
  readonly name: string;
  readonly archHash: string;
  readonly mapping: 'host' | 'naive-pim' | 'co-designed';
  readonly validationLogLoss: number;
  readonly flopsPerExample: number;
  /** Per batch of `batchSize`. */
  readonly latencySeconds: number;
  readonly energyJoules: number;
  readonly areaSquareMillimetres: number;
}

/** Ratios of a reference row over the co-designed row (above 1: the co-designed model is better). */
export interface CoDesignRatios {
  readonly flopsEfficiency: number;
  readonly energyEfficiency: number;
  readonly speedup: number;
}

/** `summary.json`'s `coDesign`: the paper-style table and the points of the Pareto plots. */
export interface CoDesignSummary {
  readonly objectives: ReadonlyArray<string>;
  readonly constraints: ReadonlyArray<ObjectiveConstraint>;
  readonly batchSize: number;
  readonly logLossTolerance: number;
  readonly rows: ReadonlyArray<CoDesignRow>;
  readonly versusHost: CoDesignRatios;
  readonly versusNaivePim: CoDesignRatios;
  /** Co-designed minus accuracy-only validation LogLoss (at most the tolerance by construction). */
  readonly logLossDelta: number;
  readonly chosenHardware: { readonly choice: PimChoice; readonly config: HardwareConfig };
  /** Every evaluated pair with a finite loss, and the indices (into `points`) of the fronts. */
  readonly points: ReadonlyArray<{ readonly index: number; readonly archHash: string; readonly loss: number; readonly energy: number; readonly latency: number; readonly flops: number; readonly feasible: boolean }>;
  readonly frontEnergy: ReadonlyArray<number>;
  readonly frontLatency: ReadonlyArray<number>;
}

const ratios = (reference: CoDesignRow, codesigned: CoDesignRow): CoDesignRatios => ({
  flopsEfficiency: reference.flopsPerExample / codesigned.flopsPerExample,
  energyEfficiency: reference.energyJoules / codesigned.energyJoules,
  speedup: reference.latencySeconds / codesigned.latencySeconds,
});

const hardwareOf = (entry: SearchHistoryEntry): PimChoice => (entry.metadata?.['hardware'] ?? {}) as PimChoice;

function rowOf(entry: SearchHistoryEntry, name: string, mapping: CoDesignRow['mapping'], hardware: HardwareConfig, model: PimWorkloadConfig, batchSize: number): E.Either<RecnasError, CoDesignRow> {
  return E.map((costs: { latency: number; energy: number; area: number }) => ({
    name,
    archHash: entry.archHash,
    mapping,
    validationLogLoss: entry.objectives['loss'] as number,
    flopsPerExample: entry.objectives['flops'] as number,
    latencySeconds: costs.latency,
    energyJoules: costs.energy,
    areaSquareMillimetres: costs.area,
  }))(hardwareObjectivesOf(entry.arch, model, hardware, batchSize));
}

/**
 * The co-design table of a joint search (SPEC section 6, issue 13): the accuracy-only model is the pair with
 * the lowest validation LogLoss (its architecture mapped to the host of the base config, and naively to PIM:
 * `HARDWARE_PRESETS.naivePim` with that host); the co-designed model is, among feasible pairs within
 * `CO_DESIGN_LOGLOSS_TOLERANCE` of that LogLoss, the one with the lowest value of the first hardware objective
 * (energy unless the objectives say latency, flops or area), on its searched hardware. `entries` are every
 * pair of the history, the hardware refinement's (`metadata.refined`) included, so the cheapest choice of the
 * best architectures competes and is plotted. Undefined when no candidate has a finite loss.
 */
export function buildCoDesignSummary(
  entries: ReadonlyArray<SearchHistoryEntry>,
  hardware: ResolvedHardwareSection,
  objectives: ReadonlyArray<string>,
  constraints: ReadonlyArray<ObjectiveConstraint>,
  model: PimWorkloadConfig,
): E.Either<RecnasError, CoDesignSummary | undefined> {
  const scored = entries.filter((entry) => Number.isFinite(entry.objectives['loss']));
  if (scored.length === 0) return E.right(undefined);
  const byLoss = [...scored].sort((a, b) => (a.objectives['loss'] as number) - (b.objectives['loss'] as number) || a.index - b.index);
  const accuracyOnly = byLoss[0] as SearchHistoryEntry;
  const bound = (accuracyOnly.objectives['loss'] as number) + CO_DESIGN_LOGLOSS_TOLERANCE;
  const cost = objectives.find((objective) => objective !== 'loss') ?? 'energy';
  const eligible = byLoss.filter((entry) => (entry.objectives['loss'] as number) <= bound && constraintViolation(entry.objectives, constraints) === 0);
  const pool = eligible.length > 0 ? eligible : [accuracyOnly];
  const value = (entry: SearchHistoryEntry, key: string): number => entry.objectives[key] ?? Number.POSITIVE_INFINITY;
  const codesigned = [...pool].sort((a, b) => value(a, cost) - value(b, cost) || value(a, 'latency') - value(b, 'latency') || a.index - b.index)[0] as SearchHistoryEntry;
  const host: HardwareConfig = { host: hardware.config.host };
  const naive: HardwareConfig = { ...HARDWARE_PRESETS.naivePim, host: hardware.config.host };
  const chosen = hardwareOfChoice(hardware.searchHardware ? hardware.space : null, hardwareOf(codesigned), hardware.config);
  if (E.isLeft(chosen)) return chosen;
  const rows = E.sequenceArray([
    rowOf(accuracyOnly, 'accuracy-only on host', 'host', host, model, hardware.batchSize),
    rowOf(accuracyOnly, 'accuracy-only, naive PIM', 'naive-pim', naive, model, hardware.batchSize),
    rowOf(codesigned, 'co-designed', 'co-designed', chosen.right, model, hardware.batchSize),
  ]);
  if (E.isLeft(rows)) return rows;
  const [onHost, onNaivePim, coDesigned] = rows.right as [CoDesignRow, CoDesignRow, CoDesignRow];
  const points = scored.map((entry) => ({
    index: entry.index,
    archHash: entry.archHash,
    loss: entry.objectives['loss'] as number,
    energy: value(entry, 'energy'),
    latency: value(entry, 'latency'),
    flops: value(entry, 'flops'),
    feasible: constraintViolation(entry.objectives, constraints) === 0,
  }));
  const feasible = points.filter((point) => point.feasible);
  const front = (key: 'energy' | 'latency'): number[] => paretoFront(feasible.map((point) => ({ loss: point.loss, [key]: point[key] })), ['loss', key]).map((at) => (feasible[at] as { index: number }).index);
  return E.right({
    objectives: [...objectives],
    constraints: [...constraints],
    batchSize: hardware.batchSize,
    logLossTolerance: CO_DESIGN_LOGLOSS_TOLERANCE,
    rows: [onHost, onNaivePim, coDesigned],
    versusHost: ratios(onHost, coDesigned),
    versusNaivePim: ratios(onNaivePim, coDesigned),
    logLossDelta: coDesigned.validationLogLoss - onHost.validationLogLoss,
    chosenHardware: { choice: hardwareOf(codesigned), config: chosen.right },
    points,
    frontEnergy: front('energy'),
    frontLatency: front('latency'),
  });
}
