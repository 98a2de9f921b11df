#!/usr/bin/env node
// Checks that the root npm script keeps stdout for the command's output (SPEC section 8): runs
// `node tools/workspace/run.mjs recnas flops --arch <fixture> --json`, which installs and builds the workspace
// first, and parses the whole of its stdout as one JSON document. Run by `npm test` after the tests, because
// the build it triggers rewrites dist/ folders that running tests read.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const arch = join(root, 'packages', 'supernet', 'test', 'fixtures', 'nasrec_best_criteo_full.json');
const result = spawnSync('node', [join(root, 'tools', 'workspace', 'run.mjs'), 'recnas', 'flops', '--arch', arch, '--json'], { cwd: root, encoding: 'utf8' });
const fail = (message) => {
  process.stderr.write(`[recnas] check-json-output: ${message}\n`);
  process.exit(1);
};
if (result.status !== 0) fail(`the command exited ${result.status}:\n${result.stderr}`);
let json;
try {
  json = JSON.parse(result.stdout);
} catch (error) {
  fail(`stdout is not one JSON document (${error.message}):\n${result.stdout.slice(0, 2000)}`);
}
if (typeof json?.cost?.flopsPerExample !== 'number') fail(`unexpected JSON: ${result.stdout.slice(0, 500)}`);
process.stderr.write(`[recnas] root script --json output is clean (flopsPerExample ${json.cost.flopsPerExample})\n`);
