import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { backendPreferenceOrder, parseBackendName } from '../src/index.js';

describe('backendPreferenceOrder', () => {
  it('prefers tfjs-node, then wasm, then cpu', () => {
    expect(backendPreferenceOrder).toEqual(['tensorflow', 'native', 'wasm', 'cpu']);
  });
});

describe('parseBackendName', () => {
  it('accepts every valid backend name', () => {
    for (const name of ['tensorflow', 'native', 'wasm', 'cpu']) {
      expect(parseBackendName(name, 'RECNAS_BACKEND')).toEqual(E.right(name));
    }
  });

  it('rejects an unknown name with a CONFIG_INVALID error that lists the valid names', () => {
    const result = parseBackendName('gpu', 'RECNAS_BACKEND');
    expect(E.isLeft(result)).toBe(true);
    if (E.isLeft(result)) {
      expect(result.left.code).toBe('CONFIG_INVALID');
      expect(result.left.message).toBe('RECNAS_BACKEND: expected one of tensorflow, native, wasm, cpu, got "gpu"');
      expect(result.left.details).toMatchObject({ value: 'gpu', valid: ['tensorflow', 'native', 'wasm', 'cpu'] });
    }
  });

  it('rejects names that differ only in case', () => {
    expect(E.isLeft(parseBackendName('WASM', 'options.backend'))).toBe(true);
  });
});
