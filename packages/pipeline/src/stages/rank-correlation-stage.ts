import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ArchEncodingCodec, RecnasError, Rng, archHash, isRecnasError, strictPartial, type SearchSpace } from '@recnas/core';
import { bootstrapInterval, computeKendallTau, computeSpearman, type BootstrapInterval, type PairedStatistic } from '@recnas/metrics';
import { sampleArchitecture } from '@recnas/search-strategies';
import { evaluateCtrModel, retrainFromScratch } from '@recnas/supernet';
import { appendJournalLine, readJournal } from '../journal.js';
import type { ResolvedRunConfig } from '../run-config.js';
import { scoreArchitecture, type ScoringContext } from './candidate-scoring.js';
import type { RetrainInputs } from './retrain-stage.js';

export const RANK_CORRELATION_FILE = 'rank-correlation.jsonl';

/**
 * One subnet of the study: its supernet scores (inherited, fine-tuned) and its from-scratch validation LogLoss
 * after `scratchEpochs` epochs (absent in journals written before that setting: `retrain.epochs` then): the mean
 * over `scratchLogLosses`, one per scratch seed (absent before `scratchSeeds`: one seed, the run's).
 */
export const RankedSubnetCodec = strictPartial(
  { index: t.number, archHash: t.string, arch: ArchEncodingCodec, inheritedLogLoss: t.number, fineTunedLogLoss: t.number, scratchLogLoss: t.number },
  { scratchEpochs: t.number, scratchLogLosses: t.array(t.number) },
  'RankedSubnet',
);
export type RankedSubnet = t.TypeOf<typeof RankedSubnetCodec>;

/** Bootstrap resamples per interval, and the intervals' coverage. */
export const RANK_CORRELATION_BOOTSTRAP = { resamples: 1000, confidence: 0.95 } as const;

/** Kendall tau-b and Spearman of one supernet score against the from-scratch LogLoss, with 95% bootstrap intervals. */
export interface RankCorrelationScores {
  readonly kendallTau: number;
  readonly spearman: number;
  /** Percentile-bootstrap intervals over the same 1,000 paired resamples of the subnets for every statistic. */
  readonly intervals: { readonly kendallTau: BootstrapInterval; readonly spearman: BootstrapInterval };
}

/** One subnet as the report plots it: its supernet scores against its from-scratch validation LogLoss. */
export interface RankCorrelationPoint {
  readonly archHash: string;
  readonly inheritedLogLoss: number;
  readonly fineTunedLogLoss: number;
  readonly scratchLogLoss: number;
}

/**
 * Kendall tau-b and Spearman between supernet scores and from-scratch results, without and with fine-tuning,
 * with bootstrap intervals and the per-subnet points. (A summary.json written before the intervals existed
 * has only `subnets` and the four point estimates.)
 */
export interface RankCorrelation {
  readonly subnets: number;
  /** Epochs each subnet was trained from scratch. */
  readonly scratchEpochs: number;
  /** Seeds each subnet was trained from scratch with (its scratch LogLoss is their mean); absent: 1. */
  readonly scratchSeeds?: number;
  readonly inherited: RankCorrelationScores;
  readonly fineTuned: RankCorrelationScores;
  /**
   * With 2 or more scratch seeds: the from-scratch LogLoss of the first seed against the second's, over the
   * same subnets. How well training from scratch agrees with itself bounds what a supernet score can reach.
   */
  readonly scratchAgreement?: RankCorrelationScores;
  readonly points: ReadonlyArray<RankCorrelationPoint>;
}

/**
 * NASRec's rank-correlation study (SPEC section 5): `rankCorrelation.subnets` random subnets, each scored on
 * the validation split with inherited weights and after fine-tuning, and trained from scratch with the
 * retrain recipe for `rankCorrelation.scratchEpochs` epochs, once per scratch seed (`scratchSeeds`; the mean
 * validation LogLoss is its scratch score, and with 2 or more the seeds' agreement is reported); reports
 * Kendall tau-b and Spearman of both supernet scores against the from-scratch validation LogLoss, with 95%
 * percentile-bootstrap intervals (seeded from the run seed). Each subnet is journaled, so a resumed run
 * continues. Fails with INVARIANT (reason constant-input) when a correlation is undefined, e.g. for a single
 * subnet.
 */
export async function runRankCorrelationStage(
  runDir: string,
  config: ResolvedRunConfig,
  space: SearchSpace,
  context: ScoringContext,
  inputs: RetrainInputs,
  onSubnet?: (done: number, total: number) => void,
): Promise<E.Either<RecnasError, { rows: RankedSubnet[]; correlation: RankCorrelation }>> {
  const journal = join(runDir, RANK_CORRELATION_FILE);
  const existing = readJournal(journal, RankedSubnetCodec);
  if (E.isLeft(existing)) return existing;
  const done = new Map(existing.right.entries.map((row) => [row.index, row]));
  const rng = Rng.fromSeed(config.seed).fork('rank-correlation');
  const rows: RankedSubnet[] = [];
  const { scratchEpochs, scratchSeeds } = config.rankCorrelation;
  for (let index = 0; index < config.rankCorrelation.subnets; index++) {
    const arch = sampleArchitecture(space, rng);
    const previous = done.get(index);
    if (
      previous !== undefined &&
      previous.archHash === archHash(arch) &&
      (previous.scratchEpochs ?? config.retrain.epochs) === scratchEpochs &&
      (previous.scratchLogLosses?.length ?? 1) === scratchSeeds
    ) {
      rows.push(previous);
      onSubnet?.(rows.length, config.rankCorrelation.subnets);
      continue;
    }
    const scores = scoreArchitecture(context, arch);
    const scratchLogLosses: number[] = [];
    // Seeds as the retrain stage's: the run's seed, then the next ones (one seed reproduces the earlier study).
    for (let replicate = 0; replicate < scratchSeeds; replicate++) {
      const trained = retrainFromScratch(arch, { ...inputs.modelConfig, seed: config.seed + replicate }, inputs.train, { epochs: scratchEpochs, peakLearningRate: config.retrain.learningRate });
      if (E.isLeft(trained)) return trained;
      scratchLogLosses.push(evaluateCtrModel(trained.right, inputs.validation).logLoss);
      trained.right.dispose();
    }
    const row: RankedSubnet = {
      index,
      archHash: archHash(arch),
      arch,
      inheritedLogLoss: scores.inheritedLogLoss ?? Number.NaN,
      fineTunedLogLoss: scores.validationLogLoss,
      scratchLogLoss: scratchLogLosses.reduce((total, loss) => total + loss, 0) / scratchSeeds,
      scratchEpochs,
      scratchLogLosses,
    };
    if (![row.inheritedLogLoss, row.fineTunedLogLoss, ...scratchLogLosses].every(Number.isFinite)) {
      return E.left(new RecnasError('TRAINING_DIVERGED', `rank correlation: subnet ${index} (${row.archHash}) has a non-finite LogLoss`, { index }));
    }
    const appended = appendJournalLine(journal, row);
    if (E.isLeft(appended)) return appended;
    rows.push(row);
    onSubnet?.(rows.length, config.rankCorrelation.subnets);
  }
  try {
    return E.right({ rows, correlation: correlationOf(rows, scratchEpochs, scratchSeeds, Rng.fromSeed(config.seed).fork('rank-correlation-bootstrap').seed) });
  } catch (error) {
    if (!isRecnasError(error)) throw error;
    return E.left(new RecnasError(error.code, `rank correlation over ${rows.length} subnets: ${error.message}`, error.details, { cause: error }));
  }
}

/** The correlations of the study's rows; every interval uses the same resamples (`bootstrapSeed`). */
function correlationOf(rows: ReadonlyArray<RankedSubnet>, scratchEpochs: number, scratchSeeds: number, bootstrapSeed: number): RankCorrelation {
  const interval = (scores: number[], against: number[], statistic: PairedStatistic): BootstrapInterval =>
    bootstrapInterval(scores, against, statistic, { ...RANK_CORRELATION_BOOTSTRAP, seed: bootstrapSeed });
  const scoresOf = (scores: number[], against: number[] = rows.map((row) => row.scratchLogLoss)): RankCorrelationScores => ({
    kendallTau: computeKendallTau(scores, against),
    spearman: computeSpearman(scores, against),
    intervals: { kendallTau: interval(scores, against, computeKendallTau), spearman: interval(scores, against, computeSpearman) },
  });
  const seedLosses = (replicate: number): number[] => rows.map((row) => row.scratchLogLosses?.[replicate] ?? Number.NaN);
  return {
    subnets: rows.length,
    scratchEpochs,
    ...(scratchSeeds > 1 ? { scratchSeeds, scratchAgreement: scoresOf(seedLosses(0), seedLosses(1)) } : {}),
    inherited: scoresOf(rows.map((row) => row.inheritedLogLoss)),
    fineTuned: scoresOf(rows.map((row) => row.fineTunedLogLoss)),
    points: rows.map(({ archHash: hash, inheritedLogLoss, fineTunedLogLoss, scratchLogLoss }) => ({ archHash: hash, inheritedLogLoss, fineTunedLogLoss, scratchLogLoss })),
  };
}
