import { RecnasError, type SequentialSpace } from '@recnas/core';
import { tf } from '@recnas/engine';
import type { SequentialGates } from './sasrec-model.js';

/** `[n, width]` 0/1 matrix: row i keeps the channels (or units) option i keeps. */
function keepMatrix(keeps: ReadonlyArray<number>, width: number): tf.Tensor2D {
  const values = new Float32Array(keeps.length * width);
  keeps.forEach((kept, row) => values.fill(1, row * width, row * width + Math.min(kept, width)));
  return tf.tensor2d(values, [keeps.length, width]);
}

function groupOf(probabilities: ReadonlyMap<string, tf.Tensor2D>, name: string): tf.Tensor2D {
  const found = probabilities.get(name);
  if (found === undefined) throw new RecnasError('INVARIANT', `soft gates: no probabilities for group ${name}`);
  return found;
}

/**
 * DNS-Rec's soft masks (docs/decisions/0010-dns-rec.md) from per-example choice probabilities
 * (`[B or 1, n]` per group): layer l is kept with `sum_{k > l} p_depth(k)`, head h with
 * `sum_{k > h} p_heads(k)`, FFN / hidden channel c with `sum_{w > c} p(w)`. One-hot probabilities give
 * the hard 0/1 masks of one architecture. Differentiable; call inside tf.tidy.
 */
export function softGatesOf(space: SequentialSpace, probabilities: ReadonlyMap<string, tf.Tensor2D>): SequentialGates {
  const maxHidden = Math.max(...space.hiddenWidths);
  const maxFfn = Math.max(...space.ffnWidths);
  const counts = (n: number): number[] => Array.from({ length: n }, (_, i) => i + 1);
  const layerKeeps = tf.matMul(groupOf(probabilities, 'depth'), keepMatrix(counts(space.maxLayers), space.maxLayers));
  const layers = Array.from({ length: space.maxLayers }, (_, layer) => {
    const keep = tf.reshape(tf.slice(layerKeeps, [0, layer], [-1, 1]), [-1]);
    return {
      layerKeep: keep,
      headKeep: tf.matMul(groupOf(probabilities, `heads.${layer}`), keepMatrix(counts(space.maxHeads), space.maxHeads)),
      ffnMask: tf.matMul(groupOf(probabilities, `ffn.${layer}`), keepMatrix(space.ffnWidths, maxFfn)),
    };
  });
  return { hiddenMask: tf.matMul(groupOf(probabilities, 'hidden'), keepMatrix(space.hiddenWidths, maxHidden)), layers };
}

/**
 * The tensors of gates made by `softGatesOf`, flat (hidden mask, then each layer's keep, heads and FFN
 * mask): a form `tf.tidy` can return and `gatesOfTensors` turns back into gates.
 */
export function gateTensors(gates: SequentialGates): tf.Tensor[] {
  const layerTensors = (gates.layers ?? []).flatMap((layer) => (layer === undefined ? [] : [layer.layerKeep, layer.headKeep, layer.ffnMask]));
  return [gates.hiddenMask, ...layerTensors].filter((tensor): tensor is tf.Tensor => tensor !== undefined);
}

/** The inverse of `gateTensors` for gates of `layerCount` layers. */
export function gatesOfTensors(tensors: ReadonlyArray<tf.Tensor>, layerCount: number): SequentialGates {
  if (tensors.length !== 1 + 3 * layerCount) throw new RecnasError('INVARIANT', `soft gates: expected ${1 + 3 * layerCount} tensors, got ${tensors.length}`);
  const at = (i: number): tf.Tensor => tensors[i] as tf.Tensor;
  return {
    hiddenMask: at(0),
    layers: Array.from({ length: layerCount }, (_, layer) => ({ layerKeep: at(1 + 3 * layer), headKeep: at(2 + 3 * layer), ffnMask: at(3 + 3 * layer) })),
  };
}
