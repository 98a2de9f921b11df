import * as E from 'fp-ts/lib/Either.js';
import { Rng, type PositiveInt, type SequentialArchitecture } from '@recnas/core';
import { initBackend, tf } from '@recnas/engine';
import { beforeAll, describe, expect, it } from 'vitest';
import { SasrecModel, sequentialBceLoss, type SequentialGates } from '../../src/index.js';

const int = (n: number): PositiveInt => n as PositiveInt;
const LARGE: SequentialArchitecture = {
  hiddenWidth: int(16),
  attentionWidth: int(16),
  maxHeads: int(2),
  layers: [
    { heads: int(2), ffnWidth: int(32) },
    { heads: int(2), ffnWidth: int(32) },
  ],
};
/** One layer, one of the two 8-wide heads, FFN 16, hidden 8: every weight is a top-left corner of LARGE's. */
const COMPACT: SequentialArchitecture = { ...LARGE, hiddenWidth: int(8), layers: [{ heads: int(1), ffnWidth: int(16) }] };
const ITEMS = 20;
const LENGTH = 6;
const IDS = Int32Array.from([0, 0, 0, 4, 7, 2, 1, 5, 9, 12, 3, 20, 0, 0, 0, 0, 0, 11]);

function create(architecture: SequentialArchitecture, seed = 2018): SasrecModel {
  const model = SasrecModel.create({ itemCount: ITEMS, maxLength: LENGTH, architecture, seed });
  if (E.isLeft(model)) throw model.left;
  return model.right;
}

/** Copies the top-left corner of each of `from`'s variables into `to`'s variable of the same name. */
function copyCorners(from: SasrecModel, to: SasrecModel): void {
  for (const [name, target] of to.namedVariables()) {
    const source = from.namedVariables().get(name);
    if (source === undefined) throw new Error(`no ${name}`);
    const values = source.dataSync();
    const [rows, columns = 1] = target.shape;
    const sourceColumns = source.shape[1] ?? 1;
    const corner = new Float32Array(target.size);
    for (let r = 0; r < (rows as number); r++) for (let c = 0; c < columns; c++) corner[r * columns + c] = values[r * sourceColumns + c] as number;
    target.assign(tf.tensor(corner, target.shape));
  }
}

const prefix = (width: number, size: number): number[] => Array.from({ length: size }, (_, c) => (c < width ? 1 : 0));

describe('SasrecModel', () => {
  beforeAll(async () => {
    await initBackend({ logger: () => undefined });
  });

  it('equals the gated largest model when hard 0/1 gates select its architecture', () => {
    const large = create(LARGE);
    const compact = create(COMPACT, 7);
    copyCorners(large, compact);
    const gates: SequentialGates = {
      hiddenMask: tf.tensor2d([prefix(8, 16)]),
      layers: [{ headKeep: tf.tensor2d([[1, 0]]), ffnMask: tf.tensor2d([prefix(16, 32)]) }, { layerKeep: tf.tensor1d([0]) }],
    };
    const gated = large.encode(IDS, false, gates).dataSync();
    const expected = compact.encode(IDS, false).dataSync();
    for (let position = 0; position < IDS.length; position++) {
      for (let c = 0; c < 16; c++) {
        const value = gated[position * 16 + c] as number;
        if (c < 8) expect(value).toBeCloseTo(expected[position * 8 + c] as number, 4);
        else expect(Math.abs(value)).toBe(0);
      }
    }
    large.dispose();
    compact.dispose();
  });

  it('gives the same outputs at real positions when leading all-padding columns are dropped', () => {
    const model = create(LARGE);
    const full = model.encode(IDS, false).dataSync();
    // Rows 0 and 2 (3 items and 1 item) as a 2-row batch of their last 3 columns.
    const shortIds = Int32Array.from([4, 7, 2, 0, 0, 11]);
    const short = model.encode(tf.tensor2d(shortIds, [2, 3], 'int32')).dataSync();
    for (let c = 0; c < 16; c++) {
      for (let j = 0; j < 3; j++) expect(short[j * 16 + c]).toBeCloseTo(full[(3 + j) * 16 + c] as number, 5);
      expect(short[(3 + 2) * 16 + c]).toBeCloseTo(full[(12 + 5) * 16 + c] as number, 5);
    }
    const scores = model.scoreLast(IDS, LENGTH);
    expect(scores.length).toBe(3 * (ITEMS + 1));
    model.dispose();
  });

  it('differentiates a BCE loss w.r.t. soft gates (finite differences)', () => {
    const model = create(LARGE);
    const rng = Rng.fromSeed(3);
    const positive = tf.tensor2d(Float32Array.from({ length: IDS.length * 16 }, () => rng.nextFloat() - 0.5), [IDS.length, 16]);
    const negative = tf.tensor2d(Float32Array.from({ length: IDS.length * 16 }, () => rng.nextFloat() - 0.5), [IDS.length, 16]);
    const weights = tf.tensor1d(Float32Array.from(IDS, (id) => (id > 0 ? 1 : 0)));
    const loss = (hidden: tf.Tensor, keep: tf.Tensor): tf.Scalar => {
      const out = model.encode(IDS, false, { hiddenMask: hidden, layers: [undefined, { layerKeep: keep }] });
      return sequentialBceLoss(tf.reshape(out, [IDS.length, 16]) as tf.Tensor2D, positive, negative, weights);
    };
    const hidden = Float32Array.from({ length: 16 }, (_, c) => 1 - c / 20);
    const keep = Float32Array.from([0.6]);
    const [dHidden, dKeep] = tf.grads(loss)([tf.tensor2d(hidden, [1, 16]), tf.tensor1d(keep)]).map((g) => g.dataSync());
    const at = (h: Float32Array, k: Float32Array): number => tf.tidy(() => loss(tf.tensor2d(h, [1, 16]), tf.tensor1d(k)).dataSync()[0] as number);
    const numeric = (f: (delta: number) => number): number => {
      const central = (h: number): number => (f(h) - f(-h)) / (2 * h);
      return (4 * central(5e-3) - central(1e-2)) / 3;
    };
    const check = (exact: number, approx: number): void => expect(Math.abs(exact - approx)).toBeLessThanOrEqual(3e-2 * Math.max(Math.abs(exact), Math.abs(approx)) + 2e-3);
    check(dKeep?.[0] as number, numeric((delta) => at(hidden, Float32Array.from([0.6 + delta]))));
    for (const c of [0, 5, 12]) check(dHidden?.[c] as number, numeric((delta) => at(hidden.map((v, i) => (i === c ? v + delta : v)), keep)));
    model.dispose();
  });

  it('rejects a bad config with CONFIG_INVALID naming the field', () => {
    const bad = SasrecModel.create({ itemCount: 0, maxLength: LENGTH, architecture: LARGE });
    expect(E.isLeft(bad) && bad.left.code).toBe('CONFIG_INVALID');
    expect(E.isLeft(bad) && bad.left.message).toMatch(/itemCount/);
    const heads = SasrecModel.create({ itemCount: ITEMS, maxLength: LENGTH, architecture: { ...LARGE, attentionWidth: 15 } });
    expect(E.isLeft(heads) && heads.left.message).toMatch(/attentionWidth/);
  });
});
