#!/usr/bin/env node
// Runs every `npm run recnas -- ...` line of the README's sh blocks against the built CLI, so the README's
// examples cannot rot (SPEC section 11). Lines continued with a trailing backslash are joined; arguments are
// split on spaces (the examples use no quoting). Output goes to a temp folder when an example writes `runs/`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]);
const commands = blocks
  .flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
  .map((line) => line.replace(/#.*$/, '').trim())
  .filter((line) => line.startsWith('npm run recnas -- '));
const scratch = mkdtempSync(join(tmpdir(), 'recnas-readme-'));
let failures = 0;
for (const command of commands) {
  const args = command.slice('npm run recnas -- '.length).split(/\s+/).map((arg) => arg.replace(/^runs\//, `${scratch}/`));
  const started = Date.now();
  const result = spawnSync(process.execPath, [join(root, 'packages', 'cli', 'dist', 'bin.js'), ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, RECNAS_BACKEND: 'wasm' } });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.status === 0) console.log(`readme example ok (${seconds} s): ${command}`);
  else {
    failures += 1;
    console.error(`readme example FAILED (exit ${result.status}): ${command}\n${result.stderr}`);
  }
}
rmSync(scratch, { recursive: true, force: true });
if (commands.length === 0) {
  console.error('readme example check: no `npm run recnas --` examples found');
  failures += 1;
}
process.exit(failures === 0 ? 0 : 1);
