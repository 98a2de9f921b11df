import * as t from 'io-ts';
import { ArchEncodingCodec, strictPartial } from '@recnas/core';

/** The journal of finished retrainings inside a run directory. */
export const RETRAIN_JOURNAL_FILE = 'retrain.jsonl';

/**
 * One retrained model, searched or baseline, with its test metrics (a line of `retrain.jsonl`): one line per
 * model and seed. `seed` is the model's seed (weights and embeddings); lines of runs from before `retrain.seeds`
 * have none and used the run's seed. `learningRate` is the peak learning rate it was trained with (lines from
 * before `retrain.learningRates` have none and used `retrain.learningRate`).
 */
export const RetrainedModelCodec = strictPartial(
  {
    name: t.string,
    kind: t.keyof({ searched: null, baseline: null }),
    archHash: t.string,
    arch: ArchEncodingCodec,
    validationLogLoss: t.union([t.number, t.null]),
    testLogLoss: t.number,
    testAuc: t.union([t.number, t.null]),
    flopsPerExample: t.number,
    params: t.number,
    steps: t.number,
    seconds: t.number,
  },
  { seed: t.number, learningRate: t.number },
  'RetrainedModel',
);
export type RetrainedModel = t.TypeOf<typeof RetrainedModelCodec>;

