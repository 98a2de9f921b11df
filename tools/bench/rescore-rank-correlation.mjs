#!/usr/bin/env node
// Rescores a finished rank-correlation study with other fine-tuning settings (decision 0022): the run's supernet
// scores the same subnets again with the given fine-tuning, against the from-scratch losses the study journaled,
// so a fine-tuning recipe is compared on a large dataset without training any subnet from scratch again.
// Prints one JSON line: the settings, Kendall tau-b and Spearman with 95% bootstrap intervals (the run's bootstrap
// seed, so the intervals are paired with the study's).
// Usage: node tools/bench/rescore-rank-correlation.mjs <run-dir> <fineTuneSteps> [fineTuneLearningRate] [fineTuneBatchSize]
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { Rng } from '@recnas/core';
import { initBackend } from '@recnas/engine';
import { bootstrapInterval, computeKendallTau, computeSpearman } from '@recnas/metrics';
import { RANK_CORRELATION_FILE, RankedSubnetCodec, builtinRegistry, decodeRunConfig, loadScoringContext, readJournal, readRunManifest, scoreArchitecture, scoringSpec } from '@recnas/pipeline';

const [runDir, steps, learningRate, batchSize] = process.argv.slice(2);
if (runDir === undefined || steps === undefined) {
  console.error('usage: node tools/bench/rescore-rank-correlation.mjs <run-dir> <fineTuneSteps> [fineTuneLearningRate] [fineTuneBatchSize]');
  process.exit(2);
}
const orThrow = (either) => {
  if (E.isLeft(either)) throw either.left;
  return either.right;
};
await initBackend({ backend: process.env.RECNAS_BACKEND ?? 'native', logger: () => undefined });
const manifest = orThrow(readRunManifest(runDir));
const config = orThrow(decodeRunConfig(manifest.config));
const rows = orThrow(readJournal(join(runDir, RANK_CORRELATION_FILE), RankedSubnetCodec)).entries;
const search = {
  ...config.search,
  fineTuneSteps: Number(steps),
  ...(learningRate === undefined ? {} : { fineTuneLearningRate: Number(learningRate) }),
  ...(batchSize === undefined ? {} : { fineTuneBatchSize: Number(batchSize) }),
};
const registry = builtinRegistry();
if (E.isLeft(registry)) throw registry.left;
const context = await loadScoringContext(scoringSpec(runDir, { ...config, search }), registry.right);
const started = performance.now();
const scores = rows.map((row) => scoreArchitecture(context, row.arch).validationLogLoss);
const scratch = rows.map((row) => row.scratchLogLoss);
const seed = Rng.fromSeed(config.seed).fork('rank-correlation-bootstrap').seed;
const interval = (statistic) => {
  const { low, high } = bootstrapInterval(scores, scratch, statistic, { resamples: 1000, confidence: 0.95, seed });
  return [Number(low.toFixed(3)), Number(high.toFixed(3))];
};
console.log(
  JSON.stringify({
    runDir,
    subnets: rows.length,
    fineTuneSteps: search.fineTuneSteps,
    fineTuneLearningRate: search.fineTuneLearningRate,
    fineTuneBatchSize: search.fineTuneBatchSize,
    kendallTau: Number(computeKendallTau(scores, scratch).toFixed(3)),
    kendallTauInterval: interval(computeKendallTau),
    spearman: Number(computeSpearman(scores, scratch).toFixed(3)),
    spearmanInterval: interval(computeSpearman),
    secondsPerSubnet: Number(((performance.now() - started) / 1000 / rows.length).toFixed(1)),
  }),
);
context.supernet.dispose();
