import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { Rng, pathFromArch } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { CtrSupernet, buildFromScratch, ctrModelContent, loadCtrModel, restoreCtrModel, saveCtrModel } from '../src/index.js';
import { DENSE_FEATURES, VOCAB_SIZES, builtinRegistry, randomArch, scaledDownSpace, syntheticBatches } from './ctr-fixtures.js';

const space = scaledDownSpace(3, [8, 16], [4, 8]);
const config = () => ({ space, registry: builtinRegistry(), denseFeatures: DENSE_FEATURES, sparseFields: VOCAB_SIZES, seed: 3, training: { totalSteps: 20 } });
let dir: string;

describe('saveCtrModel and loadCtrModel', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'cpu', logger: () => undefined });
    dir = mkdtempSync(join(tmpdir(), 'recnas-model-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('export -> load gives a model without the supernet that predicts identically (bit for bit)', async () => {
    const created = CtrSupernet.create(config());
    if (E.isLeft(created)) throw created.left;
    const batches = syntheticBatches(3, 2, 16);
    const rng = Rng.fromSeed(9);
    for (let step = 0; step < 4; step++) created.right.trainStep(batches[step % 2] as never, pathFromArch(randomArch(space, rng)));
    for (const convention of ['max-width', 'active-width'] as const) {
      const compact = created.right.compactSubnet(randomArch(space, rng), { convention });
      if (E.isLeft(compact)) throw compact.left;
      const path = join(dir, `${convention}.ckpt`);
      const saved = await saveCtrModel(path, compact.right, space)();
      expect(E.isRight(saved)).toBe(true);
      const loaded = await loadCtrModel(path, builtinRegistry())();
      if (E.isLeft(loaded)) throw loaded.left;
      expect(loaded.right.model.layoutKind).toBe(convention);
      expect(loaded.right.model.parameterCount).toBe(compact.right.parameterCount);
      expect(Array.from(loaded.right.model.predict(batches[0] as never))).toEqual(Array.from(compact.right.predict(batches[0] as never)));
      loaded.right.model.dispose();
      compact.right.dispose();
    }
    created.right.dispose();
  });

  it('round-trips a model built from scratch and frees every tensor', () => {
    const before = tf.memory().numTensors;
    const built = buildFromScratch(randomArch(space, Rng.fromSeed(5)), config());
    if (E.isLeft(built)) throw built.left;
    const restored = restoreCtrModel(ctrModelContent(built.right, space), builtinRegistry());
    if (E.isLeft(restored)) throw restored.left;
    const batch = syntheticBatches(4, 1, 8)[0] as never;
    expect(Array.from(restored.right.model.predict(batch))).toEqual(Array.from(built.right.predict(batch)));
    restored.right.model.dispose();
    built.right.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a file whose tensors do not fit its architecture, naming the tensor', () => {
    const built = buildFromScratch(randomArch(space, Rng.fromSeed(6)), config());
    if (E.isLeft(built)) throw built.left;
    const content = ctrModelContent(built.right, space);
    const { ['head/kernel']: _dropped, ...tensors } = content.tensors;
    const restored = restoreCtrModel({ ...content, tensors }, builtinRegistry());
    expect(E.isLeft(restored) && restored.left.code).toBe('CHECKPOINT_CORRUPT');
    expect(E.isLeft(restored) && restored.left.message).toContain('missing tensor "head/kernel"');
    built.right.dispose();
  });
});
