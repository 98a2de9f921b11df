/** `ceil(numerator / denominator)` for non-negative integers. */
export function ceilDiv(numerator: number, denominator: number): number {
  return Math.ceil(numerator / denominator);
}
