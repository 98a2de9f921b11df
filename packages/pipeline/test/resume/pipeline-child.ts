import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The child script: the built pipeline on a tiny config, one JSON line per pipeline event on stdout. */
const CHILD_SCRIPT = fileURLToPath(new URL('./fixtures/run-child.mjs', import.meta.url));
const BUILT_PIPELINE = fileURLToPath(new URL('../../dist/index.js', import.meta.url));

/** A line the child printed: a pipeline event, or `{ kind: 'finished' }` at the end. */
export interface ChildEvent {
  readonly kind: string;
  readonly stage?: string;
  readonly done?: number;
  readonly total?: number;
  readonly resumed?: boolean;
}

export interface ChildOutcome {
  readonly events: ReadonlyArray<ChildEvent>;
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Whether the test's SIGKILL was sent (the kill point was reached). */
  readonly killed: boolean;
  readonly stderr: string;
}

export interface ChildRun {
  readonly out: string;
  /** The data file (the env var RECNAS_TEST_DATA of the child). */
  readonly data: string;
  readonly resume?: boolean;
  /** SIGKILLs the child as soon as it prints an event for which this is true. */
  readonly killWhen?: (event: ChildEvent) => boolean;
}

/** The child imports dist/: the test builds nothing itself (nx runs `build` before `test`). */
export function assertPipelineBuilt(): void {
  if (!existsSync(BUILT_PIPELINE)) {
    throw new Error(`${BUILT_PIPELINE} is missing: build @recnas/pipeline (and its dependencies) first, e.g. \`nx run-many -t build\``);
  }
}

/**
 * Runs the child to its end, or until `killWhen` matches an event; then sends SIGKILL right away (no
 * sleeps: the kill point is a line on stdout) and waits for the process to exit.
 */
export function runChild(run: ChildRun): Promise<ChildOutcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD_SCRIPT, run.out, ...(run.resume === true ? ['--resume'] : [])], {
      env: { ...process.env, RECNAS_TEST_DATA: run.data },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const events: ChildEvent[] = [];
    let killed = false;
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (killed) return;
      const event = JSON.parse(line) as ChildEvent;
      events.push(event);
      if (run.killWhen?.(event) === true) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('error', reject);
    // 'close' comes after stdout ended, so every line printed before the exit has been seen.
    child.on('close', (code, signal) => resolve({ events, code, signal, killed, stderr }));
  });
}

/** Complete lines of a JSON-lines file (a line cut by the kill has no newline and is not counted). */
export function completeLines(path: string): string[] {
  if (!existsSync(path)) return [];
  const text = readFileSync(path, 'utf8');
  return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter((line) => line !== '');
}

export function readJson<A>(path: string): A {
  return JSON.parse(readFileSync(path, 'utf8')) as A;
}
