// The shipped 7,200-row Criteo sample (test-data/criteo/train.csv) repeated to about `megabytes` MB in .bench/
// (git-ignored): a large Criteo-format input for the data workloads, written once and reused while its size matches.
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CRITEO_SAMPLE = join(root, 'test-data', 'criteo', 'train.csv');

/** The path of the repeated file (writing it first unless a file of that size is already there). */
export function repeatedCriteo(megabytes) {
  const sample = readFileSync(CRITEO_SAMPLE);
  const copies = Math.max(1, Math.round((megabytes * 1e6) / sample.length));
  const path = join(root, '.bench', `criteo-${copies}x.tsv`);
  if (existsSync(path) && statSync(path).size === copies * sample.length) return path;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, '');
  for (let copy = 0; copy < copies; copy++) appendFileSync(path, sample);
  return path;
}
