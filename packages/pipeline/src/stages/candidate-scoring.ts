import { join } from 'node:path';
import type { ArchEncoding, Batch, Seed } from '@recnas/core';
import type { OperatorRegistry } from '@recnas/operators';
import { countArchCost, loadCheckpoint, restoreSupernet, scoreCandidate, type CtrModelConfig, type CtrSupernet } from '@recnas/supernet';
import { openCtrReader, summariseCtrData, type CtrDataSource } from './ctr-data.js';
import { fineTuneBatches } from './fine-tune-batches.js';
import { SUPERNET_CHECKPOINT_FILE } from './save-supernet.js';
import { SPLITS_FOLDER } from './split-files.js';
import type { CandidateResult } from './search-history.js';
import { orThrow } from '../internal/or-throw.js';
import { withFakeQuantizedWeights } from './quantized-weights-scope.js';
import type { WeightPrecisionPlan } from './weight-precision-plan.js';

/** What a scorer needs, as plain data (it crosses into worker threads). */
export interface ScoringSpec {
  readonly runDir: string;
  /** The supernet checkpoint to score with (default `<runDir>/supernet.ckpt`; a queue worker's local copy). */
  readonly checkpointPath?: string;
  readonly data: CtrDataSource;
  readonly seed: number;
  readonly fineTuneSteps: number;
  readonly fineTuneLearningRate: number;
  readonly fineTuneBatchSize: number;
  /** Where the validation split's batch file is kept (default `<runDir>/splits`; a queue worker's own cache). */
  readonly splitDir?: string;
}

/** A loaded supernet with the data of candidate scoring. */
export interface ScoringContext {
  readonly spec: ScoringSpec;
  readonly supernet: CtrSupernet;
  readonly train: ReadonlyArray<Batch>;
  /** The validation split, streamed from its batch file on every evaluation. */
  readonly validation: Iterable<Batch>;
  readonly costConfig: CtrModelConfig;
}


/**
 * Reads the validation split and the fine-tuning batches, with `supernet` or else the run's `supernet.ckpt`
 * (what a worker thread does).
 */
export async function loadScoringContext(spec: ScoringSpec, registry: OperatorRegistry, loaded?: CtrSupernet): Promise<ScoringContext> {
  const supernet = loaded ?? orThrow(restoreSupernet(orThrow(await loadCheckpoint(spec.checkpointPath ?? join(spec.runDir, SUPERNET_CHECKPOINT_FILE))()), registry));
  const source = { ...spec.data, splitSeed: spec.data.splitSeed ?? (spec.seed as Seed) };
  const reader = orThrow(openCtrReader(source));
  const summary = orThrow(await summariseCtrData(reader, source, spec.splitDir ?? join(spec.runDir, SPLITS_FOLDER)));
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
 * fine-tuning of the final layer (the search objective), plus FLOPs and parameters per example. With a
 * `precision` plan (the candidate's hardware puts operators on ReRAM at fewer than 32 weight bits) both
 * are computed with those operators' weight matrices fake-quantized (`withFakeQuantizedWeights`; the
 * fine-tuned head itself stays float32: docs/decisions/0013-pim-co-design.md, "Precision and accuracy").
 * Deterministic: the same candidate gives the same numbers in any thread and any order.
 */
export function scoreArchitecture(context: ScoringContext, arch: ArchEncoding, precision?: WeightPrecisionPlan): CandidateResult {
  const started = performance.now();
  const { inherited, tuned } = withFakeQuantizedWeights(context.supernet, precision, () => {
    const inheritedScore = orThrow(scoreCandidate(context.supernet, arch, context.train, context.validation, { fineTuneSteps: 0 }));
    const tunedScore =
      context.spec.fineTuneSteps === 0
        ? inheritedScore
        : orThrow(
            scoreCandidate(context.supernet, arch, context.train, context.validation, {
              fineTuneSteps: context.spec.fineTuneSteps,
              peakLearningRate: context.spec.fineTuneLearningRate,
            }),
          );
    return { inherited: inheritedScore, tuned: tunedScore };
  });
  const cost = orThrow(countArchCost(arch, context.costConfig));
  return {
    validationLogLoss: tuned.logLoss,
    inheritedLogLoss: inherited.logLoss,
    flopsPerExample: cost.flopsPerExample,
    params: cost.params,
    seconds: (performance.now() - started) / 1000,
  };
}
