// `node dist/main.js [config.json] [run-dir]`: runs the custom pipeline and prints its tables.
import { readFileSync } from 'node:fs';
import * as E from 'fp-ts/lib/Either.js';
import { createEngine } from '@recnas/engine';
import { runCustomPipeline } from './custom-pipeline.js';
import { formatCustomPipelineResult } from './format-result.js';

const [configPath, runDir = 'runs/custom-pipeline'] = process.argv.slice(2);
await createEngine().initBackend();
const config: unknown = configPath === undefined ? {} : JSON.parse(readFileSync(configPath, 'utf8'));
const result = await runCustomPipeline(config, { runDir });
if (E.isLeft(result)) {
  process.stderr.write(`${result.left.code}: ${result.left.message}\n`);
  process.exitCode = result.left.code === 'CONFIG_INVALID' ? 2 : 1;
} else {
  process.stdout.write(`${formatCustomPipelineResult(result.right)}\n`);
}
