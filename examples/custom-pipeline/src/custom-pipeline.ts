import { mkdirSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, Rng, archHash, type ArchEncoding, type Seed } from '@recnas/core';
import {
  builtinRegistry,
  decodeRunConfig,
  loadScoringContext,
  openCtrReader,
  readSplits,
  runSupernetStage,
  scoreArchitecture,
  scoringSpec,
} from '@recnas/pipeline';
import { sampleArchitecture } from '@recnas/search-strategies';
import { baselineArchitecture, evaluateCtrModel, retrainFromScratch, type CtrModelConfig } from '@recnas/supernet';

/** A random candidate scored with the supernet's weights (after fine-tuning the final layer). */
export interface ScoredCandidate {
  readonly archHash: string;
  readonly arch: ArchEncoding;
  readonly validationLogLoss: number;
  readonly flopsPerExample: number;
}

/** A model retrained from scratch and scored on the test split. */
export interface TestedModel {
  readonly name: string;
  readonly archHash: string;
  readonly testLogLoss: number;
  readonly testAuc: number;
}

export interface CustomPipelineResult {
  readonly candidates: ReadonlyArray<ScoredCandidate>;
  readonly best: ScoredCandidate;
  /** The best candidate (`searched`) and the DLRM baseline, same recipe and budget. */
  readonly models: ReadonlyArray<TestedModel>;
}

export interface CustomPipelineOptions {
  /** Where the supernet stage writes `supernet.ckpt` (and its snapshots: rerunning resumes). */
  readonly runDir: string;
  /** Random architectures to score (default 8). */
  readonly candidates?: number;
}

function orThrow<A>(value: E.Either<RecnasError, A>): A {
  if (E.isLeft(value)) throw value.left;
  return value.right;
}

/**
 * The NASRec flow by hand, instead of `runPipeline`: train the supernet, score random architectures with
 * inherited weights, then retrain the best one and DLRM from scratch and compare them on the test split.
 * `config` is a run config (`decodeRunConfig`: every key optional). The backend must be initialised first.
 */
export async function runCustomPipeline(config: unknown, options: CustomPipelineOptions): Promise<E.Either<RecnasError, CustomPipelineResult>> {
  try {
    return E.right(await customPipeline(config, options));
  } catch (error) {
    if (error instanceof RecnasError) return E.left(error);
    return E.left(new RecnasError('INVARIANT', `custom pipeline failed: ${(error as Error).message}`, {}, { cause: error }));
  }
}

async function customPipeline(input: unknown, options: CustomPipelineOptions): Promise<CustomPipelineResult> {
  const config = orThrow(decodeRunConfig(input));
  const registry = orThrow(builtinRegistry());
  mkdirSync(options.runDir, { recursive: true });
  // 1. The weight-sharing supernet (resumable from its snapshots in runDir).
  const { supernet } = orThrow(await runSupernetStage(options.runDir, config, registry));
  try {
    // 2. Random candidates, each scored like the search does (fine-tuning steps from `search.fineTuneSteps`).
    const context = await loadScoringContext(scoringSpec(options.runDir, config), registry, supernet);
    const rng = Rng.fromSeed(config.seed).fork('custom-pipeline');
    const candidates = Array.from({ length: options.candidates ?? 8 }, () => {
      const arch = sampleArchitecture(supernet.space, rng);
      const score = scoreArchitecture(context, arch);
      return { archHash: archHash(arch), arch, validationLogLoss: score.validationLogLoss, flopsPerExample: score.flopsPerExample };
    });
    const finite = candidates.filter((candidate) => Number.isFinite(candidate.validationLogLoss));
    const best = finite.reduce<ScoredCandidate | undefined>((a, b) => (a === undefined || b.validationLogLoss < a.validationLogLoss ? b : a), undefined);
    if (best === undefined) throw new RecnasError('TRAINING_DIVERGED', 'every candidate has a non-finite validation LogLoss');
    // 3. Retrain the best candidate and DLRM from scratch on the same split; evaluate on test.
    const source = { ...config.data, splitSeed: config.data.splitSeed ?? (config.seed as Seed) };
    const reader = orThrow(openCtrReader(source));
    const { batchSize, epochs, learningRate } = config.retrain;
    const { train, test } = await readSplits(reader, source, ['train', 'test'], batchSize, config.seed);
    const modelConfig: CtrModelConfig = { space: supernet.space, registry, denseFeatures: reader.denseFields.length, sparseFields: reader.vocabSizes, seed: config.seed };
    const dlrm = orThrow(baselineArchitecture('dlrm', supernet.space));
    const models = [
      { name: 'searched', arch: best.arch },
      { name: 'dlrm', arch: dlrm },
    ].map(({ name, arch }) => {
      const model = orThrow(retrainFromScratch(arch, modelConfig, train, { epochs, peakLearningRate: learningRate }));
      try {
        const { logLoss, auc } = evaluateCtrModel(model, test);
        return { name, archHash: archHash(arch), testLogLoss: logLoss, testAuc: auc };
      } finally {
        model.dispose();
      }
    });
    return { candidates, best, models };
  } finally {
    supernet.dispose();
  }
}
