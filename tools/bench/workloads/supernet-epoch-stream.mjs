// Benchmark workload (issue 15): one supernet epoch streamed from a large Criteo-format file, rows/s and peak RSS.
// The input is the shipped 7,200-row Criteo sample repeated up to RECNAS_BENCH_STREAM_MB megabytes (default 2048;
// ~8.4M rows at 2 GB) in .bench/ (git-ignored; written once, not timed). `trainSupernet` (@recnas/pipeline) then
// does what `recnas run` does before the search: one pass that counts the 8:1:1 split and writes the validation
// part to a batch file, and one training epoch over the train part, parsed in a worker thread while the supernet
// trains. The supernet is small (NASRec-Small operators, 1 block, widths 16, batch 512) so that the data path, not
// the model, sets the rate. Peak RSS (run-one.mjs) must not grow with the file: compare two sizes.
import { rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { initBackend } from '@recnas/engine';
import { trainSupernet } from '@recnas/pipeline';
import { engineOf } from '../lib/bench-backends.mjs';
import { repeatedCriteo } from '../lib/repeated-criteo.mjs';

const TARGET_MB = Number(process.env.RECNAS_BENCH_STREAM_MB ?? 2048);

export default async function supernetEpochStreamWorkload() {
  const info = await initBackend({ ...(process.env.RECNAS_BACKEND ? { backend: process.env.RECNAS_BACKEND } : {}), logger: () => undefined });
  const path = repeatedCriteo(TARGET_MB);
  const bytes = statSync(path).size;
  const splitDir = join(tmpdir(), `recnas-bench-splits-${process.pid}`);
  const start = process.hrtime.bigint();
  const outcome = await trainSupernet(
    {
      data: { path, format: 'criteo', vocabCap: 20000 },
      space: 'nasrec-small',
      blocks: 1,
      denseWidths: [16],
      sparseWidths: [16],
      epochs: 1,
      batchSize: 512,
      warmupSteps: 0,
      evaluateSubnets: 1,
      seed: 2018,
    },
    { splitDir },
  );
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  rmSync(splitDir, { recursive: true, force: true });
  if (outcome._tag === 'Left') throw outcome.left;
  const { result, supernet } = outcome.right;
  supernet.dispose();
  return {
    workload: 'supernet-epoch-stream',
    bytes,
    trainRows: result.trainRows,
    validationRows: result.validationRows,
    testRows: result.testRows,
    steps: result.steps,
    trainSeconds: Number(result.trainSeconds.toFixed(1)),
    trainRowsPerSecond: Math.round(result.rowsSeen / result.trainSeconds),
    totalSeconds: Number(seconds.toFixed(1)),
    fileRowsPerSecond: Math.round((result.trainRows + result.validationRows + result.testRows) / seconds),
    backend: info.name,
    engine: engineOf(info.name),
  };
}
