import * as t from 'io-ts';
import { PositiveNumberCodec, RecnasError, strictType, type SequentialArchitecture, type SequentialSpace } from '@recnas/core';
import { tf } from '@recnas/engine';
import { sequentialCostWith, type CostArithmetic, type GenericCost, type SequentialCost } from '@recnas/operators';

/** What DNS-Rec's resource constraint measures: FLOPs per sequence, host latency (s) or host energy (J). */
export const SequentialCostKindCodec = t.keyof({ flops: null, latency: null, energy: null }, 'SequentialCostKind');
export type SequentialCostKind = t.TypeOf<typeof SequentialCostKindCodec>;

/**
 * A host roofline to turn FLOPs and bytes into seconds and joules (the caller takes it from
 * `@recnas/pim-sim`'s host presets): per stage `max(flops / peak, bytes / bandwidth)` seconds and
 * `flops * joulesPerFlop + bytes * joulesPerByte` joules.
 */
export const HostCostModelCodec = strictType(
  { peakFlopsPerSecond: PositiveNumberCodec, memoryBytesPerSecond: PositiveNumberCodec, joulesPerFlop: PositiveNumberCodec, joulesPerByte: PositiveNumberCodec },
  'HostCostModel',
);
export type HostCostModel = t.TypeOf<typeof HostCostModelCodec>;

/** The data sizes a sequential cost depends on. */
export interface SequentialCostSizes {
  readonly sequenceLength: number;
  readonly itemCount: number;
}

interface Arithmetic<Value> extends CostArithmetic<Value> {
  readonly max: (a: Value, b: Value) => Value;
}

const NUMBERS: Arithmetic<number> = { constant: (v) => v, add: (a, b) => a + b, mul: (a, b) => a * b, max: Math.max };
const TENSORS: Arithmetic<tf.Scalar> = {
  constant: (v) => tf.scalar(v),
  add: (a, b) => tf.add(a, b),
  mul: (a, b) => tf.mul(a, b),
  max: (a, b) => tf.maximum(a, b),
};

/** The stages a latency or energy is summed over: embedding, each layer's attention and FFN, scoring. */
function stagesOf<Value>(cost: SequentialCost<Value>): GenericCost<Value>[] {
  return [cost.embedding, ...cost.perLayer.flatMap((layer) => [layer.attention, layer.ffn]), cost.scoring];
}

function resourceOf<Value>(math: Arithmetic<Value>, cost: SequentialCost<Value>, kind: SequentialCostKind, host: HostCostModel | undefined): Value {
  if (kind === 'flops') return cost.flops;
  if (host === undefined) throw new RecnasError('CONFIG_INVALID', `a ${kind} constraint needs a host cost model (peak FLOP/s, bandwidth, joules per FLOP and per byte)`);
  const c = math.constant;
  const perStage = stagesOf(cost).map((stage) =>
    kind === 'latency'
      ? math.max(math.mul(stage.flops, c(1 / host.peakFlopsPerSecond)), math.mul(stage.bytesMoved, c(1 / host.memoryBytesPerSecond)))
      : math.add(math.mul(stage.flops, c(host.joulesPerFlop)), math.mul(stage.bytesMoved, c(host.joulesPerByte))),
  );
  return perStage.reduce((total, value) => math.add(total, value), c(0));
}

/** The FLOPs (per sequence), latency (s) or energy (J) of a compact architecture. */
export function sequentialResource(arch: SequentialArchitecture, sizes: SequentialCostSizes, kind: SequentialCostKind, host?: HostCostModel): number {
  const cost = sequentialCostWith(NUMBERS, { ...sizes, hiddenWidth: arch.hiddenWidth, attentionWidth: arch.attentionWidth, maxHeads: arch.maxHeads, layers: arch.layers });
  return resourceOf(NUMBERS, cost, kind, host);
}

const dot = (p: tf.Tensor1D, values: ReadonlyArray<number>): tf.Scalar => tf.sum(tf.mul(p, tf.tensor1d([...values]))) as tf.Scalar;

/**
 * DNS-Rec's expected cost: the same formula as `sequentialResource` at the expected sizes of the
 * (batch-mean) choice probabilities, `E[hidden] = sum p w`, `E[heads]`, `E[ffn]` and each layer's keep
 * probability `P(l) = sum_{k > l} p_depth(k)` scaling its cost. Exact at one-hot probabilities;
 * differentiable in the probabilities. Call inside tf.tidy.
 */
export function expectedSequentialResource(
  space: SequentialSpace,
  meanProbabilities: ReadonlyMap<string, tf.Tensor1D>,
  sizes: SequentialCostSizes,
  kind: SequentialCostKind,
  host?: HostCostModel,
): tf.Scalar {
  const group = (name: string): tf.Tensor1D => {
    const found = meanProbabilities.get(name);
    if (found === undefined) throw new RecnasError('INVARIANT', `expected cost: no probabilities for group ${name}`);
    return found;
  };
  const counts = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
  const depth = group('depth');
  const layers = Array.from({ length: space.maxLayers }, (_, layer) => ({
    keep: tf.sum(tf.slice(depth, [layer], [-1])) as tf.Scalar,
    heads: dot(group(`heads.${layer}`), counts(space.maxHeads)),
    ffnWidth: dot(group(`ffn.${layer}`), space.ffnWidths),
  }));
  const cost = sequentialCostWith(TENSORS, {
    ...sizes,
    hiddenWidth: dot(group('hidden'), space.hiddenWidths),
    attentionWidth: space.attentionWidth,
    maxHeads: space.maxHeads,
    layers,
  });
  return resourceOf(TENSORS, cost, kind, host);
}
