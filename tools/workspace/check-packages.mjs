#!/usr/bin/env node
// Proves every package under packages/ is independently installable: pack it (pnpm pack rewrites
// workspace:* ranges), install the tarball into an empty folder outside the workspace together with only
// the tarballs of the @recnas packages it declares (there is no registry for them yet), then import it
// from Node and type-check an import of it with TypeScript; publint --strict and Are the Types Wrong (esm-only
// profile) must be clean, and the packed CLI must run as installed. Needs the packages built (dist/).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const packagesDir = join(root, 'packages');
const only = process.argv.slice(2);

const manifests = new Map(
  readdirSync(packagesDir).map((dir) => [dir, JSON.parse(readFileSync(join(packagesDir, dir, 'package.json'), 'utf8'))]),
);
const dirByName = new Map([...manifests].map(([dir, manifest]) => [manifest.name, dir]));

function recnasClosure(dir, seen = new Set()) {
  if (seen.has(dir)) return seen;
  seen.add(dir);
  for (const dep of Object.keys(manifests.get(dir).dependencies ?? {})) {
    if (dirByName.has(dep)) recnasClosure(dirByName.get(dep), seen);
  }
  return seen;
}

const packDir = mkdtempSync(join(tmpdir(), 'recnas-pack-'));
const tarballs = new Map();
for (const dir of manifests.keys()) {
  const out = execFileSync(bin('pnpm'), ['pack', '--pack-destination', packDir], { cwd: join(packagesDir, dir), encoding: 'utf8' });
  tarballs.set(dir, out.trim().split('\n').pop().trim());
}

// A tiny run config for the installed CLI: the whole pipeline in well under a minute.
const TINY_RUN = {
  supernet: { blocks: 2, denseWidths: [16], sparseWidths: [16], epochs: 1, batchSize: 128 },
  search: { strategy: 'random', randomBudget: 3, fineTuneSteps: 5, workers: 0 },
  retrain: { topK: 1, baselines: ['dnn'] },
};

/**
 * The installed `recnas` bin as a user meets it in an empty folder (issue 17): --help, doctor, a synthetic
 * sample at the embedded default's data path, and a whole (tiny) run on it whose --json summary parses.
 */
function installedCliProblems(consumer) {
  const recnas = (args) => spawnSync('npx', ['--no-install', 'recnas', ...args], { cwd: consumer, encoding: 'utf8' });
  const problems = [];
  const expectOk = (args, check = () => undefined) => {
    const result = recnas(args);
    if (result.status !== 0) problems.push(`recnas ${args.join(' ')} exited ${result.status}:\n${result.stderr}`);
    else {
      try {
        check(result.stdout);
      } catch (error) {
        problems.push(`recnas ${args.join(' ')}: ${error.message}`);
      }
    }
  };
  expectOk(['--help'], (out) => {
    if (!out.includes('Usage: recnas')) throw new Error('no usage text');
  });
  expectOk(['doctor']);
  expectOk(['synthetic-data', '--rows', '3000', '--out', 'test-data/criteo/train.csv']);
  writeFileSync(join(consumer, 'tiny-run.json'), JSON.stringify(TINY_RUN));
  expectOk(['run', 'tiny-run.json', '--out', 'runs/first', '--json'], (out) => {
    const summary = JSON.parse(out);
    if (summary.bestModel === undefined) throw new Error('the --json summary has no bestModel');
  });
  if (problems.length === 0) console.log('package check: the installed recnas bin runs --help, doctor, synthetic-data and a whole run');
  return problems;
}

/**
 * What a registry user's tools would complain about (issue 17): publint on the package as packed (--strict:
 * warnings fail too) and Are the Types Wrong on its tarball under the esm-only profile (the packages are
 * ESM-only by design, so CommonJS `require` is not a target). Returns the problems as text.
 */
function publishingProblems(dir, tarball) {
  const problems = [];
  const lint = spawnSync(bin('publint'), ['--strict'], { cwd: join(packagesDir, dir), encoding: 'utf8' });
  if (lint.status !== 0) problems.push(`publint --strict:\n${lint.stdout}${lint.stderr}`);
  const types = spawnSync(bin('attw'), [tarball, '--profile', 'esm-only', '--format', 'ascii'], { cwd: packDir, encoding: 'utf8' });
  if (types.status !== 0) problems.push(`attw --profile esm-only:\n${types.stdout}${types.stderr}`);
  return problems;
}

let failures = 0;
for (const dir of manifests.keys()) {
  if (only.length > 0 && !only.includes(dir)) continue;
  const name = manifests.get(dir).name;
  const consumer = mkdtempSync(join(tmpdir(), `recnas-consumer-${dir}-`));
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const files = [...recnasClosure(dir)].map((d) => tarballs.get(d));
  const install = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...files], {
    cwd: consumer,
    encoding: 'utf8',
  });
  const problems = publishingProblems(dir, tarballs.get(dir));
  if (install.status !== 0) problems.push(`npm install failed:\n${install.stderr}`);
  else {
    const load = spawnSync('node', ['--input-type=module', '-e', `const m = await import('${name}'); if (Object.keys(m).length === 0) throw new Error('no exports'); console.log(Object.keys(m).length);`], { cwd: consumer, encoding: 'utf8' });
    if (load.status !== 0) problems.push(`import failed:\n${load.stderr}`);
    writeFileSync(join(consumer, 'check.ts'), `import * as api from '${name}';\nexport const exported: readonly string[] = Object.keys(api);\n`);
    const compilerOptions = { noEmit: true, strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', skipLibCheck: true, types: [] };
    writeFileSync(join(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions, files: ['check.ts'] }));
    const types = spawnSync(bin('tsc'), ['-p', 'tsconfig.json'], { cwd: consumer, encoding: 'utf8' });
    if (types.status !== 0) problems.push(`type check failed:\n${types.stdout}${types.stderr}`);
    if (name === '@recnas/cli') problems.push(...installedCliProblems(consumer));
  }
  if (problems.length === 0) {
    console.log(`package check: ${name} installs alone, imports and type-checks; publint and attw are clean`);
    rmSync(consumer, { recursive: true, force: true });
  } else {
    failures += 1;
    console.error(`package check: ${name} FAILED (left in ${consumer})\n${problems.join('\n')}`);
  }
}
rmSync(packDir, { recursive: true, force: true });
process.exit(failures === 0 ? 0 : 1);
