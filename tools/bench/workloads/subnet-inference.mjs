// Benchmark workload (SPEC section 10): inference of the best published NASRec-Full Criteo subnet at batch
// 512, Criteo dims, fresh seeded weights (`buildFromScratch`), on the automatically selected backend
// (RECNAS_BACKEND to force one). Samples/s of `predict` (embedding lookup, forward, sigmoid, read-back);
// one untimed call first.
import * as E from 'fp-ts/lib/Either.js';
import { countArchCost } from '@recnas/supernet';
import { bestCriteoSubnet, criteoBatch, subnetResultFields } from '../lib/best-criteo-subnet.mjs';
import { timeRuns } from '../lib/bench-backends.mjs';

const BATCH_SIZE = 512;

export default async function subnetInferenceWorkload() {
  const { info, subnet, arch, config } = await bestCriteoSubnet();
  const batch = criteoBatch(BATCH_SIZE);
  subnet.predict(batch);
  const { runs, seconds } = timeRuns(() => subnet.predict(batch), { budgetSeconds: 15, minRuns: 1, maxRuns: 200 });
  const cost = countArchCost(arch, config);
  const result = {
    workload: 'nasrec-full-best-criteo-subnet-inference',
    batchSize: BATCH_SIZE,
    batches: runs,
    seconds: Number(seconds.toFixed(3)),
    samplesPerSecond: Math.round((runs * BATCH_SIZE) / seconds),
    ...subnetResultFields(info, subnet),
    flopsPerExample: E.isRight(cost) ? cost.right.flopsPerExample : undefined,
  };
  subnet.dispose();
  return result;
}
