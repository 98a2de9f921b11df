import * as E from 'fp-ts/lib/Either.js';
import { archHash, type ArchEncoding, type RecnasError } from '@recnas/core';
import type { PimChoice } from '@recnas/pim-sim';
import { jointCandidateHash, pimChoiceHash, type JointCandidate } from '@recnas/search-strategies';
import type { PimWorkloadConfig } from '@recnas/supernet';
import type { ResolvedHardwareSection } from '../co-design-config.js';
import { hardwareObjectivesOf, hardwareOfChoice } from './hardware-cost.js';
import type { CandidateResult, SearchHistoryEntry } from './search-history.js';
import { precisionKeyOf, weightPrecisionPlanOf, type WeightPrecisionPlan } from './weight-precision-plan.js';

/**
 * What turns a joint (architecture, hardware choice) pair into a history line: the run's hardware section
 * (base config, space, batch size) and the model the workloads are derived from. Shared by the joint
 * evolution and the hardware refinement so both cost, plan and journal pairs the same way.
 */
export interface CoDesignPairContext {
  readonly hardware: ResolvedHardwareSection;
  readonly modelConfig: PimWorkloadConfig;
}

/** The part of a scoring result a history line keeps (and a resumed run reads back). */
export type ArchScore = Pick<CandidateResult, 'validationLogLoss' | 'inheritedLogLoss' | 'flopsPerExample' | 'params' | 'seconds'>;

/** The joint hash of a history line (`metadata.jointHash`), undefined for a line of a plain search. */
export const jointHashOf = (entry: SearchHistoryEntry): string | undefined => {
  const hash = entry.metadata?.['jointHash'];
  return typeof hash === 'string' ? hash : undefined;
};

/** The score a history line records (its scoring time is not reused: a reused score costs nothing). */
export function scoreOf(entry: SearchHistoryEntry): ArchScore {
  return {
    validationLogLoss: entry.objectives['loss'] ?? Number.NaN,
    ...(entry.inheritedLogLoss === undefined ? {} : { inheritedLogLoss: entry.inheritedLogLoss }),
    flopsPerExample: entry.objectives['flops'] ?? 0,
    params: entry.params ?? 0,
    seconds: 0,
  };
}

/** The space choices are decoded in: null when the hardware is not searched (the base config is costed as given). */
export const searchedSpaceOf = (context: CoDesignPairContext): ResolvedHardwareSection['space'] | null => (context.hardware.searchHardware ? context.hardware.space : null);

/** The weight-precision plan of a pair: the ReRAM-placed operators of its architecture at its chip's weight bits. */
export function precisionOf(context: CoDesignPairContext, architecture: ArchEncoding, choice: PimChoice): E.Either<RecnasError, WeightPrecisionPlan | undefined> {
  return E.flatMap(hardwareOfChoice(searchedSpaceOf(context), choice, context.hardware.config), (hardware) => weightPrecisionPlanOf(architecture, context.modelConfig, hardware));
}

/**
 * One history line of a joint candidate: the architecture's score at the pair's precision and the hardware
 * costs of the pair. `fresh` keeps the scoring time (the first line of a score just computed); `extra`
 * metadata is added after the standard keys (`refined: true` for a refinement pair).
 */
export function jointEntry(
  context: CoDesignPairContext,
  candidate: JointCandidate,
  plan: WeightPrecisionPlan | undefined,
  index: number,
  score: ArchScore,
  fresh: boolean,
  extra: Readonly<Record<string, unknown>> = {},
): E.Either<RecnasError, SearchHistoryEntry> {
  return E.flatMap(hardwareOfChoice(searchedSpaceOf(context), candidate.hardware, context.hardware.config), (hardware) =>
    E.map((costs: { latency: number; energy: number; area: number }) => ({
      index,
      archHash: archHash(candidate.architecture),
      arch: candidate.architecture,
      objectives: {
        ...(Number.isFinite(score.validationLogLoss) ? { loss: score.validationLogLoss } : {}),
        flops: score.flopsPerExample,
        latency: costs.latency,
        energy: costs.energy,
        area: costs.area,
      },
      ...(score.inheritedLogLoss !== undefined && Number.isFinite(score.inheritedLogLoss) ? { inheritedLogLoss: score.inheritedLogLoss } : {}),
      params: score.params,
      seconds: fresh ? score.seconds : 0,
      metadata: { jointHash: jointCandidateHash(candidate), hardwareHash: pimChoiceHash(candidate.hardware), hardware: candidate.hardware as PimChoice, precision: precisionKeyOf(plan), ...extra },
    }))(hardwareObjectivesOf(candidate.architecture, context.modelConfig, hardware, context.hardware.batchSize)),
  );
}
