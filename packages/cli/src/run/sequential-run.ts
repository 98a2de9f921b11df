import { join } from 'node:path';
import * as E from 'fp-ts/lib/Either.js';
import { createEngine } from '@recnas/engine';
import { describeSequentialDataLayout, runSequentialPipeline } from '@recnas/pipeline';
import { ExitCode } from '../exit-codes.js';
import type { Terminal } from '../progress.js';
import { recnasPackageVersions } from './package-versions.js';
import { pipelineProgress } from './pipeline-progress.js';
import { requireSequentialDataFile, resolveSequentialRunSource, type SequentialRunSource } from './sequential-run-source.js';
import { sequentialSummaryLines } from './sequential-summary-lines.js';
import { withNativeSpeedHint } from '../backend-speed.js';

/** `recnas run --task sequential`: decode the config, print a delimited log's layout, run, print the summary. */
export async function runSequentialTask(source: SequentialRunSource, out: string, options: { readonly resume: boolean; readonly json: boolean }, terminal: Terminal): Promise<ExitCode> {
  const config = resolveSequentialRunSource(source);
  requireSequentialDataFile(config);
  const layout = await describeSequentialDataLayout(config.data);
  if (E.isLeft(layout)) throw layout.left;
  terminal.err(`data: ${config.data.path} (format ${config.data.format})\n`);
  if (layout.right !== undefined) terminal.err(`data layout: ${layout.right}\n`);
  terminal.err(`run directory: ${out}\n`);
  const backend = await createEngine({ logger: withNativeSpeedHint((line) => terminal.err(`${line}\n`)) }).initBackend();
  const summary = await runSequentialPipeline(config, {
    out,
    resume: options.resume,
    manifest: { ...recnasPackageVersions(), backend: backend.name, createdAt: new Date().toISOString() },
    onEvent: pipelineProgress(terminal),
  });
  if (E.isLeft(summary)) throw summary.left;
  terminal.err(sequentialSummaryLines(summary.right, join(out, 'report.html')));
  if (options.json) terminal.out(`${JSON.stringify(summary.right)}\n`);
  return ExitCode.ok;
}
