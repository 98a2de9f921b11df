import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { allocateBatch, type Batch } from '@recnas/core';

/**
 * The shipped Criteo sample (test-data/criteo, Kaggle TSV layout despite `.csv`) with NASRec's preprocessing
 * (SPEC section 3): dense `log(max(0, x) + 1)`, missing 0; categorical hex `id = (value mod (vocab - 1)) + 1`,
 * missing 0. A minimal synchronous reader for tests: supernet has no dependency on @recnas/data-loaders
 * (whose `criteoTsvReader` is the product reader); the files are small and well-formed.
 */
export const CRITEO_DENSE_FEATURES = 13;

/** NASRec's Criteo vocabulary sizes (SPEC section 3), capped at `cap` rows so tests allocate little. */
export function criteoVocabSizes(cap: number): number[] {
  const nasrec = [
    1461, 584, 10131227, 2202609, 306, 25, 12518, 634, 4, 93146, 5684, 8351593, 3195, 28, 14993, 5461307, 11, 5653, 2174, 5, 7046548, 19, 16, 286182, 106,
    142573,
  ];
  return nasrec.map((size) => Math.min(size, cap));
}

function criteoPath(split: 'train' | 'dev'): string {
  return fileURLToPath(new URL(`../../../test-data/criteo/${split}.csv`, import.meta.url));
}

/** Rows of `split` in file order, as batches of `batchSize` (the last one smaller). */
export function readCriteoBatches(split: 'train' | 'dev', batchSize: number, vocabSizes: ReadonlyArray<number>): Batch[] {
  const lines = readFileSync(criteoPath(split), 'utf8').split('\n').filter((line) => line.length > 0);
  const fields = vocabSizes.length;
  const batches: Batch[] = [];
  for (let start = 0; start < lines.length; start += batchSize) {
    const rows = lines.slice(start, start + batchSize);
    const batch = allocateBatch(rows.length, CRITEO_DENSE_FEATURES, fields);
    rows.forEach((line, row) => {
      const values = line.replace(/\r$/, '').split('\t');
      batch.label[row] = Number(values[0]);
      for (let j = 0; j < CRITEO_DENSE_FEATURES; j++) {
        const raw = values[1 + j] ?? '';
        batch.dense[row * CRITEO_DENSE_FEATURES + j] = raw === '' ? 0 : Math.log(Math.max(0, Number(raw)) + 1);
      }
      for (let f = 0; f < fields; f++) {
        const raw = values[1 + CRITEO_DENSE_FEATURES + f] ?? '';
        const vocab = vocabSizes[f] as number;
        batch.sparse[row * fields + f] = raw === '' ? 0 : (parseInt(raw, 16) % (vocab - 1)) + 1;
      }
    });
    batches.push(batch);
  }
  return batches;
}

/** LogLoss of always predicting the base rate `p` of `reference` on `batches`: what a model must beat. */
export function baseRateLogLoss(reference: ReadonlyArray<Batch>, batches: ReadonlyArray<Batch>): number {
  const referenceLabels = reference.flatMap((batch) => Array.from(batch.label));
  const p = referenceLabels.reduce((sum, label) => sum + label, 0) / referenceLabels.length;
  const labels = batches.flatMap((batch) => Array.from(batch.label));
  return labels.reduce((sum, label) => sum - (label === 1 ? Math.log(p) : Math.log(1 - p)), 0) / labels.length;
}
