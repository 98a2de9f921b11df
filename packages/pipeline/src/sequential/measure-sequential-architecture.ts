import * as E from 'fp-ts/lib/Either.js';
import { RecnasError, decodeSequentialArchitecture, sequentialArchHash, type SequentialArchitecture } from '@recnas/core';
import { sequentialCost } from '@recnas/operators';

/** The data sizes a sequential architecture's cost depends on. */
export interface SequentialMeasureSizes {
  /** Items that can be scored (the item table has one more row, the padding id 0). */
  readonly itemCount: number;
  /** Positions per sequence (the model's max length). */
  readonly sequenceLength: number;
}

/** What `recnas flops` prints for a sequential (SASRec-family) architecture. */
export interface SequentialArchitectureMeasurement {
  readonly archHash: string;
  readonly arch: SequentialArchitecture;
  readonly itemCount: number;
  readonly sequenceLength: number;
  readonly cost: {
    readonly flopsPerSequence: number;
    readonly params: number;
    readonly embeddingFlops: number;
    readonly perLayer: ReadonlyArray<{ readonly flops: number; readonly attentionFlops: number; readonly ffnFlops: number; readonly params: number }>;
    readonly scoringFlops: number;
  };
}

/** True when `json` looks like a sequential architecture (it has `layers`), not a CTR one. */
export function isSequentialArchitectureJson(json: unknown): boolean {
  return typeof json === 'object' && json !== null && 'layers' in json;
}

/**
 * FLOPs and parameters per sequence of a SASRec-family architecture (decision 0010's convention, the one
 * DNS-Rec's constraint and the run's `flopsPerSequence` use: a multiply-add is 2 FLOPs; the encoder over
 * `sequenceLength` positions plus scoring the last position against every item).
 */
export function measureSequentialArchitecture(json: unknown, sizes: SequentialMeasureSizes): E.Either<RecnasError, SequentialArchitectureMeasurement> {
  for (const [key, value] of Object.entries(sizes)) {
    if (!Number.isInteger(value) || value < 1) {
      return E.left(new RecnasError('USAGE', `${key} must be a positive integer, got ${String(value)}`, { [key]: value }));
    }
  }
  return E.map((arch: SequentialArchitecture): SequentialArchitectureMeasurement => {
    const cost = sequentialCost({ ...sizes, hiddenWidth: arch.hiddenWidth, attentionWidth: arch.attentionWidth, maxHeads: arch.maxHeads, layers: arch.layers });
    return {
      archHash: sequentialArchHash(arch),
      arch,
      itemCount: sizes.itemCount,
      sequenceLength: sizes.sequenceLength,
      cost: {
        flopsPerSequence: cost.flops,
        params: cost.params,
        embeddingFlops: cost.embedding.flops,
        perLayer: cost.perLayer.map((layer) => ({ flops: layer.flops, attentionFlops: layer.attention.flops, ffnFlops: layer.ffn.flops, params: layer.params })),
        scoringFlops: cost.scoring.flops,
      },
    };
  })(decodeSequentialArchitecture(json));
}
