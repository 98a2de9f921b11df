import { describe, expect, it } from 'vitest';
import { bestFeasible, type Evaluation } from '../src/index.js';

const history: Evaluation[] = [
  { archHash: 'a', objectives: { loss: 0.4399, flops: 2.2e6 } },
  { archHash: 'b', objectives: { loss: 0.4408, flops: 1.45e6 } },
  { archHash: 'c', objectives: { loss: 0.4413, flops: 1.2e6 } },
  { archHash: 'd', objectives: { flops: 1e6 } },
];

describe('bestFeasible', () => {
  it('returns the lowest loss among evaluations within every bound', () => {
    expect(bestFeasible(history, [])?.archHash).toBe('a');
    expect(bestFeasible(history, [{ objective: 'flops', max: 2e6 }])?.archHash).toBe('b');
    expect(bestFeasible(history, [{ objective: 'flops', max: 1.3e6 }])?.archHash).toBe('c');
  });

  it('returns undefined when nothing is feasible and honours another primary objective', () => {
    expect(bestFeasible(history, [{ objective: 'flops', max: 1e5 }])).toBeUndefined();
    expect(bestFeasible(history, [{ objective: 'latencySeconds', max: 1 }])).toBeUndefined();
    expect(bestFeasible(history, [], 'flops')?.archHash).toBe('d');
  });
});
