import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Rng } from '@recnas/core';
import { afterAll, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));
const readme = readFileSync(join(here, '..', '..', 'README.md'), 'utf8');
const dataFile = join(here, `.readme-beauty-${process.pid}.txt`);
const exampleFile = join(here, `.readme-example-${process.pid}.ts`);

/** The ```ts block of the README's SASRec section. */
function sasrecExample(): string {
  const section = readme.slice(readme.indexOf('## SASRec'));
  const match = /```ts\n([\s\S]*?)```/.exec(section);
  if (match === null) throw new Error('README has no SASRec example');
  return match[1] as string;
}

/** A tiny Amazon-style user list: 80 users walking over 40 items (`user item item ...` per line). */
function writeTinyBeauty(): void {
  const rng = Rng.fromSeed(4);
  const lines = Array.from({ length: 80 }, (_, user) => {
    const start = rng.nextInt(40);
    return [user + 1, ...Array.from({ length: 4 + rng.nextInt(6) }, (_, k) => ((start + k) % 40) + 1)].join(' ');
  });
  writeFileSync(dataFile, `${lines.join('\n')}\n`);
}

describe('README SASRec example', () => {
  afterAll(() => {
    rmSync(dataFile, { force: true });
    rmSync(exampleFile, { force: true });
  });

  it('runs as written on a tiny file for 2 epochs', async () => {
    const example = sasrecExample();
    expect(example).toContain("'test-data/amazon-beauty/Beauty.txt'");
    expect(example).toContain('epochs: 200');
    writeTinyBeauty();
    const runnable = example.replace("'test-data/amazon-beauty/Beauty.txt'", JSON.stringify(dataFile)).replace('epochs: 200', 'epochs: 2');
    writeFileSync(exampleFile, `${runnable}\nexport {};\n`);
    const logged: string[] = [];
    const log = console.log;
    console.log = (...args: unknown[]) => void logged.push(args.join(' '));
    try {
      await import(exampleFile);
    } finally {
      console.log = log;
    }
    expect(logged.filter((line) => line.startsWith('epoch '))).toHaveLength(2);
    expect(logged.some((line) => /^best epoch \d+: HR@10 [\d.]+, NDCG@10 [\d.]+, MRR [\d.]+$/.test(line))).toBe(true);
  });
});
