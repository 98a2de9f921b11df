import { parseArgs, type ParseArgsConfig } from 'node:util';
import { RecnasError } from '@recnas/core';
import type { ExitCode } from './exit-codes.js';
import type { Terminal } from './progress.js';

/** One `recnas <name>` sub-command. The CLI decodes arguments and calls library functions; no logic here. */
export interface Command {
  readonly name: string;
  readonly summary: string;
  /** Full `--help` text. */
  readonly help: string;
  run(argv: ReadonlyArray<string>, terminal: Terminal): Promise<ExitCode>;
}

type Options = NonNullable<ParseArgsConfig['options']>;
type StrictConfig<O extends Options> = { args: string[]; options: O; allowPositionals: true; strict: true };

/** `parseArgs` in strict mode, with unknown options and missing values reported as USAGE errors. */
export function parseCommandArgs<O extends Options>(
  command: string,
  argv: ReadonlyArray<string>,
  options: O,
): ReturnType<typeof parseArgs<StrictConfig<O>>> {
  try {
    return parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (cause) {
    throw new RecnasError('USAGE', `recnas ${command}: ${(cause as Error).message} (see recnas ${command} --help)`, {}, { cause });
  }
}

/** The value of `--<option>` as a positive safe integer (digits only), or a USAGE error naming the option and the text. */
export function positiveIntegerOption(option: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value < 1) {
    throw new RecnasError('USAGE', `--${option}: expected a positive integer, got "${text}"`);
  }
  return value;
}
