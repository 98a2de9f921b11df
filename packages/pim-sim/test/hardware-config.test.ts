import { describe, expect, it } from 'vitest';
import * as E from 'fp-ts/lib/Either.js';
import { DEFAULT_RERAM_PIM, DRAM_PIM_PRESETS, HARDWARE_PRESETS, HardwareConfigCodec, decodeHardwareConfig } from '../src/index.js';

const host = { preset: 'measured-2-threads', memoryBandwidthBytesPerSecond: 25.6e9 };

function messageOf(input: unknown): string {
  const decoded = decodeHardwareConfig(input);
  if (E.isRight(decoded)) throw new Error('expected a failure');
  expect(decoded.left.code).toBe('CONFIG_INVALID');
  return decoded.left.message;
}

describe('decodeHardwareConfig', () => {
  it('fills every omitted ReRAM and DRAM-PIM figure from the defaults', () => {
    const decoded = decodeHardwareConfig({ host, dramPim: {}, reramPim: { adcBits: 8 } });
    if (E.isLeft(decoded)) throw decoded.left;
    expect(decoded.right.reramPim).toEqual({ ...DEFAULT_RERAM_PIM, adcBits: 8 });
    expect(decoded.right.dramPim).toEqual(DRAM_PIM_PRESETS.rankLevel);
  });

  it('rejects bad values with their JSON paths', () => {
    const message = messageOf({ host: { ...host, memoryBandwidthBytesPerSecond: -1 }, reramPim: { adcBits: 12, crossbarSize: 0 }, dramPim: { units: 2.5 } });
    expect(message).toContain('host.memoryBandwidthBytesPerSecond: expected positive finite number, got -1');
    expect(message).toContain('reramPim.adcBits: expected integer in [4, 10], got 12');
    expect(message).toContain('reramPim.crossbarSize: expected integer in [1, 4096], got 0');
    expect(message).toContain('dramPim.units: expected integer in [1, 1000000], got 2.5');
  });

  it('rejects unknown keys, so that a misspelt figure is an error', () => {
    expect(messageOf({ host, reramPim: { adcBit: 6 } })).toContain('reramPim.adcBit: expected no such key (unknown key), got 6');
  });

  it('rejects a placement on a device the config does not have, with its path', () => {
    expect(messageOf({ host, placement: { byKind: { matrix: 'reram-pim' } } })).toContain(
      'placement.byKind.matrix: expected a configured device (add reramPim to the hardware config), got "reram-pim"',
    );
    expect(messageOf({ host, placement: { byOperatorId: { 'my-op': 'dram-pim' } } })).toContain('placement.byOperatorId.my-op: expected a configured device');
  });

  it('rejects a kind placed on a device that cannot run it', () => {
    expect(messageOf({ ...HARDWARE_PRESETS.naivePim, placement: { byKind: { attention: 'reram-pim' } } })).toContain(
      'placement.byKind.attention: expected a device that runs attention operators (host), got "reram-pim"',
    );
  });

  it('rejects an unknown device name', () => {
    expect(messageOf({ host, placement: { byId: { 'block0.dense.linear-2d': 'gpu' } } })).toContain(
      'placement.byId.block0.dense.linear-2d: expected one of host, dram-pim, reram-pim, got "gpu"',
    );
  });
});

describe('HARDWARE_PRESETS', () => {
  it('are valid hardware configs that survive an encode / decode round trip', () => {
    for (const preset of [HARDWARE_PRESETS.hostOnly, HARDWARE_PRESETS.naivePim]) {
      expect(decodeHardwareConfig(JSON.parse(JSON.stringify(HardwareConfigCodec.encode(preset))))).toEqual(E.right(preset));
    }
  });
});
