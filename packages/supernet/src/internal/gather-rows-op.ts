import { tf } from '@recnas/engine';

/**
 * `x[rows]` for `x [n, d]` and distinct-or-not row indices, differentiable in x with the gradient scattered
 * back in one pass (tfjs's stock UnsortedSegmentSum, the gradient of tf.gather, loops over every segment:
 * O(n x rows x d), which made a CE step over thousands of positions take seconds).
 */
export function gatherRowsOp(x: tf.Tensor2D, rows: Int32Array): tf.Tensor2D {
  const [n = 0, d = 0] = x.shape;
  const gather = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [input] = args as [tf.Tensor2D];
    return {
      value: tf.gather(input, tf.tensor1d(rows, 'int32')) as tf.Tensor2D,
      gradFunc: (dy) => {
        const values = (dy as tf.Tensor).dataSync() as Float32Array;
        const grad = new Float32Array(n * d);
        for (let i = 0; i < rows.length; i++) {
          const to = (rows[i] as number) * d;
          const from = i * d;
          for (let c = 0; c < d; c++) grad[to + c] = (grad[to + c] as number) + (values[from + c] as number);
        }
        return tf.tensor2d(grad, [n, d], 'float32');
      },
    };
  });
  return gather(x) as tf.Tensor2D;
}
