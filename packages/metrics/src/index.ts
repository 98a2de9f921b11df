/**
 * @recnas/metrics: exact, fast, pure metrics for CTR prediction (AUC, LogLoss, NE, calibration), leave-one-out
 * sequential recommendation (HR@K, NDCG@K, MRR from 1-based target ranks) and NAS rank agreement (Kendall
 * tau-b, Spearman, with seeded percentile-bootstrap intervals). Every failure is a RecnasError with code
 * `INVARIANT` and `details.reason` saying why.
 * @example
 * import { bootstrapInterval, computeAuc, computeKendallTau, computeLogLoss, rankTarget, summarizeRanking } from '@recnas/metrics';
 * computeAuc(new Float32Array([0.1, 0.4, 0.35, 0.8]), [0, 0, 1, 1]); // 0.75
 * computeLogLoss([0.9, 0.2], [1, 0]); // 0.1642... nats
 * const rank = rankTarget([0.1, 0.9, 0.5, 0.7], 2, { exclude: [1] }); // { rank: 2, candidates: 3, protocol: 'full' }
 * summarizeRanking([rank], [5, 10]); // { protocol: 'full', users: 1, hitRate: { 5: 1, 10: 1 }, ndcg, mrr: 0.5 }
 * computeKendallTau([1, 2, 3, 4], [1, 3, 2, 4]); // 0.666...
 * bootstrapInterval([1, 2, 3, 4], [1, 3, 2, 4], computeKendallTau, { seed: 7 }); // { low, high, confidence: 0.95, resamples: 1000, skipped }
 */
export { computeAuc, type AucOptions } from './auc.js';
export { AucAccumulator } from './auc-accumulator.js';
export { computeLogLoss, LOG_LOSS_EPSILON, type ProbabilityMetricOptions } from './log-loss.js';
export { computeNormalizedEntropy } from './normalized-entropy.js';
export { computeCalibration } from './calibration.js';
export { rankTarget, type RankTargetOptions, type RankingProtocol, type TargetRank } from './rank-target.js';
export { rankTargetSampled, type RankTargetSampledOptions } from './rank-target-sampled.js';
export { rankTargetsFull, type RankTargetsFullOptions, type ExcludedItems } from './rank-targets-full.js';
export { computeHitRate, computeNdcg, computeMrr, summarizeRanking, type RankingSummary } from './ranking-metrics.js';
export { computeKendallTau } from './kendall-tau.js';
export { computeSpearman } from './spearman.js';
/** Seeded percentile-bootstrap confidence interval of a paired statistic (Kendall tau, Spearman), skipping resamples where it is undefined. */
export { bootstrapInterval, type BootstrapInterval, type BootstrapIntervalOptions, type PairedStatistic } from './bootstrap-interval.js';
