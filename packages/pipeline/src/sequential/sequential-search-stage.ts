import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { RecnasError, SequentialArchitectureCodec, decodeWith, sequentialArchHash, strictType } from '@recnas/core';
import type { SequenceDataset } from '@recnas/data-loaders';
import {
  DifferentiableSearchStateCodec,
  SearchCurvePointCodec,
  decodeDifferentiableSearch,
  selectWithinBudget,
  type DifferentiableSearch,
  type DifferentiableSearchState,
} from '@recnas/search-strategies';
import {
  SequentialSupernet,
  loadCheckpoint,
  restoreSequentialSupernet,
  saveCheckpoint,
  sequentialSupernetCheckpointContent,
  JsonObjectCodec,
  type HostCostModel,
} from '@recnas/supernet';
import { appendJournalLine, readJournal } from '../journal.js';
import { SEQUENTIAL_CHECKPOINT_DIR } from './sequential-model-stage.js';
import { SequentialVariantCodec, VARIANT_SETTINGS, type ResolvedSequentialRunConfig, type SequentialVariant } from './sequential-run-config.js';

/** The journal of finished DNS-Rec searches (one line per variant) inside a run directory. */
export const SEQUENTIAL_SEARCH_FILE = 'sequential-search.jsonl';

/** What one variant's search found (a journal line): the hard selection, its cost, the curves. */
export const SequentialSearchResultCodec = strictType(
  {
    variant: SequentialVariantCodec,
    cost: t.string,
    steps: t.number,
    startCost: t.number,
    targetCost: t.number,
    architecture: SequentialArchitectureCodec,
    archHash: t.string,
    /** The selected architecture's cost and the expected cost of the final probabilities (unit of `cost`). */
    selectedCost: t.number,
    /**
     * How hard selection chose (`selectWithinBudget`): the argmax of every group, the most probable
     * architecture within the target when the argmax was over it, or the argmax because nothing fits.
     */
    selection: t.keyof({ argmax: null, 'most-probable-within-budget': null, 'argmax-over-budget': null }),
    expectedCost: t.number,
    /** Choice probabilities per group averaged over the held-out rows at the final temperature. */
    probabilities: t.record(t.string, t.array(t.number)),
    curve: t.array(SearchCurvePointCodec),
    seconds: t.number,
  },
  'SequentialSearchResult',
);
export type SequentialSearchResult = t.TypeOf<typeof SequentialSearchResultCodec>;

const SnapshotExtraCodec = t.type({ variant: t.string, state: DifferentiableSearchStateCodec, seconds: t.number }, 'SearchSnapshotExtra');

const snapshotPath = (runDir: string, variant: SequentialVariant): string => join(runDir, SEQUENTIAL_CHECKPOINT_DIR, `search-${variant}.ckpt`);

const orThrow = <A>(value: E.Either<RecnasError, A>): A => {
  if (E.isLeft(value)) throw value.left;
  return value.right;
};

interface OpenSearch {
  readonly supernet: SequentialSupernet;
  readonly state: DifferentiableSearchState;
  readonly seconds: number;
}

/** The variant's supernet and strategy state: from its newest snapshot when there is one, else fresh. */
async function openSearch(runDir: string, variant: SequentialVariant, dataset: SequenceDataset, config: ResolvedSequentialRunConfig, host: HostCostModel, strategyOf: (supernet: SequentialSupernet) => DifferentiableSearch): Promise<OpenSearch> {
  const path = snapshotPath(runDir, variant);
  if (existsSync(path)) {
    const restored = orThrow(restoreSequentialSupernet(orThrow(await loadCheckpoint(path)()), dataset));
    const extra = decodeWith(SnapshotExtraCodec, restored.extra, `${path} (search state)`, 'CHECKPOINT_CORRUPT');
    if (E.isLeft(extra)) restored.supernet.dispose();
    const { state, seconds } = orThrow(extra);
    return { supernet: restored.supernet, state, seconds };
  }
  const { search, model } = config;
  const supernet = orThrow(
    SequentialSupernet.create(
      {
        itemCount: dataset.itemCount,
        maxLength: dataset.maxLength,
        space: model.space,
        dropout: model.dropout,
        attentionDropout: model.attentionDropout,
        loss: config.training.loss,
        batchSize: search.batchSize,
        learningRate: search.learningRate,
        architectureLearningRate: search.architectureLearningRate,
        dataAware: VARIANT_SETTINGS[variant].dataAware,
        cost: search.cost,
        heldOutFraction: search.heldOutFraction,
        seed: config.seed,
      },
      dataset,
      host,
    ),
  );
  return { supernet, state: strategyOf(supernet).init(), seconds: 0 };
}

/** The differentiable strategy of a variant over `supernet` (start = the unpruned cost, target = a fraction of it). */
function strategyFor(config: ResolvedSequentialRunConfig, variant: SequentialVariant, supernet: SequentialSupernet): DifferentiableSearch {
  const { search } = config;
  const startCost = supernet.unconstrainedCost();
  return orThrow(
    decodeDifferentiableSearch({
      steps: Math.max(2, Math.ceil(search.epochs * supernet.weightBatches.stepsPerEpoch)),
      startCost,
      targetCost: search.targetFraction * startCost,
      warmupFraction: search.warmupFraction,
      budget: { dynamic: VARIANT_SETTINGS[variant].dynamic, ...search.budget },
      lambda: search.lambda,
      initialTemperature: search.initialTemperature,
      finalTemperature: search.finalTemperature,
      recordEvery: search.recordEvery,
      architectureEvery: search.architectureEvery,
    }),
  );
}

/** Progress of the search: weight steps done and planned for this variant. */
export type SequentialSearchProgress = (variant: SequentialVariant, done: number, total: number, detail: string) => void;

/**
 * Runs one variant's bilevel search (the pipeline owns the loop: ask -> weight or architecture step ->
 * tell), writing a snapshot (supernet, both Adams, strategy state) every `checkpointEverySteps` steps, then
 * the hard selection over the held-out rows' mean probabilities at the final temperature.
 */
async function searchVariant(runDir: string, variant: SequentialVariant, dataset: SequenceDataset, config: ResolvedSequentialRunConfig, host: HostCostModel, onProgress: SequentialSearchProgress): Promise<SequentialSearchResult> {
  const opened = await openSearch(runDir, variant, dataset, config, host, (supernet) => strategyFor(config, variant, supernet));
  const { supernet } = opened;
  try {
    const strategy = strategyFor(config, variant, supernet);
    const { steps, startCost, targetCost, finalTemperature } = strategy.options;
    let state = opened.state;
    let seconds = opened.seconds;
    let started = performance.now();
    let saved = state.step;
    for (let instruction = strategy.ask(state); instruction !== undefined; instruction = strategy.ask(state)) {
      const report = instruction.kind === 'weights' ? supernet.weightStep(instruction) : supernet.architectureStep(instruction);
      state = strategy.tell(state, report);
      if (state.step === saved) continue;
      onProgress(variant, state.step, steps, `${variant}: task loss ${report.taskLoss.toFixed(4)}, budget ${(instruction.budget / startCost).toFixed(3)} of SASRec`);
      if (state.step % config.search.checkpointEverySteps === 0 && !strategy.isDone(state)) {
        seconds += (performance.now() - started) / 1000;
        started = performance.now();
        const extra = orThrow(decodeWith(JsonObjectCodec, { variant, state: DifferentiableSearchStateCodec.encode(state), seconds }, 'search snapshot state', 'INVARIANT'));
        orThrow(await saveCheckpoint(snapshotPath(runDir, variant), sequentialSupernetCheckpointContent(supernet, extra))());
      }
      saved = state.step;
    }
    const probabilities = supernet.meanProbabilities(finalTemperature);
    const selection = selectWithinBudget(config.model.space, probabilities, targetCost, (candidate) => supernet.costOf(candidate));
    const architecture = selection.architecture;
    return {
      variant,
      cost: config.search.cost,
      steps,
      startCost,
      targetCost,
      architecture,
      archHash: sequentialArchHash(architecture),
      selectedCost: selection.cost,
      selection: selection.rule,
      expectedCost: supernet.expectedCost(probabilities),
      probabilities,
      curve: state.curve,
      seconds: seconds + (performance.now() - started) / 1000,
    };
  } finally {
    supernet.dispose();
  }
}

/**
 * The search stage: each configured variant in order, each finished one journaled in
 * `sequential-search.jsonl` (atomically appended, fsynced) and its snapshot removed; a resumed run reuses the
 * journaled variants and continues an unfinished one from its newest snapshot, ending as an uninterrupted
 * run would (steps are functions of their step number).
 */
export async function runSequentialSearchStage(
  runDir: string,
  dataset: SequenceDataset,
  config: ResolvedSequentialRunConfig,
  host: HostCostModel,
  onProgress: SequentialSearchProgress,
): Promise<SequentialSearchResult[]> {
  mkdirSync(join(runDir, SEQUENTIAL_CHECKPOINT_DIR), { recursive: true });
  const journal = join(runDir, SEQUENTIAL_SEARCH_FILE);
  const finished = new Map(orThrow(readJournal(journal, SequentialSearchResultCodec)).entries.map((entry) => [entry.variant, entry]));
  const results: SequentialSearchResult[] = [];
  for (const variant of config.search.variants) {
    const result = finished.get(variant) ?? (await searchVariant(runDir, variant, dataset, config, host, onProgress));
    if (!finished.has(variant)) {
      orThrow(appendJournalLine(journal, SequentialSearchResultCodec.encode(result)));
      rmSync(snapshotPath(runDir, variant), { force: true });
    }
    results.push(result);
  }
  return results;
}
