import * as t from 'io-ts';
import { strictPartial } from '@recnas/core';
import { RetrainedModelCodec } from './retrained-model.js';

/** The journal of a run's learning-rate trials (`retrain.learningRates` with two or more rates). */
export const LEARNING_RATE_TRIALS_FILE = 'learning-rate-trials.jsonl';

/**
 * One trial of the retrain learning-rate search: a model trained with the first model seed at one learning
 * rate of the grid and scored on the validation split. `validationLogLoss` is null when training diverged
 * (a rate too high for the model is a result of the search, not a failure of the run). `model` is the trained
 * model's line (absent when it diverged): the chosen trial becomes the model's first-seed line without training
 * it again.
 */
export const LearningRateTrialCodec = strictPartial(
  { name: t.string, archHash: t.string, seed: t.number, learningRate: t.number, validationLogLoss: t.union([t.number, t.null]) },
  { model: RetrainedModelCodec },
  'LearningRateTrial',
);
export type LearningRateTrial = t.TypeOf<typeof LearningRateTrialCodec>;

/**
 * The chosen rate: the lowest validation LogLoss, the first in grid order on a tie (so the choice does not
 * depend on float noise in the order trials finished); undefined when every trial diverged.
 */
export function chooseLearningRate(trials: ReadonlyArray<Pick<LearningRateTrial, 'learningRate' | 'validationLogLoss'>>): number | undefined {
  let best: { learningRate: number; loss: number } | undefined;
  for (const trial of trials) {
    const loss = trial.validationLogLoss;
    if (loss === null || !Number.isFinite(loss)) continue;
    if (best === undefined || loss < best.loss) best = { learningRate: trial.learningRate, loss };
  }
  return best?.learningRate;
}
