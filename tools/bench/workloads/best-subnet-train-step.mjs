// Benchmark workload (SPEC section 10): training steps of the best published NASRec-Full Criteo subnet built
// from scratch, batch 512, Criteo dims, on the automatically selected backend (RECNAS_BACKEND to force one).
// Reference: the official NASRec code on PyTorch runs 1,451 samples/s (1 thread); target >= 7,250.
import { bestCriteoSubnet, criteoBatch, subnetResultFields } from '../lib/best-criteo-subnet.mjs';
import { timeRuns } from '../lib/bench-backends.mjs';

const BATCH_SIZE = 512;

export default async function bestSubnetTrainStepWorkload() {
  const { info, subnet } = await bestCriteoSubnet();
  const batch = criteoBatch(BATCH_SIZE);
  subnet.trainStep(batch); // creates the optimizer state; not timed
  const { runs, seconds } = timeRuns(() => subnet.trainStep(batch), { budgetSeconds: 15, minRuns: 2, maxRuns: 200 });
  const result = {
    workload: 'nasrec-full-best-criteo-subnet-train-step',
    batchSize: BATCH_SIZE,
    steps: runs,
    seconds: Number(seconds.toFixed(3)),
    samplesPerSecond: Math.round((runs * BATCH_SIZE) / seconds),
    ...subnetResultFields(info, subnet),
  };
  subnet.dispose();
  return result;
}
