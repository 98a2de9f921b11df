import { describe, expect, it } from 'vitest';
import { DEVICE_CAPABILITIES, canRun, deviceFor, type OperatorWorkload } from '../src/index.js';

const workload: OperatorWorkload = { id: 'block3.dense.my-op', operatorId: 'my-op', kind: 'matrix', flops: 1, params: 1, bytesMoved: 1 };

describe('deviceFor', () => {
  it('uses the most specific rule: byId, then byOperatorId, then byKind, else the host', () => {
    expect(deviceFor(undefined, workload)).toBe('host');
    expect(deviceFor({ byKind: { matrix: 'reram-pim' } }, workload)).toBe('reram-pim');
    expect(deviceFor({ byKind: { matrix: 'reram-pim' }, byOperatorId: { 'my-op': 'host' } }, workload)).toBe('host');
    expect(deviceFor({ byOperatorId: { 'my-op': 'host' }, byId: { 'block3.dense.my-op': 'reram-pim' } }, workload)).toBe('reram-pim');
  });

  it('does not read inherited object keys as operator ids', () => {
    expect(deviceFor({ byOperatorId: {} }, { ...workload, operatorId: 'constructor' })).toBe('host');
  });
});

describe('canRun', () => {
  it('lets the host run every kind and each PIM device only its own', () => {
    expect(DEVICE_CAPABILITIES.host).toEqual(['matrix', 'embedding-gather', 'elementwise', 'attention']);
    expect(canRun('reram-pim', 'matrix')).toBe(true);
    expect(canRun('reram-pim', 'attention')).toBe(false);
    expect(canRun('dram-pim', 'embedding-gather')).toBe(true);
    expect(canRun('dram-pim', 'matrix')).toBe(false);
  });
});
