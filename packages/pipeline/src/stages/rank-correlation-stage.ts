import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { ArchEncodingCodec, RecnasError, Rng, archHash, strictType, type SearchSpace } from '@recnas/core';
import { computeKendallTau, computeSpearman } from '@recnas/metrics';
import { sampleArchitecture } from '@recnas/search-strategies';
import { evaluateCtrModel, retrainFromScratch } from '@recnas/supernet';
import { appendJournalLine, readJournal } from '../journal.js';
import type { ResolvedRunConfig } from '../run-config.js';
import { scoreArchitecture, type ScoringContext } from './candidate-scoring.js';
import type { RetrainInputs } from './retrain-stage.js';

export const RANK_CORRELATION_FILE = 'rank-correlation.jsonl';

/** One subnet of the study: its supernet scores (inherited, fine-tuned) and its from-scratch validation LogLoss. */
export const RankedSubnetCodec = strictType(
  { index: t.number, archHash: t.string, arch: ArchEncodingCodec, inheritedLogLoss: t.number, fineTunedLogLoss: t.number, scratchLogLoss: t.number },
  'RankedSubnet',
);
export type RankedSubnet = t.TypeOf<typeof RankedSubnetCodec>;

/** Kendall tau-b and Spearman between supernet scores and from-scratch results, without and with fine-tuning. */
export interface RankCorrelation {
  readonly subnets: number;
  readonly inherited: { readonly kendallTau: number; readonly spearman: number };
  readonly fineTuned: { readonly kendallTau: number; readonly spearman: number };
}

/**
 * NASRec's rank-correlation study (SPEC section 5): `rankCorrelation.subnets` random subnets, each scored on
 * the validation split with inherited weights and after fine-tuning, and trained from scratch with the
 * retrain recipe; reports Kendall tau and Spearman of both supernet scores against the from-scratch
 * validation LogLoss. Each subnet is journaled, so a resumed run continues.
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
  for (let index = 0; index < config.rankCorrelation.subnets; index++) {
    const arch = sampleArchitecture(space, rng);
    const previous = done.get(index);
    if (previous !== undefined && previous.archHash === archHash(arch)) {
      rows.push(previous);
      onSubnet?.(rows.length, config.rankCorrelation.subnets);
      continue;
    }
    const scores = scoreArchitecture(context, arch);
    const trained = retrainFromScratch(arch, inputs.modelConfig, [...inputs.train], { epochs: config.retrain.epochs, peakLearningRate: config.retrain.learningRate });
    if (E.isLeft(trained)) return trained;
    const scratch = evaluateCtrModel(trained.right, inputs.validation);
    trained.right.dispose();
    const row: RankedSubnet = {
      index,
      archHash: archHash(arch),
      arch,
      inheritedLogLoss: scores.inheritedLogLoss ?? Number.NaN,
      fineTunedLogLoss: scores.validationLogLoss,
      scratchLogLoss: scratch.logLoss,
    };
    if (![row.inheritedLogLoss, row.fineTunedLogLoss, row.scratchLogLoss].every(Number.isFinite)) {
      return E.left(new RecnasError('TRAINING_DIVERGED', `rank correlation: subnet ${index} (${row.archHash}) has a non-finite LogLoss`, { index }));
    }
    const appended = appendJournalLine(journal, row);
    if (E.isLeft(appended)) return appended;
    rows.push(row);
    onSubnet?.(rows.length, config.rankCorrelation.subnets);
  }
  const scratch = rows.map((row) => row.scratchLogLoss);
  const pair = (scores: number[]) => ({ kendallTau: computeKendallTau(scores, scratch), spearman: computeSpearman(scores, scratch) });
  return E.right({
    rows,
    correlation: { subnets: rows.length, inherited: pair(rows.map((row) => row.inheritedLogLoss)), fineTuned: pair(rows.map((row) => row.fineTunedLogLoss)) },
  });
}
