import { RecnasError } from '@recnas/core';

/** A non-negative integer option value (`--seed 7`, `--workers 0`), or undefined when absent; USAGE otherwise. */
export function nonNegativeIntegerOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < 0) {
    throw new RecnasError('USAGE', `--${name}: expected a non-negative integer, got "${text}"`);
  }
  return value;
}
