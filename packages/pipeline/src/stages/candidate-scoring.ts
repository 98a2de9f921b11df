import { join } from 'node:path';
import type { ArchEncoding, Batch, Seed } from '@recnas/core';
import type { OperatorRegistry } from '@recnas/operators';
import { countArchCost, loadCheckpoint, restoreSupernet, scoreCandidate, type CtrModelConfig, type CtrSupernet } from '@recnas/supernet';
import { openCtrReader, summariseCtrData, type CtrDataSource } from './ctr-data.js';
import { fineTuneBatches } from './fine-tune-batches.js';
import { SUPERNET_CHECKPOINT_FILE } from './save-supernet.js';
import type { CandidateResult } from './search-history.js';
import { orThrow } from '../internal/or-throw.js';

/** What a scorer needs, as plain data (it crosses into worker threads). */
export interface ScoringSpec {
  readonly runDir: string;
  readonly data: CtrDataSource;
  readonly seed: number;
  readonly fineTuneSteps: number;
  readonly fineTuneLearningRate: number;
  readonly fineTuneBatchSize: number;
}

/** A loaded supernet with the data of candidate scoring. */
export interface ScoringContext {
  readonly spec: ScoringSpec;
  readonly supernet: CtrSupernet;
  readonly train: ReadonlyArray<Batch>;
  readonly validation: ReadonlyArray<Batch>;
  readonly costConfig: CtrModelConfig;
}


/**
 * Reads the validation split and the fine-tuning batches, with `supernet` or else the run's `supernet.ckpt`
 * (what a worker thread does).
 */
export async function loadScoringContext(spec: ScoringSpec, registry: OperatorRegistry, loaded?: CtrSupernet): Promise<ScoringContext> {
  const supernet = loaded ?? orThrow(restoreSupernet(orThrow(await loadCheckpoint(join(spec.runDir, SUPERNET_CHECKPOINT_FILE))()), registry));
  const source = { ...spec.data, splitSeed: spec.data.splitSeed ?? (spec.seed as Seed) };
  const reader = orThrow(openCtrReader(source));
  const summary = orThrow(await summariseCtrData(reader, source));
  const train = await fineTuneBatches(reader, source, spec.fineTuneSteps, spec.fineTuneBatchSize, spec.seed);
  const costConfig: CtrModelConfig = {
    space: supernet.space,
    registry,
    denseFeatures: reader.denseFields.length,
    sparseFields: reader.vocabSizes,
    seed: spec.seed,
  };
  return { spec, supernet, train, validation: summary.validation, costConfig };
}

/**
 * Scores one candidate: validation LogLoss with inherited weights, and after NASRec's post-training
 * fine-tuning of the final layer (the search objective), plus FLOPs and parameters per example.
 * Deterministic: the same candidate gives the same numbers in any thread and any order.
 */
export function scoreArchitecture(context: ScoringContext, arch: ArchEncoding): CandidateResult {
  const started = performance.now();
  const inherited = orThrow(scoreCandidate(context.supernet, arch, context.train, context.validation, { fineTuneSteps: 0 }));
  const tuned =
    context.spec.fineTuneSteps === 0
      ? inherited
      : orThrow(
          scoreCandidate(context.supernet, arch, context.train, context.validation, {
            fineTuneSteps: context.spec.fineTuneSteps,
            peakLearningRate: context.spec.fineTuneLearningRate,
          }),
        );
  const cost = orThrow(countArchCost(arch, context.costConfig));
  return {
    validationLogLoss: tuned.logLoss,
    inheritedLogLoss: inherited.logLoss,
    flopsPerExample: cost.flopsPerExample,
    params: cost.params,
    seconds: (performance.now() - started) / 1000,
  };
}
