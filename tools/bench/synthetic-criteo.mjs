#!/usr/bin/env node
// Writes a planted-teacher synthetic Criteo file (Kaggle TSV layout) with @recnas/data-loaders'
// generateSyntheticCriteo, and `<out>.teacher.json` beside it (base rate, Bayes-optimal LogLoss). The same
// rows and seed give a byte-identical file. Used for the co-design table (docs/decisions/0013) and the
// at-scale experiments. Usage: node tools/bench/synthetic-criteo.mjs --rows 200000 [--seed 2018] --out runs/data/synthetic-200k.tsv
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import * as E from 'fp-ts/lib/Either.js';
import { generateSyntheticCriteo } from '@recnas/data-loaders';

const { values } = parseArgs({ options: { rows: { type: 'string', default: '200000' }, seed: { type: 'string', default: '2018' }, out: { type: 'string' } } });
if (values.out === undefined) {
  process.stderr.write('usage: node tools/bench/synthetic-criteo.mjs --rows 200000 [--seed 2018] --out <file.tsv>\n');
  process.exit(2);
}
mkdirSync(dirname(values.out), { recursive: true });
const started = performance.now();
const result = await generateSyntheticCriteo(values.out, { rows: Number(values.rows), seed: Number(values.seed) });
if (E.isLeft(result)) {
  process.stderr.write(`${result.left.code}: ${result.left.message}\n`);
  process.exit(result.left.code === 'CONFIG_INVALID' ? 2 : 1);
}
process.stderr.write(`wrote ${values.out} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
process.stdout.write(`${JSON.stringify(result.right)}\n`);
