/**
 * One ADC design point: `bits` of resolution, conversions per second, power in watts, area in um^2.
 * Energy per conversion is `powerWatts / sampleRatePerSecond` (one conversion per sample).
 */
export interface AdcFigures {
  readonly bits: number;
  readonly sampleRatePerSecond: number;
  readonly powerWatts: number;
  readonly areaSquareMicrometres: number;
  /** Where the figures come from; `interpolated` / `extrapolated` marks derived values. */
  readonly source: string;
}

/**
 * Published ADC design points, as tabulated in MNSIM 2.0 (thu-nics/MNSIM-2.0, MNSIM/Hardware_Model/ADC.py,
 * ADC_Choice 7, 4, 2 and 1), which cites the original designs. The 4-bit area is extrapolated (MNSIM lists
 * a placeholder 1,650 um^2 for that choice, larger than its 6-bit entry), scaling the 6-bit area by the
 * 6-to-8-bit ratio (1200 / 580) backwards.
 */
export const PUBLISHED_ADC_FIGURES: ReadonlyArray<AdcFigures> = [
  { bits: 4, sampleRatePerSecond: 1e9, powerWatts: 0.7e-3, areaSquareMicrometres: (580 * 580) / 1200, source: 'MNSIM 2.0 ADC.py choice 7 (power, rate); area extrapolated' },
  { bits: 6, sampleRatePerSecond: 1e9, powerWatts: 1.26e-3, areaSquareMicrometres: 580, source: 'MNSIM 2.0 ADC.py choice 4: area-efficient 1 GS/s 6-bit SAR ADC' },
  { bits: 8, sampleRatePerSecond: 1e9, powerWatts: 2e-3, areaSquareMicrometres: 1200, source: 'MNSIM 2.0 ADC.py choice 2: the ISAAC ADC (Shafiee et al., ISCA 2016)' },
  { bits: 10, sampleRatePerSecond: 1.5e9, powerWatts: 6.92e-3, areaSquareMicrometres: 1600, source: 'MNSIM 2.0 ADC.py choice 1: 10-bit 1.5 GS/s pipelined-SAR ADC, 14 nm' },
];

/** Lowest and highest ADC resolution the model prices, bits. */
export const ADC_BITS_RANGE = { min: 4, max: 10 } as const;

const geometricMean = (a: number, b: number): number => Math.sqrt(a * b);

function interpolate(low: AdcFigures, high: AdcFigures, bits: number): AdcFigures {
  return {
    bits,
    sampleRatePerSecond: geometricMean(low.sampleRatePerSecond, high.sampleRatePerSecond),
    powerWatts: geometricMean(low.powerWatts, high.powerWatts),
    areaSquareMicrometres: geometricMean(low.areaSquareMicrometres, high.areaSquareMicrometres),
    source: `interpolated (geometric mean of the ${low.bits}- and ${high.bits}-bit entries)`,
  };
}

/** The ADC figures for every resolution from 4 to 10 bits: published points, odd bits log-linearly between. */
export const ADC_FIGURES_BY_BITS: ReadonlyMap<number, AdcFigures> = new Map(
  PUBLISHED_ADC_FIGURES.flatMap((entry, index) => {
    const next = PUBLISHED_ADC_FIGURES[index + 1];
    return next === undefined ? [[entry.bits, entry] as const] : [[entry.bits, entry] as const, [entry.bits + 1, interpolate(entry, next, entry.bits + 1)] as const];
  }),
);
