import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { GeneratedExample } from './compile-examples.js';

export interface ExampleRun {
  readonly ok: boolean;
  readonly seconds: number;
  /** What went wrong, with generated-file locations rewritten to the markdown file and line. */
  readonly report: string;
}

export interface RunOptions {
  /** The repository root: the scratch folder links its data folders. */
  readonly root: string;
  readonly timeoutMs: number;
  /** Repository folders the examples read by relative path (e.g. `test-data`), linked into the scratch folder. */
  readonly linkedFolders: readonly string[];
}

/** Rewrites `…/src/<id>.ts:12:5` (stack traces through source maps) to `<file.md>:<line>:5`. */
function toMarkdownLocations(text: string, example: GeneratedExample): string {
  const name = basename(example.sourcePath).replace(/[.]/g, '\\.');
  return text.replace(
    new RegExp(`\\S*${name}:(\\d+)`, 'g'),
    (_, line: string) => `${example.file}:${example.lineNumbers[Number(line) - 1] ?? example.line}`,
  );
}

const tail = (text: string, lines: number): string => text.trimEnd().split('\n').slice(-lines).join('\n');

/**
 * Runs one compiled example with node in a fresh scratch folder (so `runs/...` paths never touch the
 * repository), where `linkedFolders` of the repository are symlinked for the examples' relative data paths.
 */
export function runExample(example: GeneratedExample, options: RunOptions): Promise<ExampleRun> {
  const scratch = mkdtempSync(join(tmpdir(), 'recnas-doc-example-'));
  for (const folder of options.linkedFolders) symlinkSync(join(options.root, folder), join(scratch, folder), 'dir');
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', example.outputPath], {
      cwd: scratch,
      env: { ...process.env, NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      rmSync(scratch, { recursive: true, force: true });
      const seconds = (Date.now() - started) / 1000;
      const why = signal === 'SIGKILL' ? `timed out after ${options.timeoutMs / 1000} s` : `exited with ${code ?? signal}`;
      const report = `${example.file}:${example.line} ${why}\n${toMarkdownLocations(tail(output, 40), example)}`;
      resolve({ ok: code === 0, seconds, report });
    });
  });
}
