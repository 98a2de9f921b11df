import { mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { allocateBatch, type Batch } from '@recnas/core';
import { BatchFileWriter, StoredBatches } from '../src/index.js';

const folder = mkdtempSync(join(tmpdir(), 'recnas-batch-file-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

let files = 0;
function write(batches: ReadonlyArray<Batch>, meta: Record<string, unknown> = {}): string {
  const path = join(folder, `f${files++}.rnb`);
  const writer = BatchFileWriter.create(path);
  if (E.isLeft(writer)) throw writer.left;
  for (const batch of batches) writer.right.append(batch);
  writer.right.finish(meta);
  return path;
}

function open(path: string): StoredBatches {
  const opened = StoredBatches.open(path);
  if (E.isLeft(opened)) throw opened.left;
  return opened.right;
}

const batchArbitrary = (denseCount: number, sparseCount: number): fc.Arbitrary<Batch> =>
  fc.integer({ min: 1, max: 9 }).chain((size) =>
    fc
      .tuple(
        fc.array(fc.float({ noNaN: true }), { minLength: size * denseCount, maxLength: size * denseCount }),
        fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { minLength: size * sparseCount, maxLength: size * sparseCount }),
        fc.array(fc.constantFrom(0, 1), { minLength: size, maxLength: size }),
      )
      .map(([dense, sparse, label]) => {
        const batch = allocateBatch(size, denseCount, sparseCount);
        batch.dense.set(dense);
        batch.sparse.set(sparse);
        batch.label.set(label);
        return batch;
      }),
  );

describe('batch files', () => {
  it('give back exactly the batches written, pass after pass, with rows, batch count and metadata (property)', () => {
    fc.assert(
      fc.property(
        fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 0, max: 4 })).chain(([denseCount, sparseCount]) => fc.array(batchArbitrary(denseCount, sparseCount), { maxLength: 4 })),
        (batches) => {
          const stored = open(write(batches, { note: 'x', count: batches.length }));
          expect(stored.batchCount).toBe(batches.length);
          expect(stored.rows).toBe(batches.reduce((n, b) => n + b.size, 0));
          expect(stored.meta).toEqual({ note: 'x', count: batches.length });
          expect([...stored]).toEqual(batches);
          expect([...stored]).toEqual(batches);
        },
      ),
      { seed: 5, numRuns: 40 },
    );
  });

  it('skips empty batches, keeps each read batch independent, and leaves no temporary file behind', () => {
    const one = allocateBatch(2, 1, 1);
    one.dense.set([1.5, -2]);
    one.sparse.set([3, 4]);
    one.label.set([1, 0]);
    const path = write([allocateBatch(0, 1, 1), one]);
    const [read] = [...open(path)];
    expect(read).toEqual(one);
    expect(open(path).batchCount).toBe(1);
    expect(readdirSync(folder).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('rejects a file that is cut short, altered or not a batch file with DATA_FORMAT naming it', () => {
    const batch = allocateBatch(3, 2, 2);
    const path = write([batch, batch]);
    const cut = join(folder, 'cut.rnb');
    writeFileSync(cut, readFileSync(path));
    truncateSync(cut, readFileSync(path).length - 3);
    for (const bad of [cut, join(folder, 'missing.rnb')]) {
      const opened = StoredBatches.open(bad);
      expect(E.isLeft(opened) && opened.left.message).toContain(bad);
    }
    const opened = StoredBatches.open(cut);
    expect(E.isLeft(opened) && opened.left.code).toBe('DATA_FORMAT');
    // A record header changed after the footer was written: the pass throws, naming the batch and the byte.
    const altered = join(folder, 'altered.rnb');
    const bytes = readFileSync(path);
    bytes.writeUInt32LE(7, 8 + 4); // the first record's dense count
    writeFileSync(altered, bytes);
    expect(() => [...open(altered)]).toThrow(/batch 0 at byte 8 has a bad header/);
  });

  it('refuses a batch with other feature counts than the file', () => {
    const writer = BatchFileWriter.create(join(folder, 'mixed.rnb'));
    if (E.isLeft(writer)) throw writer.left;
    writer.right.append(allocateBatch(1, 2, 2));
    expect(() => writer.right.append(allocateBatch(1, 3, 2))).toThrow(/3\/2 dense\/sparse features, the file 2\/2/);
    writer.right.abort();
    expect(readdirSync(folder).filter((name) => name.includes('mixed'))).toEqual([]);
  });
});
