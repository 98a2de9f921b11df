import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { decodeWith } from '@recnas/core';
import { OperatorWorkloadCodec, workloadProblem, type OperatorWorkload } from '../src/index.js';

const workload: OperatorWorkload = { id: 'block0.dense.linear-2d', operatorId: 'linear-2d', kind: 'matrix', flops: 10, params: 4, bytesMoved: 40 };

describe('OperatorWorkloadCodec', () => {
  it('decodes a workload with matrices and output bytes', () => {
    const input = { ...workload, matrices: [{ rows: 2, cols: 2, vectors: 1 }], outputBytes: 8 };
    expect(decodeWith(OperatorWorkloadCodec, input, 'workload')).toEqual(E.right(input));
  });

  it('rejects an unknown kind and negative work with their paths', () => {
    const decoded = decodeWith(OperatorWorkloadCodec, { ...workload, kind: 'conv', flops: -1, matrices: [{ rows: 1.5, cols: 1, vectors: 1 }] }, 'workload');
    if (E.isRight(decoded)) throw new Error('expected a failure');
    expect(decoded.left.message).toContain('kind: expected one of matrix, embedding-gather, elementwise, attention, got "conv"');
    expect(decoded.left.message).toContain('flops: expected non-negative finite number, got -1');
    expect(decoded.left.message).toContain('matrices[0].rows: expected non-negative integer, got 1.5');
  });
});

describe('workloadProblem', () => {
  it('accepts a well-formed workload', () => {
    expect(workloadProblem(workload)).toBeUndefined();
  });

  it('names the first bad field', () => {
    expect(workloadProblem({ ...workload, bytesMoved: Number.NaN })).toBe('bytesMoved: expected a finite non-negative number, got NaN');
    expect(workloadProblem({ ...workload, outputBytes: 41 })).toBe('outputBytes: expected at most bytesMoved (40), got 41');
    expect(workloadProblem({ ...workload, matrices: [{ rows: -1, cols: 1, vectors: 1 }] })).toContain('matrices[0]: expected non-negative integer');
  });
});
