import { describe, expect, it } from 'vitest';
import { MarkerError, extractExamples } from '../src/extract-examples.js';

const markdown = [
  '# title', //                         1
  '', //                                2
  '```ts', //                           3
  "import { Rng } from '@recnas/core';", // 4
  '```', //                             5
  '```sh', //                           6
  'npm test', //                        7
  '```', //                             8
  '<!-- doc-example: no-run: needs a GPU -->', // 9
  '', //                                10
  '````typescript', //                  11
  '```', //                             12
  'const x = 1;', //                    13
  '````', //                            14
  '- item', //                          15
  '  ```ts title="x"', //               16
  '  const y = 2;', //                  17
  '  ```', //                           18
].join('\n');

describe('extractExamples', () => {
  it('returns each ts block with the markdown line of its first code line', () => {
    const examples = extractExamples(markdown, 'README.md');
    expect(examples.map((example) => [example.line, example.code])).toEqual([
      [4, "import { Rng } from '@recnas/core';\n"],
      [12, '```\nconst x = 1;\n'],
      [17, 'const y = 2;\n'],
    ]);
    expect(examples[1]?.lineNumbers).toEqual([12, 13]);
  });

  it('appends a block marked continues to the example before it', () => {
    const examples = extractExamples('```ts\nconst a = 1;\n```\ntext\n<!-- doc-example: continues -->\n```ts\nconsole.log(a);\n```\n', 'a.md');
    expect(examples).toHaveLength(1);
    expect(examples[0]?.code).toBe('const a = 1;\nconsole.log(a);\n');
    expect(examples[0]?.lineNumbers).toEqual([2, 7]);
    expect(() => extractExamples('<!-- doc-example: continues -->\n```ts\nx\n```\n', 'b.md')).toThrow('b.md:2: "continues" marks the first');
  });

  it('honours the no-run marker on the line before a block and keeps its reason', () => {
    const examples = extractExamples(markdown, 'README.md');
    expect(examples.map((example) => example.run)).toEqual([true, false, true]);
    expect(examples[1]?.noRunReason).toBe('needs a GPU');
  });

  it('rejects a marker without a reason or with an unknown directive', () => {
    expect(() => extractExamples('<!-- doc-example: no-run -->\n```ts\nx\n```\n', 'a.md')).toThrow(MarkerError);
    expect(() => extractExamples('<!-- doc-example: skip: why -->\n```ts\nx\n```\n', 'a.md')).toThrow('a.md:1: unknown doc-example marker');
  });
});
