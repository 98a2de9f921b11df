// Benchmark workload (issue 12): one full-ranking validation pass of SASRec (d 64, 2 layers, 2 heads, FFN
// 256, fresh seeded weights) over Amazon Beauty (test-data/amazon-beauty/Beauty.txt: 22,363 users x
// 12,101 items, L 50): encode every validation history, score all items, rank each target against every
// item except the user's history and padding. Target: <= 5 s on the native backend with 2 cores.
import { fileURLToPath } from 'node:url';
import * as E from 'fp-ts/lib/Either.js';
import { SASREC_SPACE, largestSequentialArchitecture } from '@recnas/core';
import { loadSequenceDataset } from '@recnas/data-loaders';
import { SasrecModel, evaluateFullRanking } from '@recnas/supernet';
import { benchBackends, useBackend } from '../lib/bench-backends.mjs';

const BEAUTY = fileURLToPath(new URL('../../../test-data/amazon-beauty/Beauty.txt', import.meta.url));

async function runOn(name, dataset) {
  const info = await useBackend(name);
  if (info === undefined) return undefined;
  const model = SasrecModel.create({ itemCount: dataset.itemCount, maxLength: 50, architecture: largestSequentialArchitecture(SASREC_SPACE), seed: 2018 });
  if (E.isLeft(model)) throw model.left;
  evaluateFullRanking(model.right, dataset.validation, dataset, { batchSize: 1024 }); // warm-up
  const seconds = [];
  let summary;
  for (let run = 0; run < 3; run++) {
    const start = process.hrtime.bigint();
    summary = evaluateFullRanking(model.right, dataset.validation, dataset, { ks: [5, 10, 20] });
    seconds.push(Number(process.hrtime.bigint() - start) / 1e9);
  }
  model.right.dispose();
  return {
    workload: 'full-rank-eval',
    users: dataset.validation.rowCount,
    items: dataset.itemCount,
    secondsPerPass: seconds.map((value) => Number(value.toFixed(3))),
    bestSeconds: Number(Math.min(...seconds).toFixed(3)),
    untrainedNdcg10: Number(summary.ndcg[10].toFixed(5)),
    backend: name,
    engine: info.engine,
    threads: info.threads,
  };
}

export default async function fullRankEvalWorkload() {
  const loaded = await loadSequenceDataset(BEAUTY, { format: 'amazon-user-list' }, { maxLength: 50 });
  if (E.isLeft(loaded)) throw loaded.left;
  const results = [];
  for (const name of benchBackends('native')) {
    const result = await runOn(name, loaded.right.dataset);
    if (result !== undefined) results.push(result);
  }
  return results;
}
