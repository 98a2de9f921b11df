import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * One ```ts block of a markdown file, or a chain of them: a block preceded by `<!-- doc-example: continues -->`
 * is appended to the example before it (same file), so a walkthrough can build on earlier blocks.
 */
export interface DocExample {
  /** The markdown file, relative to the repository root, with `/` separators. */
  readonly file: string;
  /** 1-based line of the (first) block's first code line in that file. */
  readonly line: number;
  readonly code: string;
  /** The markdown line of each line of `code` (1-based), for error locations. */
  readonly lineNumbers: readonly number[];
  /** False when an explicit `<!-- doc-example: no-run: reason -->` marker precedes a block of the chain. */
  readonly run: boolean;
  readonly noRunReason?: string;
}

type Marker = { readonly kind: 'none' } | { readonly kind: 'continues' } | { readonly kind: 'no-run'; readonly reason: string };

/** The languages whose blocks are checked: the first word of the fence's info string. */
const TYPESCRIPT_INFO = new Set(['ts', 'typescript']);
const FENCE = /^( {0,3})(`{3,}|~{3,})\s*([^`\s]*)?.*$/;
const MARKER = /^<!--\s*doc-example:\s*(.*?)\s*-->$/;
const NO_RUN = /^no-run\s*:\s*(\S.*)$/;
const KNOWN_MARKERS = '"no-run: <reason>" or "continues"';

/** Thrown for a marker the checker does not understand, so a typo cannot silently skip a block. */
export class MarkerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MarkerError';
  }
}

/** The marker on the last non-blank line before `index`, if any. */
function markerBefore(lines: readonly string[], index: number, file: string): Marker {
  let previous = index - 1;
  while (previous >= 0 && (lines[previous] ?? '').trim() === '') previous -= 1;
  const match = MARKER.exec((lines[previous] ?? '').trim());
  if (match === null) return { kind: 'none' };
  const directive = match[1] ?? '';
  if (directive === 'continues') return { kind: 'continues' };
  const noRun = NO_RUN.exec(directive);
  if (noRun === null) throw new MarkerError(`${file}:${previous + 1}: unknown doc-example marker "${directive}"; use ${KNOWN_MARKERS}`);
  return { kind: 'no-run', reason: noRun[1] as string };
}

/** Appends a block to the example it continues. */
function chain(previous: DocExample, next: DocExample): DocExample {
  const merged = {
    ...previous,
    code: previous.code + next.code,
    lineNumbers: [...previous.lineNumbers, ...next.lineNumbers],
    run: previous.run && next.run,
  };
  const reason = previous.noRunReason ?? next.noRunReason;
  return reason === undefined ? merged : { ...merged, noRunReason: reason };
}

/** The ```ts blocks of one markdown text, in order, with their line numbers. */
export function extractExamples(markdown: string, file: string): DocExample[] {
  const lines = markdown.split(/\r?\n/);
  const examples: DocExample[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const open = FENCE.exec(lines[index] ?? '');
    if (open === null) continue;
    const [, indent = '', fence = '', info = ''] = open;
    let close = index + 1;
    const closing = new RegExp(`^ {0,3}${fence[0] === '`' ? '`' : '~'}{${fence.length},}\\s*$`);
    while (close < lines.length && !closing.test(lines[close] ?? '')) close += 1;
    if (TYPESCRIPT_INFO.has(info.toLowerCase())) {
      const marker = markerBefore(lines, index, file);
      const body = lines.slice(index + 1, close).map((line) => (line.startsWith(indent) ? line.slice(indent.length) : line.trimStart()));
      const example: DocExample = {
        file,
        line: index + 2,
        code: `${body.join('\n')}\n`,
        lineNumbers: body.map((_, offset) => index + 2 + offset),
        run: marker.kind !== 'no-run',
        ...(marker.kind === 'no-run' ? { noRunReason: marker.reason } : {}),
      };
      const previous = examples.at(-1);
      if (marker.kind !== 'continues') examples.push(example);
      else if (previous === undefined) throw new MarkerError(`${file}:${index + 1}: "continues" marks the first ts block of the file`);
      else examples[examples.length - 1] = chain(previous, example);
    }
    index = close;
  }
  return examples;
}

/** The markdown files whose examples are checked: the READMEs of the repository, packages and examples, and the guide. */
export function docFiles(root: string): string[] {
  const inFolder = (folder: string, pick: (name: string) => string | undefined): string[] =>
    existsSync(join(root, folder))
      ? readdirSync(join(root, folder))
          .sort()
          .flatMap((name) => {
            const path = pick(name);
            return path !== undefined && existsSync(join(root, path)) ? [path] : [];
          })
      : [];
  return [
    'README.md',
    ...inFolder('packages', (name) => `packages/${name}/README.md`),
    ...inFolder('examples', (name) => `examples/${name}/README.md`),
    ...inFolder('docs/guide', (name) => (name.endsWith('.md') ? `docs/guide/${name}` : undefined)),
  ];
}

/** Every example of every checked markdown file. */
export function collectExamples(root: string): DocExample[] {
  return docFiles(root).flatMap((file) => extractExamples(readFileSync(join(root, file), 'utf8'), file));
}
