import { RecnasError } from '@recnas/core';
import { readJsonFile, resumedConfig } from './run-config-source.js';

/** Which pipeline `recnas run` runs: the CTR (NASRec) one or the sequential (DNS-Rec) one. */
export type RunTask = 'ctr' | 'sequential';

const TASKS: ReadonlyArray<RunTask> = ['ctr', 'sequential'];

const taskIn = (json: unknown): unknown => (typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>)['task'] : undefined);

/**
 * The task of a `recnas run`: `--task` when given, else the config file's `"task"` (or the resumed run's),
 * else `ctr`. USAGE when `--task` is unknown or contradicts the config's `task`.
 */
export function runTaskOf(source: { readonly task?: string | undefined; readonly file?: string | undefined; readonly resumeFrom?: string | undefined }): RunTask {
  if (source.task !== undefined && !TASKS.includes(source.task as RunTask)) {
    throw new RecnasError('USAGE', `--task: expected one of ${TASKS.join(', ')}, got "${source.task}"`);
  }
  const json = source.file !== undefined ? readJsonFile(source.file) : source.resumeFrom !== undefined ? resumedConfig(source.resumeFrom) : undefined;
  const configured = taskIn(json);
  const fromConfig: RunTask | undefined = configured === 'sequential' ? 'sequential' : undefined;
  if (source.task !== undefined && fromConfig !== undefined && source.task !== fromConfig) {
    throw new RecnasError('USAGE', `--task ${source.task} contradicts "task": "${fromConfig}" in ${source.file ?? source.resumeFrom}`);
  }
  return (source.task as RunTask | undefined) ?? fromConfig ?? 'ctr';
}
