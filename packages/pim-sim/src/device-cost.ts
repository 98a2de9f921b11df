/**
 * The resource that bounds an operator's latency on its device: `compute` (FLOP/s ceiling), `memory`
 * (DRAM bandwidth: the host's, or a DRAM-PIM device's internal bandwidth), `channel` (the DRAM-PIM results
 * crossing the memory channel), `crossbar-reads` and `adc` (the analog read or the ADC conversions of a
 * bit-serial crossbar cycle), `digital` (a ReRAM chip's digital units), `interface` (activations into and
 * out of the ReRAM chip), `crossbar-writes` (reprogramming weights that do not stay resident), `none` (no work).
 */
export type BoundBy = 'none' | 'compute' | 'memory' | 'channel' | 'crossbar-reads' | 'adc' | 'digital' | 'interface' | 'crossbar-writes';

/** What one device model returns for one operator. Area is the PIM silicon the operator occupies (0 on the host). */
export interface DeviceCost {
  readonly latencySeconds: number;
  readonly energyJoules: number;
  readonly areaSquareMillimetres: number;
  readonly boundBy: BoundBy;
}
