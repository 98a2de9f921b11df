import { beforeAll, describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { NASREC_FULL_SPACE, NASREC_SMALL_SPACE, validateArchEncoding, type ArchEncoding, type Batch, type SearchSpace } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { BASELINE_ARCHITECTURES, baselineArchitecture, baselineSpace, buildFromScratch, countArchCost, type CtrSubnetConfig } from '../src/index.js';
import { DENSE_FEATURES, VOCAB_SIZES, builtinRegistry, scaledDownSpace, syntheticBatches } from './ctr-fixtures.js';

const BASELINES = ['dnn', 'dlrm', 'deepfm', 'autoint'];
/** Every baseline, DCN-v2 (built in `baselineSpace`, which adds its cross-v2 operator) included. */
const ALL_BASELINES = [...BASELINES, 'dcn-v2'];
const miniSpace = scaledDownSpace(3, [16, 32, 64], [16, 32]);

function spaceFor(id: string, space: SearchSpace): SearchSpace {
  const extended = baselineSpace(id, space);
  if (E.isLeft(extended)) throw extended.left;
  return extended.right;
}

function baseline(id: string, space = NASREC_FULL_SPACE): ArchEncoding {
  const arch = baselineArchitecture(id, spaceFor(id, space));
  if (E.isLeft(arch)) throw arch.left;
  return arch.right;
}

const mean = (values: ReadonlyArray<number>): number => values.reduce((sum, value) => sum + value, 0) / values.length;

describe('baselineArchitecture', () => {
  beforeAll(async () => {
    await initBackend({ backend: 'wasm', logger: () => undefined });
  });

  it('lists DNN, DLRM, DeepFM, AutoInt and DCN-v2, each a valid NASRec-Full architecture (DCN-v2 with its cross-v2 added)', () => {
    expect(Object.keys(BASELINE_ARCHITECTURES)).toEqual(ALL_BASELINES);
    expect(E.isRight(validateArchEncoding(baseline('dcn-v2'), spaceFor('dcn-v2', NASREC_FULL_SPACE)))).toBe(true);
    for (const id of BASELINES) {
      const arch = baseline(id);
      expect(E.isRight(validateArchEncoding(arch, NASREC_FULL_SPACE))).toBe(true);
      expect(arch.blocks).toHaveLength(7);
      expect(arch.metadata).toEqual({ baseline: id });
    }
  });

  it('writes DLRM as a 512-256-64 bottom MLP, a dot-product interaction and a 512-256 top MLP reading both', () => {
    const blocks = baseline('dlrm').blocks;
    expect(blocks.map((block) => block.denseOp)).toEqual(['linear-2d', 'linear-2d', 'linear-2d', 'dot-product', 'linear-2d', 'linear-2d', 'linear-2d']);
    expect(blocks.map((block) => block.denseWidth)).toEqual([512, 256, 64, 512, 512, 256, 256]);
    expect(blocks.map((block) => block.denseInputs)).toEqual([[0], [1], [2], [3], [3, 4], [5], [6]]);
    expect(blocks[3]?.sparseInputs).toEqual([0]); // the dot products read the raw embeddings
    expect(blocks.every((block) => block.sparseOp === 'linear-3d' && block.sparseWidth === 16 && !block.deepFm && !block.denseSparseInteract)).toBe(true);
  });

  it('writes DNN and AutoInt as chains whose first block sends the dense features into the sparse rows; DeepFM adds FM on the last block', () => {
    const dnn = baseline('dnn').blocks;
    expect(dnn.map((block) => [block.denseOp, block.sparseOp, block.denseWidth, block.sparseWidth])).toEqual(Array(7).fill(['linear-2d', 'linear-3d', 512, 32]));
    expect(dnn.map((block) => block.denseSparseInteract)).toEqual([true, false, false, false, false, false, false]);
    expect(dnn.map((block) => block.sparseInputs)).toEqual([[0], [1], [2], [3], [4], [5], [6]]);
    expect(baseline('deepfm').blocks.map((block) => block.deepFm)).toEqual([false, false, false, false, false, false, true]);
    expect(baseline('autoint').blocks.every((block) => block.sparseOp === 'transformer' && block.sparseWidth === 32)).toBe(true);
  });

  it('maps widths to the space and rejects spaces without the operators a baseline needs, and unknown ids', () => {
    expect(baseline('dnn', NASREC_SMALL_SPACE).blocks[0]?.denseWidth).toBe(512);
    expect(baseline('dnn', miniSpace).blocks.map((block) => [block.denseWidth, block.sparseWidth])).toEqual([
      [64, 32],
      [64, 32],
      [64, 32],
    ]);
    const autoint = baselineArchitecture('autoint', NASREC_SMALL_SPACE);
    expect(E.isLeft(autoint) && autoint.left.code).toBe('CONFIG_INVALID');
    expect(E.isLeft(autoint) && autoint.left.message).toContain('operator "transformer" (not listed)');
    const unknown = baselineArchitecture('xdeepfm', NASREC_FULL_SPACE);
    expect(E.isLeft(unknown) && unknown.left.message).toContain('known: dnn, dlrm, deepfm, autoint, dcn-v2');
    const noDeepFm = baselineArchitecture('deepfm', { ...NASREC_FULL_SPACE, deepFm: false });
    expect(E.isLeft(noDeepFm) && noDeepFm.left.message).toContain('deep_fm');
  });

  it('counts the DNN FLOPs and parameters by hand (3 blocks, 4 dense features, 5 fields, E 16, no LayerNorm)', () => {
    // Widths 64 (dense) and 32 (rows). FC FLOPs 2 in out + out (bias); ReLU 1 per element.
    // Block 1: linear-2d 4->64: 512 + 64 + 64 = 640; linear-3d 5->32 rows over 16 dims: 2*16*5*32 + 512 + 512 = 6144;
    //          dense-sparse-interact 64 -> 8 rows x 16: 2*64*128 + 128 = 16512.                         Total 23296.
    // Block 2: linear-2d 64->64: 8192 + 128 = 8320; linear-3d 40 rows (32 + 8) -> 32: 40960 + 1024 = 41984. Total 50304.
    // Block 3: linear-2d 8320; linear-3d 32->32: 32768 + 1024 = 33792.                                      Total 42112.
    // Head: FC(1) over 64 + 32*16 = 576 features: 2*576 + 1 = 1153.        Sum 23296 + 50304 + 42112 + 1153 = 116865.
    // Params: block 1 (256 + 64) + (160 + 32) + (8192 + 128) = 8832; block 2 4160 + 1312 = 5472; block 3 4160 + 1056 = 5216; head 577.
    const cost = countArchCost(baseline('dnn', miniSpace), {
      space: miniSpace,
      registry: builtinRegistry(),
      denseFeatures: DENSE_FEATURES,
      sparseFields: VOCAB_SIZES,
      layerNorm: false,
    });
    if (E.isLeft(cost)) throw cost.left;
    expect(cost.right.perBlock.map((block) => block.flops)).toEqual([23296, 50304, 42112]);
    expect(cost.right.flopsPerExample).toBe(116865);
    expect(cost.right.params).toBe(8832 + 5472 + 5216 + 577);
  });

  it.each(ALL_BASELINES)('%s builds from scratch and its loss falls over 24 steps on a seeded synthetic batch', (id) => {
    const before = tf.memory().numTensors;
    const config: CtrSubnetConfig = {
      space: spaceFor(id, miniSpace),
      registry: builtinRegistry(),
      denseFeatures: DENSE_FEATURES,
      sparseFields: VOCAB_SIZES,
      seed: 6,
      training: { totalSteps: 24, peakLearningRate: 0.05 },
    };
    const built = buildFromScratch(baseline(id, miniSpace), config);
    if (E.isLeft(built)) throw built.left;
    const [batch] = syntheticBatches(51, 1, 64) as [Batch];
    const losses = Array.from({ length: 24 }, () => built.right.trainStep(batch));
    expect(mean(losses.slice(-4))).toBeLessThan(mean(losses.slice(0, 4)) - 0.05);
    built.right.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('writes DCN-v2 as the cross network on the stem, then an MLP; only its space has cross-v2, and the run space is left alone', () => {
    const space = spaceFor('dcn-v2', NASREC_FULL_SPACE);
    expect(space.id).toBe('nasrec-full+dcn-v2');
    expect(space.operators.slice(-1)).toEqual([{ id: 'cross-v2', kind: 'dense-sparse' }]);
    expect(NASREC_FULL_SPACE.operators.some((op) => op.id === 'cross-v2')).toBe(false);
    expect(spaceFor('dlrm', NASREC_FULL_SPACE)).toBe(NASREC_FULL_SPACE);
    const blocks = baseline('dcn-v2').blocks;
    expect(blocks.map((block) => block.denseOp)).toEqual(['cross-v2', 'linear-2d', 'linear-2d', 'linear-2d', 'linear-2d', 'linear-2d', 'linear-2d']);
    expect(blocks.map((block) => block.denseInputs)).toEqual([[0], [1], [2], [3], [4], [5], [6]]);
    expect(blocks.every((block) => block.denseWidth === 512 && block.sparseOp === 'linear-3d' && block.sparseWidth === 16)).toBe(true);
    // Without the extension the run space rejects it, naming the operator.
    const plain = baselineArchitecture('dcn-v2', NASREC_FULL_SPACE);
    expect(E.isLeft(plain) && plain.left.message).toContain('cross-v2');
    // Its cross network over Criteo's x0 (13 + 26 x 16 = 429): 3 layers of 429 x 429 + 429.
    const cost = countArchCost(baseline('dcn-v2'), { space, registry: builtinRegistry(), denseFeatures: 13, sparseFields: Array(26).fill(1000) });
    if (E.isLeft(cost)) throw cost.left;
    expect(cost.right.perBlock[0]?.params).toBeGreaterThan(3 * (429 * 429 + 429));
  });
});
