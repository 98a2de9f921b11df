import type { SequentialSpace } from '@recnas/core';
import type { RunDirectory } from '../run-directory.js';
import type { SequentialDataSummary } from './sequential-data.js';
import type { SequentialModelResult } from './sequential-model-stage.js';
import type { ResolvedSequentialRunConfig, SequentialVariant } from './sequential-run-config.js';
import type { SequentialSearchResult } from './sequential-search-stage.js';

/** One searched variant: what its search selected and the selection retrained from scratch and tested. */
export interface SequentialVariantSummary {
  readonly variant: SequentialVariant;
  readonly search: SequentialSearchResult;
  readonly model: SequentialModelResult;
  /** FLOPs and host latency per sequence as a fraction of the unpruned SASRec's. */
  readonly flopsFraction: number;
  readonly latencyFraction: number;
  /** Test NDCG@10 and HR@10 minus SASRec's (positive: the pruned model is better). */
  readonly ndcg10VersusBaseline: number | null;
  readonly hitRate10VersusBaseline: number | null;
}

/** `summary.json` of a sequential run (what `recnas run --task sequential --json` prints). */
export interface SequentialRunSummary {
  readonly task: 'sequential';
  readonly runDir: string;
  readonly seed: number;
  readonly backend: string;
  readonly createdAt: string;
  readonly recnasVersion: string;
  readonly packageVersions: Readonly<Record<string, string>>;
  readonly data: SequentialDataSummary;
  /** `full` or `sampled-100`: sampled metrics are not comparable with full-ranking ones. */
  readonly protocol: string;
  readonly space: SequentialSpace;
  readonly cost: string;
  /** The unpruned SASRec (the largest architecture of the space), trained with the run's recipe. */
  readonly baseline: SequentialModelResult;
  readonly variants: ReadonlyArray<SequentialVariantSummary>;
  readonly stageSeconds: ReadonlyArray<{ readonly stage: string; readonly seconds: number }>;
}

export interface SequentialRunSummaryParts {
  readonly run: RunDirectory;
  readonly config: ResolvedSequentialRunConfig;
  readonly data: SequentialDataSummary;
  readonly baseline: SequentialModelResult;
  readonly searches: ReadonlyArray<SequentialSearchResult>;
  readonly models: ReadonlyArray<SequentialModelResult>;
  readonly timings: ReadonlyArray<{ readonly stage: string; readonly seconds: number }>;
}

const difference = (a: number | undefined, b: number | undefined): number | null => (a === undefined || b === undefined ? null : a - b);

/** Assembles `summary.json` from the stage results (models are matched to searches by variant name). */
export function buildSequentialRunSummary(parts: SequentialRunSummaryParts): SequentialRunSummary {
  const { run, config, baseline } = parts;
  const byName = new Map(parts.models.map((model) => [model.name, model]));
  const variants = parts.searches.flatMap((search): SequentialVariantSummary[] => {
    const model = byName.get(search.variant);
    if (model === undefined) return [];
    return [
      {
        variant: search.variant,
        search,
        model,
        flopsFraction: model.flopsPerSequence / baseline.flopsPerSequence,
        latencyFraction: model.latencySeconds / baseline.latencySeconds,
        ndcg10VersusBaseline: difference(model.test.ndcg['10'], baseline.test.ndcg['10']),
        hitRate10VersusBaseline: difference(model.test.hitRate['10'], baseline.test.hitRate['10']),
      },
    ];
  });
  return {
    task: 'sequential',
    runDir: run.path,
    seed: config.seed,
    backend: run.manifest.backend,
    createdAt: run.manifest.createdAt,
    recnasVersion: run.manifest.recnasVersion,
    packageVersions: run.manifest.packageVersions,
    data: parts.data,
    protocol: baseline.test.protocol,
    space: config.model.space,
    cost: config.search.cost,
    baseline,
    variants,
    stageSeconds: parts.timings,
  };
}
