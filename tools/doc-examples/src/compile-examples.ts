import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ts from 'typescript';
import type { DocExample } from './extract-examples.js';

/** An example written out as a module of the generated project. */
export interface GeneratedExample extends DocExample {
  /** `packages-core-README-L12`: unique, from the markdown file and line. */
  readonly id: string;
  readonly sourcePath: string;
  /** The compiled module node runs. */
  readonly outputPath: string;
}

export interface CompileResult {
  readonly examples: readonly GeneratedExample[];
  /** `file.md:line:column TS1234 message`, one per problem; empty when every block type-checks. */
  readonly diagnostics: readonly string[];
  /** The diagnostics of each example that has any, by example id. */
  readonly byExample: ReadonlyMap<string, readonly string[]>;
}

const idOf = (example: DocExample): string =>
  `${example.file.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-')}-L${example.line}`;

/**
 * Writes each example as `src/<id>.ts` of a generated project under `generatedDir` (its lines are the block's
 * lines, mapped back to the markdown by `lineNumbers`) and a tsconfig that extends the workspace's strict
 * tsconfig.base.json without the `@recnas/source` condition, so `@recnas/*` resolve through their exports
 * maps to the built dist, as they do for a user.
 */
export function writeGeneratedProject(examples: readonly DocExample[], generatedDir: string, baseConfig: string): GeneratedExample[] {
  rmSync(generatedDir, { recursive: true, force: true });
  mkdirSync(join(generatedDir, 'src'), { recursive: true });
  const config = {
    extends: relative(generatedDir, baseConfig).split(sep).join('/'),
    compilerOptions: {
      customConditions: [],
      rootDir: 'src',
      outDir: 'dist',
      noEmit: false,
      declaration: false,
      declarationMap: false,
      sourceMap: true,
    },
    include: ['src'],
  };
  writeFileSync(join(generatedDir, 'tsconfig.json'), `${JSON.stringify(config, null, 2)}\n`);
  return examples.map((example) => {
    const id = idOf(example);
    const sourcePath = join(generatedDir, 'src', `${id}.ts`);
    // `export {}` keeps a block without imports a module (top-level await, no shared globals between blocks).
    writeFileSync(sourcePath, `${example.code}export {};\n`);
    return { ...example, id, sourcePath, outputPath: join(generatedDir, 'dist', `${id}.js`) };
  });
}

/** Type-checks and emits the generated project; diagnostics point at the markdown file and line. */
export function compileGeneratedProject(generatedDir: string, examples: readonly GeneratedExample[], root: string): CompileResult {
  const bySource = new Map(examples.map((example) => [ts.sys.resolvePath(example.sourcePath), example]));
  const parsed = ts.getParsedCommandLineOfConfigFile(join(generatedDir, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  });
  if (parsed === undefined) throw new Error(`cannot read ${join(generatedDir, 'tsconfig.json')}`);
  const program = ts.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const problems = [...parsed.errors, ...ts.getPreEmitDiagnostics(program), ...program.emit().diagnostics];
  const byExample = new Map<string, string[]>();
  const diagnostics = problems.map((diagnostic) => {
    const message = `TS${diagnostic.code} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    if (diagnostic.file === undefined || diagnostic.start === undefined) return message;
    const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
    const example = bySource.get(ts.sys.resolvePath(diagnostic.file.fileName));
    if (example === undefined) return `${relative(root, diagnostic.file.fileName)}:${line + 1}:${character + 1} ${message}`;
    const located = `${example.file}:${example.lineNumbers[line] ?? example.line}:${character + 1} ${message}`;
    byExample.set(example.id, [...(byExample.get(example.id) ?? []), located]);
    return located;
  });
  return { examples, diagnostics, byExample };
}
