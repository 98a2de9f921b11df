import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGeneratedProject, writeGeneratedProject, type CompileResult } from '../src/compile-examples.js';
import { collectExamples, docFiles } from '../src/extract-examples.js';
import { runExample } from '../src/run-example.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..', '..');
const generatedDir = join(here, '..', '.generated');
const examples = collectExamples(root);
const generated = writeGeneratedProject(examples, generatedDir, join(root, 'tsconfig.base.json'));
const runnable = generated.filter((example) => example.run);
const EXAMPLE_TIMEOUT_MS = 180_000;
const packageReadmes = docFiles(root).filter((file) => file.startsWith('packages/'));
/** What every package README has besides its example (SPEC section 1 and the release checklist). */
const REQUIRED_SECTIONS = ['## Install', '## Place in the dependency direction'];

let compiled: CompileResult;
beforeAll(() => {
  compiled = compileGeneratedProject(generatedDir, generated, root);
}, 300_000);

describe('documentation examples', () => {
  it('gives every package README a runnable ts example', () => {
    expect(packageReadmes.filter((file) => !runnable.some((example) => example.file === file))).toEqual([]);
  });

  it('gives every package README an Install section and its place in the dependency direction', () => {
    const missing = packageReadmes.flatMap((file) => {
      const lines = readFileSync(join(root, file), 'utf8').split(/\r?\n/);
      return REQUIRED_SECTIONS.filter((heading) => !lines.includes(heading)).map((heading) => `${file}: no "${heading}" section`);
    });
    expect(missing).toEqual([]);
  });

  it('type-checks every ts block against the built packages', () => {
    if (compiled.diagnostics.length > 0) {
      throw new Error(`${compiled.diagnostics.length} type error(s) in documentation examples:\n${compiled.diagnostics.join('\n')}`);
    }
  });

  it.each(runnable.map((example) => [`${example.file}:${example.line}`, example] as const))(
    'runs %s',
    async (_, example) => {
      const typeErrors = compiled.byExample.get(example.id);
      if (typeErrors !== undefined) throw new Error(`not run: it does not type-check\n${typeErrors.join('\n')}`);
      const result = await runExample(example, { root, timeoutMs: EXAMPLE_TIMEOUT_MS, linkedFolders: ['test-data', 'examples'] });
      if (!result.ok) throw new Error(result.report);
    },
    EXAMPLE_TIMEOUT_MS + 10_000,
  );

  // Opted out with `<!-- doc-example: no-run: reason -->`: type-checked above, reported here as skipped.
  for (const example of generated.filter((candidate) => !candidate.run)) {
    it.skip(`runs ${example.file}:${example.line} (no-run: ${example.noRunReason ?? ''})`, () => undefined);
  }
});
