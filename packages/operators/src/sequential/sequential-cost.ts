import type { OperatorCost } from '../operator.js';
import { BYTES_PER_ELEMENT, LAYER_NORM_FLOPS_PER_ELEMENT, SOFTMAX_FLOPS_PER_ELEMENT } from '../internal/cost-terms.js';
import { GELU_FLOPS_PER_ELEMENT } from './gelu.js';

/**
 * One layer of `SequentialCostInput`: kept heads and FFN width, and `keep` (default 1), the probability the
 * layer is kept, which scales its cost (DNS-Rec's expected cost). Sizes may be expected, non-integer values.
 */
export interface SequentialLayerCostInput<Value = number> {
  readonly heads: Value;
  readonly ffnWidth: Value;
  readonly keep?: Value;
}

/**
 * What `sequentialCost` costs: a SASRec-style encoder over `sequenceLength` positions with a
 * `hiddenWidth`-wide residual stream, attention over `maxHeads` head slices of `attentionWidth / maxHeads`,
 * the layers, and scoring the last position against `itemCount` items. A `SequentialArchitecture` plus the
 * two data sizes fits; `hiddenWidth` and the layer sizes may be expected (non-integer) values.
 */
export interface SequentialCostInput<Value = number> {
  readonly sequenceLength: number;
  readonly itemCount: number;
  readonly hiddenWidth: Value;
  readonly attentionWidth: number;
  readonly maxHeads: number;
  readonly layers: ReadonlyArray<SequentialLayerCostInput<Value>>;
}

/** Cost of one layer, with its attention (projections, scores, softmax, output, residual + LN) and FFN parts. */
export interface SequentialLayerCost<Value = number> extends GenericCost<Value> {
  readonly attention: GenericCost<Value>;
  readonly ffn: GenericCost<Value>;
}

/** `OperatorCost` over any number type (numbers, or tensors for a differentiable expected cost). */
export interface GenericCost<Value = number> {
  readonly flops: Value;
  readonly params: Value;
  readonly bytesMoved: Value;
}

/**
 * Per-sequence cost of a SASRec-style model (decisions 0005 and 0010): totals, the embedding stage (item +
 * position lookups cost 0, their add and LayerNorm count), each layer, and scoring (last position against
 * every item, `2 itemCount d`). `params` counts the item table with its padding row.
 */
export interface SequentialCost<Value = number> extends GenericCost<Value> {
  readonly embedding: GenericCost<Value>;
  readonly perLayer: ReadonlyArray<SequentialLayerCost<Value>>;
  readonly scoring: GenericCost<Value>;
}

/** The arithmetic `sequentialCostWith` needs: numbers, or e.g. tfjs scalars for d(cost)/d(architecture). */
export interface CostArithmetic<Value> {
  readonly constant: (value: number) => Value;
  readonly add: (a: Value, b: Value) => Value;
  readonly mul: (a: Value, b: Value) => Value;
}

const NUMBERS: CostArithmetic<number> = { constant: (value) => value, add: (a, b) => a + b, mul: (a, b) => a * b };

/**
 * `sequentialCost` in any arithmetic (the formulas are polynomials in the sizes, so a tensor arithmetic
 * gives a differentiable expected cost). Units as `OperatorCost`: matmul 2mkn, elementwise 1, LayerNorm 5,
 * softmax 3, GELU 8 per element; bytes are float32 at each stage's boundary (inputs + params + outputs).
 */
export function sequentialCostWith<Value>(math: CostArithmetic<Value>, input: SequentialCostInput<Value>): SequentialCost<Value> {
  const c = math.constant;
  const sum = (...terms: Value[]): Value => terms.reduce((total, term) => math.add(total, term), c(0));
  const times = (...factors: Array<Value | number>): Value =>
    factors.reduce<Value>((product, factor) => math.mul(product, typeof factor === 'number' ? c(factor) : factor), c(1));
  const L = input.sequenceLength;
  const d = input.hiddenWidth;
  const headWidth = input.attentionWidth / input.maxHeads;
  const cost = (flops: Value, params: Value, inputs: Value, outputs: Value): GenericCost<Value> => ({
    flops,
    params,
    bytesMoved: times(BYTES_PER_ELEMENT, sum(inputs, params, outputs)),
  });
  const stream = times(L, d); // elements of the residual stream [L, d]
  const layerNormFlops = times(LAYER_NORM_FLOPS_PER_ELEMENT, stream);
  // A lookup reads L rows of the item table and L positions, not the whole table: bytes count those.
  const embedding = {
    flops: sum(stream, layerNormFlops),
    params: sum(times(input.itemCount + 1, d), stream, times(2, d)),
    bytesMoved: times(BYTES_PER_ELEMENT, sum(times(3, stream), times(2, d))),
  };
  const perLayer = input.layers.map((layer): SequentialLayerCost<Value> => {
    const a = times(layer.heads, headWidth); // inner width of the kept heads
    const scores = times(layer.heads, L * L);
    const attentionFlops = sum(
      times(3, sum(times(2, L, d, a), times(L, a))), // Q, K, V projections with bias
      times(2, L * L, a), // Q K^T over the kept heads
      times(2, scores), // 1 / sqrt(headWidth) scaling and the additive mask
      times(SOFTMAX_FLOPS_PER_ELEMENT, scores),
      times(2, L * L, a), // probabilities x V
      sum(times(2, L, a, d), stream), // output projection with bias
      sum(stream, layerNormFlops), // residual add + LayerNorm
    );
    const attentionParams = sum(times(4, a, d), times(3, a), d, times(2, d));
    const f = layer.ffnWidth;
    const ffnFlops = sum(
      sum(times(2, L, d, f), times(L, f)), // dense d -> f with bias
      times(GELU_FLOPS_PER_ELEMENT, L, f),
      sum(times(2, L, f, d), stream), // dense f -> d with bias
      sum(stream, layerNormFlops), // residual add + LayerNorm
    );
    const ffnParams = sum(times(2, d, f), f, d, times(2, d));
    const keep = layer.keep ?? c(1);
    const attention = cost(times(keep, attentionFlops), times(keep, attentionParams), times(keep, stream), times(keep, stream));
    const ffn = cost(times(keep, ffnFlops), times(keep, ffnParams), times(keep, stream), times(keep, stream));
    return {
      attention,
      ffn,
      flops: sum(attention.flops, ffn.flops),
      params: sum(attention.params, ffn.params),
      bytesMoved: sum(attention.bytesMoved, ffn.bytesMoved),
    };
  });
  const scoring = cost(times(2, input.itemCount, d), c(0), sum(d, times(input.itemCount, d)), c(input.itemCount));
  const parts = [embedding, ...perLayer, scoring];
  return {
    flops: sum(...parts.map((part) => part.flops)),
    params: sum(...parts.map((part) => part.params)),
    bytesMoved: sum(...parts.map((part) => part.bytesMoved)),
    embedding,
    perLayer,
    scoring,
  };
}

/**
 * FLOPs, parameters and bytes moved per sequence of a SASRec-style model over plain numbers (expected,
 * non-integer sizes allowed): see `SequentialCost` and `sequentialCostWith` for the convention.
 * @example
 * sequentialCost({ sequenceLength: 50, itemCount: 12101, hiddenWidth: 64, attentionWidth: 64, maxHeads: 2,
 *   layers: [{ heads: 2, ffnWidth: 256 }, { heads: 2, ffnWidth: 256 }] }).flops;
 */
export function sequentialCost(input: SequentialCostInput): SequentialCost & OperatorCost {
  return sequentialCostWith(NUMBERS, input);
}
