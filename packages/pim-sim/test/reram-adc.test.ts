import { describe, expect, it } from 'vitest';
import { ADC_FIGURES_BY_BITS, PUBLISHED_ADC_FIGURES } from '../src/index.js';

describe('ADC_FIGURES_BY_BITS', () => {
  it('holds MNSIM 2.0 ADC.py figures at 4, 6, 8 and 10 bits', () => {
    expect(PUBLISHED_ADC_FIGURES.map(({ bits, powerWatts, sampleRatePerSecond }) => [bits, powerWatts, sampleRatePerSecond])).toEqual([
      [4, 0.7e-3, 1e9],
      [6, 1.26e-3, 1e9],
      [8, 2e-3, 1e9],
      [10, 6.92e-3, 1.5e9],
    ]);
    expect(ADC_FIGURES_BY_BITS.get(8)?.areaSquareMicrometres).toBe(1200);
  });

  it('interpolates odd resolutions geometrically and covers 4 to 10 bits', () => {
    expect([...ADC_FIGURES_BY_BITS.keys()]).toEqual([4, 5, 6, 7, 8, 9, 10]);
    // sqrt(1.26 mW * 2 mW) = 1.587 mW
    expect(ADC_FIGURES_BY_BITS.get(7)?.powerWatts).toBeCloseTo(1.5875e-3, 6);
  });

  it('costs more energy per conversion and more area with every extra bit', () => {
    const figures = [...ADC_FIGURES_BY_BITS.values()];
    for (let i = 1; i < figures.length; i++) {
      const [low, high] = [figures[i - 1], figures[i]];
      if (low === undefined || high === undefined) throw new Error('unreachable');
      expect(high.areaSquareMicrometres).toBeGreaterThan(low.areaSquareMicrometres);
      expect(high.powerWatts / high.sampleRatePerSecond).toBeGreaterThan(low.powerWatts / low.sampleRatePerSecond);
    }
  });
});
